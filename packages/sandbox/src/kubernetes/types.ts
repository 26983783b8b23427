import type { KubernetesSeed, MutationLogEntry } from '../types';
import type { KubernetesUser } from './authorize';

export type Authenticated = KubernetesUser | boolean | undefined;

/** A JSON object as it travels over the wire. */
export type JsonObject = { [key: string]: unknown };

export type OwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
};

export type ObjectMeta = {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  generateName?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
};

/** A stored Kubernetes object (ServiceAccount, Pod, Deployment, ...). */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
};

/** Which emulated EKS cluster a Kubernetes API belongs to. */
export type ClusterMeta = {
  accountId: string;
  region: string;
  clusterName: string;
  /** Kubernetes minor version such as '1.31'; answered by /version. */
  version?: string;
};

/**
 * Read access to one cluster's objects, for tests and the estate export.
 * `resource` is the plural resource name: 'serviceaccounts', 'pods', 'deployments', ...
 */
export interface ClusterStoreView {
  list(resource: string, namespace?: string): KubeObject[];
  get(
    resource: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** The current state in seed form (pods owned by workloads are left to their workloads). */
  toSeed(): KubernetesSeed;
}

export type KubernetesApiOptions = {
  /** 0 or absent = ephemeral. */
  port?: number;
  host?: '127.0.0.1';
  /**
   * Who a bearer token (already known to start with `k8s-aws-v1.`) signs in
   * as on this cluster: a user whose requests are then authorized (see
   * authorize.ts), `true` for a user allowed everything, or false/undefined
   * for a token the cluster does not accept (401).
   */
  authenticate: (
    token: string,
    clusterKey: string,
  ) => Authenticated | Promise<Authenticated>;
  onMutation?: (entry: MutationLogEntry) => void;
  /**
   * Every call to a reachable cluster that names something served, answered
   * or refused: `list ServiceAccount`, `get Pod`, `create Namespace`, `patch
   * ServiceAccount`, `delete Deployment` (verbs as in the API server's audit
   * log: get, list, watch, create, update, patch, delete, deletecollection),
   * or `discovery` for /version, /api and /apis.
   */
  onCall?: (operation: string) => void;
  /** Runs before every request to a reachable cluster (latency, throttling); may throw a KubeStatusError. */
  beforeRequest?: () => Promise<void>;
  now?: () => Date;
  /** What seeded objects are stamped with, and relative seed dates count back from (default: when each cluster is added). */
  seededAt?: Date;
};

export interface KubernetesApi {
  /** Base URL of the server, without a cluster prefix. */
  url: string;
  /** PEM of the CA that signed the server certificate (DescribeCluster's certificateAuthority). */
  caPem: string;
  /**
   * `clusterKey` is `${accountId}.${region}.${clusterName}`. The seed is
   * checked at once and built on the cluster's first use, so it must not
   * change in between.
   */
  addCluster(
    clusterKey: string,
    seed: KubernetesSeed | undefined,
    meta: ClusterMeta,
  ): void;
  removeCluster(clusterKey: string): void;
  /** Applies (or removes) the Kubernetes objects of an EKS add-on, as EKS does. */
  setAddonObjects(
    clusterKey: string,
    addonName: string,
    present: boolean,
  ): void;
  /** A down cluster has its connections reset, like an unreachable endpoint. */
  setDown(clusterKey: string, down: boolean): void;
  /** The Kubernetes API server URL of a cluster (what DescribeCluster answers as `endpoint`). */
  clusterUrl(clusterKey: string): string;
  store(clusterKey: string): ClusterStoreView;
  stop(): Promise<void>;
}
