import type { Sandbox } from '@pod-identity/sandbox';
import type { JsonObject } from '@backstage/types';

/**
 * The config a portal would have against this sandbox: static keys per
 * account under `aws.accounts`, discovery in every account × region that has
 * clusters, and the sandbox's endpoints. Nothing tells the plugin it is a sandbox.
 */
export function sandboxPluginConfig(
  sandbox: Sandbox,
  eksPodIdentity: JsonObject = {},
): JsonObject {
  const estate = sandbox.exportEstate();
  const [main] = sandbox.accounts;
  return {
    aws: {
      mainAccount: {
        accessKeyId: main.accessKeyId,
        secretAccessKey: main.secretAccessKey,
      },
      accounts: sandbox.accounts.map(a => ({
        accountId: a.accountId,
        accessKeyId: a.accessKeyId,
        secretAccessKey: a.secretAccessKey,
      })),
    },
    eksPodIdentity: {
      endpoints: sandbox.endpoints,
      discovery: estate.accounts
        .filter(a => (a.clusters ?? []).length > 0)
        .map(a => ({
          accountId: a.id,
          regions: [...new Set(a.clusters!.map(c => c.region))],
        })),
      ...eksPodIdentity,
    },
  };
}
