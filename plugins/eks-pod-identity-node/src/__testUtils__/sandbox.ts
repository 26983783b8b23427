import { ConfigReader } from '@backstage/config';
import { sandboxAwsConfig, type Sandbox } from '@pod-identity/sandbox';

/**
 * Config a Backstage backend would have against this sandbox: static keys
 * per account in `aws.accounts` and the sandbox's endpoints. Nothing else:
 * the plugins must not know it is a sandbox.
 */
export function sandboxConfig(
  sandbox: Sandbox,
  eksPodIdentity: Record<string, unknown> = {},
  options?: { accountIds?: string[] },
): ConfigReader {
  return new ConfigReader({
    aws: sandboxAwsConfig(sandbox, options?.accountIds),
    eksPodIdentity: {
      endpoints: sandbox.endpoints,
      requests: { maxAttempts: 20 },
      ...eksPodIdentity,
    },
  });
}
