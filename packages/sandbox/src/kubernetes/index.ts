/**
 * The emulated Kubernetes API of every sandbox EKS cluster, served over HTTPS
 * on 127.0.0.1 so that the real @kubernetes/client-node talks to it exactly as
 * to an EKS endpoint (server URL and CA from DescribeCluster, EKS bearer token).
 */
export { startKubernetesApi } from './server';
export { KubeStatusError } from './status';
export type {
  ClusterMeta,
  ClusterStoreView,
  KubeObject,
  KubernetesApi,
  KubernetesApiOptions,
  ObjectMeta,
  OwnerReference,
} from './types';
