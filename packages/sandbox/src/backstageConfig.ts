import type { EstateSeed, SandboxAccount } from './types';

/**
 * The `aws` config block a Backstage backend needs against a sandbox: the
 * first account's keys as `mainAccount` and static keys for every account
 * (the sandbox tells accounts apart by key). `accountIds` leaves the others
 * out, as a portal without credentials for them would be.
 */
export function sandboxAwsConfig(
  sandbox: { accounts: SandboxAccount[] },
  accountIds?: string[],
) {
  const accounts = sandbox.accounts.filter(
    a => !accountIds || accountIds.includes(a.accountId),
  );
  const [main] = accounts;
  return {
    mainAccount: {
      accessKeyId: main.accessKeyId,
      secretAccessKey: main.secretAccessKey,
    },
    accounts: accounts.map(a => ({
      accountId: a.accountId,
      accessKeyId: a.accessKeyId,
      secretAccessKey: a.secretAccessKey,
    })),
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
