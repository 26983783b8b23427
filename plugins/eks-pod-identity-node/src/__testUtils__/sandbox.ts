import { ConfigReader } from '@backstage/config';
import type { Sandbox } from '@pod-identity/sandbox';

/**
 * Config a Backstage backend would have against this sandbox: static keys
 * per account in `aws.accounts` (the sandbox tells accounts apart by key) and
 * the sandbox's endpoints. Nothing else: the plugins must not know it is a sandbox.
 */
export function sandboxConfig(
  sandbox: Sandbox,
  eksPodIdentity: Record<string, unknown> = {},
  options?: { accountIds?: string[] },
): ConfigReader {
  const accounts = sandbox.accounts.filter(
    a => !options?.accountIds || options.accountIds.includes(a.accountId),
  );
  return new ConfigReader({
    aws: {
      mainAccount: {
        accessKeyId: accounts[0].accessKeyId,
        secretAccessKey: accounts[0].secretAccessKey,
      },
      accounts: accounts.map(a => ({
        accountId: a.accountId,
        accessKeyId: a.accessKeyId,
        secretAccessKey: a.secretAccessKey,
      })),
    },
    eksPodIdentity: {
      endpoints: sandbox.endpoints,
      requests: { maxAttempts: 20 },
      ...eksPodIdentity,
    },
  });
}
