import {
  sandboxAwsConfig,
  sandboxDiscovery,
  type Sandbox,
} from '@pod-identity/sandbox';
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
  return {
    aws: sandboxAwsConfig(sandbox),
    eksPodIdentity: {
      endpoints: sandbox.endpoints,
      discovery: sandboxDiscovery(sandbox.exportEstate()),
      ...eksPodIdentity,
    },
  };
}
