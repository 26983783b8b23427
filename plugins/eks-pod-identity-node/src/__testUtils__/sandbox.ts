import { ConfigReader } from '@backstage/config';
import { sandboxAwsConfig, type Sandbox } from '@pod-identity/sandbox';

/**
 * Config a Backstage backend would have against this sandbox: per account
 * in `aws.accounts`, static keys acting as that account's `backstage-reader`
 * (held to exactly the shipped policies), or with `administrator` the
 * account's own keys; and the sandbox's endpoints. Nothing else: the plugins
 * must not know it is a sandbox.
 */
export function sandboxConfig(
  sandbox: Sandbox,
  eksPodIdentity: Record<string, unknown> = {},
  options?: { accountIds?: string[]; administrator?: boolean },
): ConfigReader {
  return new ConfigReader({
    aws: sandboxAwsConfig(sandbox, options?.accountIds, options),
    eksPodIdentity: {
      endpoints: sandbox.endpoints,
      requests: { maxAttempts: 20 },
      ...eksPodIdentity,
    },
  });
}
