import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { findPaths } from '@backstage/cli-common';
import { ConfigSources, StaticConfigSource } from '@backstage/config-loader';
import { BACKEND_ROLE_ARN, startSandbox } from '@pod-identity/sandbox';

/**
 * Root config for the embedded default: when `eksPodIdentity.sandbox.enabled`
 * is true, starts the AWS + Kubernetes sandbox on 127.0.0.1 before any plugin
 * reads config, and layers its endpoints and the sandbox account's keys over
 * the static config. The plugins only ever see ordinary config: they do not
 * know the sandbox is there.
 */
/**
 * The backend runs as `backstage-backend` (as it would with Pod Identity on
 * EKS) and assumes `backstage-reader` in each account, so the demo holds the
 * shipped trust and policies to AWS's rules; an estate without that role
 * falls back to the first account's administrator keys.
 */
function backendCredentials(
  sandbox: Awaited<ReturnType<typeof startSandbox>>,
): { accessKeyId: string; secretAccessKey: string } {
  try {
    return sandbox.credentialsAs(BACKEND_ROLE_ARN);
  } catch {
    return sandbox.credentialsFor(sandbox.accounts[0].accountId);
  }
}

export const sandboxRootConfigServiceFactory = createServiceFactory({
  service: coreServices.rootConfig,
  deps: {},
  async factory() {
    const source = ConfigSources.default({});
    const config = await ConfigSources.toConfig(source);
    const sandboxConfig = config.getOptionalConfig('eksPodIdentity.sandbox');
    if (!sandboxConfig?.getOptionalBoolean('enabled')) {
      return config;
    }
    config.close();

    const seed = sandboxConfig.getOptionalString('seed');
    const sandbox = await startSandbox({
      // Relative seed paths are relative to the repository root (the nearest
      // workspace root above the working directory), like the README says.
      seed: seed ? findPaths(process.cwd()).resolveTargetRoot(seed) : undefined,
      port: sandboxConfig.getOptionalNumber('port') ?? 0,
      kubernetesPort: sandboxConfig.getOptionalNumber('kubernetesPort') ?? 0,
      latencyMs: sandboxConfig.getOptionalNumber('latencyMs'),
      authorization: sandboxConfig.getOptionalBoolean('authorization'),
      consistencyDelayMs: sandboxConfig.getOptionalNumber('consistencyDelayMs'),
      enforceAccessEntries: sandboxConfig.getOptionalBoolean(
        'enforceAccessEntries',
      ),
    });
    // @backstage/integration-aws-node creates its STS clients without an
    // endpoint option; the SDK's service-specific endpoint variable is the
    // supported way to redirect them (the same one VPC-endpoint users set).
    process.env.AWS_ENDPOINT_URL_STS = sandbox.endpoints.sts;
    // The events backend's AWS SQS module builds its client with the SDK's
    // default credential chain: the backend's own keys, as on EKS.
    const credentials = backendCredentials(sandbox);
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    const { eventsQueue } = sandbox;

    const overlay = {
      aws: { mainAccount: credentials },
      eksPodIdentity: { endpoints: sandbox.endpoints },
      events: {
        modules: {
          awsSqs: {
            awsSqsConsumingEventPublisher: {
              topics: {
                'eks-pod-identity-cloudtrail': {
                  queue: {
                    url: eventsQueue.url,
                    region: eventsQueue.region,
                    endpoint: new URL(eventsQueue.url).origin,
                  },
                },
              },
            },
          },
        },
      },
    };
    console.log(
      `EKS Pod Identity sandbox: AWS on ${sandbox.endpoints.eks}, ${sandbox.accounts.length} accounts`,
    );
    return ConfigSources.toConfig(
      ConfigSources.merge([
        source,
        StaticConfigSource.create({
          data: overlay,
          context: 'eks-pod-identity-sandbox',
        }),
      ]),
    );
  },
});
