/*
 * The backend plugin and the scaffolder module in one backend share the
 * suite's root services: one AWS client factory, hence one client (and its
 * rate limiter) per AWS throttling bucket, instead of two limiters competing
 * for one bucket.
 */
import {
  createBackendModule,
  createServiceFactory,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  AwsClientFactory,
  awsClientFactoryServiceRef,
} from '@pod-identity/plugin-eks-pod-identity-node';
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import eksPodIdentityScaffolderModule from '@pod-identity/plugin-scaffolder-backend-module-eks-pod-identity';

const ACCOUNT = '111111111111';
const config = {
  aws: {
    accounts: [
      { accountId: ACCOUNT, accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    ],
  },
  eksPodIdentity: { clusters: [] },
};

/** Starts a backend with the service's default factory, recording which instance each plugin's modules get. */
async function start(features: BackendFeature[]) {
  const seen = new Map<string, AwsClientFactory>();
  const probe = (pluginId: string) =>
    createBackendModule({
      pluginId,
      moduleId: 'aws-clients-probe',
      register(env) {
        env.registerInit({
          deps: { clients: awsClientFactoryServiceRef },
          async init({ clients }) {
            seen.set(pluginId, clients);
          },
        });
      },
    });
  const backend = await startTestBackend({
    features: [
      ...features,
      probe('eks-pod-identity'),
      probe('scaffolder'),
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock(),
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return { backend, seen };
}

describe('root-scoped AWS clients', () => {
  it('are one factory for the backend plugin and the scaffolder module together', async () => {
    const { backend, seen } = await start([
      eksPodIdentityPlugin,
      scaffolderPlugin,
      eksPodIdentityScaffolderModule,
    ]);
    try {
      const clients = seen.get('eks-pod-identity');
      expect(clients).toBeInstanceOf(AwsClientFactory);
      expect(seen.get('scaffolder')).toBe(clients);
      // One client per account-region (IAM: per account), each carrying its bucket's limiter.
      if (!clients) throw new Error('no AWS client factory');
      expect(await clients.eks(ACCOUNT, 'eu-west-1')).toBe(
        await clients.eks(ACCOUNT, 'eu-west-1'),
      );
      expect(await clients.iam(ACCOUNT)).toBe(await clients.iam(ACCOUNT));
    } finally {
      await backend.stop();
    }
  });
});
