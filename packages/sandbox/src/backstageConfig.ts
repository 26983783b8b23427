import { READER_ROLE_NAME } from './estate/backendIdentities';
import { workloadCredentials } from './state/workloadKeys';
import type { EstateSeed, SandboxAccount } from './types';

/**
 * The `aws` config block a Backstage backend needs against a sandbox: in
 * every account, the keys of that account's `backstage-reader` session (the
 * identity the shipped reader and writer policies are attached to, so every
 * call is held to exactly those policies), the first as `mainAccount`.
 * `accountIds` leaves the others out, as a portal without credentials for
 * them would be. The sandbox must provision the backend's identities (its
 * default); the demo backend instead assumes the readers from
 * `backstage-backend`, as against AWS.
 */
export function sandboxAwsConfig(
  sandbox: { accounts: SandboxAccount[] },
  accountIds?: string[],
  options?: {
    /**
     * Each account's administrator keys instead, for tests of mechanics the
     * backend's policies deliberately do not allow (writing any role, say).
     */
    administrator?: boolean;
  },
) {
  const accounts = sandbox.accounts
    .filter(a => !accountIds || accountIds.includes(a.accountId))
    .map(a => ({
      accountId: a.accountId,
      ...(options?.administrator
        ? { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey }
        : workloadCredentials(
            `arn:aws:iam::${a.accountId}:role/${READER_ROLE_NAME}`,
          )),
    }));
  const [main] = accounts;
  return {
    mainAccount: {
      accessKeyId: main.accessKeyId,
      secretAccessKey: main.secretAccessKey,
    },
    accounts,
  };
}

/** `eksPodIdentity.discovery`: every account × region of the estate that has clusters. */
export function sandboxDiscovery(estate: EstateSeed) {
  return estate.accounts
    .filter(a => (a.clusters ?? []).length > 0)
    .map(a => ({
      accountId: a.id,
      regions: [...new Set(a.clusters!.map(c => c.region))],
    }));
}
