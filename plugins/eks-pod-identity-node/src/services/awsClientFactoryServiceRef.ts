import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { eksPodIdentityConfigServiceRef } from './eksPodIdentityConfigServiceRef';

/**
 * The AWS clients of the suite, one factory per backend process. AWS throttles
 * EKS per account-region and IAM per account, and each cached client carries
 * the rate limiter of its bucket; the backend plugin and the scaffolder module
 * sharing this factory share those limiters instead of competing for one
 * bucket with two.
 */
export const awsClientFactoryServiceRef = createServiceRef<AwsClientFactory>({
  id: 'eks-pod-identity.aws-clients',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        settings: eksPodIdentityConfigServiceRef,
        lifecycle: coreServices.rootLifecycle,
      },
      factory: ({ config, settings, lifecycle }) => {
        const clients = new AwsClientFactory({
          credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
          endpoints: settings.endpoints,
          maxAttempts: settings.requests.maxAttempts,
        });
        lifecycle.addShutdownHook(() => clients.destroy());
        return clients;
      },
    }),
});
