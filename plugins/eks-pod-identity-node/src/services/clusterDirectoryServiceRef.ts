import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultEksGateway } from '../aws/EksGateway';
import {
  ClusterDirectory,
  DefaultClusterDirectory,
} from '../inventory/ClusterDirectory';
import { awsClientFactoryServiceRef } from './awsClientFactoryServiceRef';
import { eksPodIdentityConfigServiceRef } from './eksPodIdentityConfigServiceRef';

/**
 * The clusters of `eksPodIdentity.clusters` and discovery, as the scanner
 * reads them and the scaffolder actions resolve them: one account-region that
 * cannot be listed never hides the others.
 */
export const clusterDirectoryServiceRef = createServiceRef<ClusterDirectory>({
  id: 'eks-pod-identity.cluster-directory',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        settings: eksPodIdentityConfigServiceRef,
        clients: awsClientFactoryServiceRef,
      },
      factory: ({ settings, clients }) =>
        DefaultClusterDirectory.fromConfig(settings, {
          eks: new DefaultEksGateway(clients),
        }),
    }),
});
