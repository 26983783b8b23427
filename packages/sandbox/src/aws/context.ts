import type { AccountState, SandboxState, SessionState } from '../state/model';

/** Who signed the request. */
export type Caller = {
  account: AccountState;
  accessKeyId: string;
  arn: string;
  userId: string;
  /** Set when the keys come from AssumeRole. */
  session?: SessionState;
};

/** What an operation handler gets besides its input. */
export type RequestContext = {
  state: SandboxState;
  caller: Caller;
  /** Region of the signature's credential scope. */
  region: string;
  requestId: string;
  /** Records the operation as a successful mutation; call it once the change is made. */
  mutated(details: {
    target?: string;
    cluster?: string;
    detail?: string;
  }): void;
};
