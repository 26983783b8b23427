import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { findPaths } from '@backstage/cli-common';
import { ConfigSources, StaticConfigSource } from '@backstage/config-loader';
import { startSandbox } from '@pod-identity/sandbox';

/**
 * Root config for the embedded default: when `eksPodIdentity.sandbox.enabled`
 * is true, starts the AWS + Kubernetes sandbox on 127.0.0.1 before any plugin
 * reads config, and layers its endpoints and the sandbox account's keys over
 * the static config. The plugins only ever see ordinary config: they do not
 * know the sandbox is there.
 */
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
    });
    // @backstage/integration-aws-node creates its STS clients without an
    // endpoint option; the SDK's service-specific endpoint variable is the
    // supported way to redirect them (the same one VPC-endpoint users set).
    process.env.AWS_ENDPOINT_URL_STS = sandbox.endpoints.sts;

    const [mainAccount] = sandbox.accounts;
    const overlay = {
      aws: {
        mainAccount: {
          accessKeyId: mainAccount.accessKeyId,
          secretAccessKey: mainAccount.secretAccessKey,
        },
      },
      eksPodIdentity: { endpoints: sandbox.endpoints },
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
