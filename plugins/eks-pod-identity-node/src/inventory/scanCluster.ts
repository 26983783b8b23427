import type {
  AddonDescription,
  ClusterDescription,
  ClusterLocation,
  EksGateway,
} from '../aws/EksGateway';
import { describeError, isNotFoundError } from '../aws/errors';
import type { KubernetesGateway } from '../kubernetes/KubernetesGateway';
import {
  AGENT_NAME,
  agentFromDaemonSets,
  toNodeRecord,
  toPodRecord,
  toServiceAccountRecord,
  toWorkloadRecord,
} from './kubernetesRecords';
import type { RequestLimiters } from './RequestLimiters';
import type { AssociationRecord, ClusterInventory, ClusterRef } from './types';

export interface ClusterScanDeps {
  eks: EksGateway;
  kubernetes: KubernetesGateway;
  limiters: RequestLimiters;
  /** An unreachable API server must not hold the whole scan up. */
  kubernetesTimeoutMs: number;
}

type KubernetesPart = Pick<
  ClusterInventory,
  'namespaces' | 'serviceAccounts' | 'workloads' | 'pods' | 'nodes'
> & { daemonSets?: Parameters<typeof agentFromDaemonSets>[0] };

const EMPTY_KUBERNETES: KubernetesPart = {
  namespaces: [],
  serviceAccounts: [],
  workloads: [],
  pods: [],
  nodes: [],
};

/**
 * Scans one cluster. Never throws: an EKS failure marks the cluster `error`,
 * a Kubernetes failure only sets `kubernetesError`, so one broken cluster
 * never stops the others.
 */
export async function scanCluster(
  ref: ClusterRef,
  deps: ClusterScanDeps,
): Promise<ClusterInventory> {
  const location: ClusterLocation = {
    accountId: ref.accountId,
    region: ref.region,
    name: ref.name,
  };
  const eks = <T>(call: () => Promise<T>) =>
    deps.limiters.eks(ref.accountId, ref.region, call);

  // The EKS reads start at once. Kubernetes follows the cluster's
  // associations: the clusters of an account-region finish their throttled
  // EKS reads one after the other, so their Kubernetes reads (CPU-heavy to
  // decode) spread over the scan instead of competing with all of them at
  // the start.
  const description = eks(() => deps.eks.describeCluster(location));
  const associations = readAssociations(location, deps.eks, eks);
  const addon = eks(() => deps.eks.describeAddon(location, AGENT_NAME));
  const kubernetes = description.then(
    async d => {
      await associations.catch(() => undefined);
      return readKubernetes(location, d, deps);
    },
    () => undefined,
  );

  const [d, a, ad, k] = await Promise.allSettled([
    description,
    associations,
    addon,
    kubernetes,
  ]);
  const kubernetesResult =
    k.status === 'fulfilled' ? k.value : { error: describeError(k.reason) };
  const eksError = [d, a, ad].find(
    (r): r is PromiseRejectedResult => r.status === 'rejected',
  );
  const info = d.status === 'fulfilled' ? d.value : undefined;
  const addonState: AddonDescription | undefined =
    ad.status === 'fulfilled' ? ad.value : undefined;
  const kube = kubernetesResult?.data ?? EMPTY_KUBERNETES;
  const daemonSet = agentFromDaemonSets(kube.daemonSets);

  return {
    cluster: {
      name: ref.name,
      accountId: ref.accountId,
      region: ref.region,
      title: ref.title,
      arn: info?.arn,
      endpoint: info?.endpoint,
      version: info?.version,
      autoMode: info?.autoMode ?? false,
      eksStatus: info?.status,
      tags: info?.tags ?? {},
      status: eksError ? 'error' : 'ok',
      error: eksError ? describeError(eksError.reason) : undefined,
    },
    agent: {
      installed:
        addonState?.status === 'ACTIVE' || daemonSet.daemonSetPresent === true,
      addonStatus: addonState?.status,
      addonVersion: addonState?.version,
      ...daemonSet,
    },
    associations: a.status === 'fulfilled' ? a.value : [],
    namespaces: kube.namespaces,
    serviceAccounts: kube.serviceAccounts,
    workloads: kube.workloads,
    pods: kube.pods,
    nodes: kube.nodes,
    kubernetesError: info
      ? kubernetesResult?.error
      : 'Not read: EKS DescribeCluster failed, so the Kubernetes endpoint is unknown',
    scannedAt: new Date().toISOString(),
  };
}

async function readAssociations(
  location: ClusterLocation,
  gateway: EksGateway,
  eks: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<AssociationRecord[]> {
  const summaries = await eks(() => gateway.listAssociations(location));
  const records = await Promise.all(
    summaries.map(s =>
      eks(() => gateway.describeAssociation(location, s.associationId)).catch(
        e => {
          // Deleted between the list and the describe: it no longer exists.
          if (isNotFoundError(e)) {
            return undefined;
          }
          throw e;
        },
      ),
    ),
  );
  return records.filter((r): r is AssociationRecord => r !== undefined);
}

async function readKubernetes(
  location: ClusterLocation,
  description: ClusterDescription,
  deps: ClusterScanDeps,
): Promise<{ data?: KubernetesPart; error?: string }> {
  if (!description.endpoint) {
    return {
      error: `EKS reports no Kubernetes API endpoint (cluster status ${description.status})`,
    };
  }
  const client = deps.kubernetes.forCluster(location, {
    endpoint: description.endpoint,
    certificateAuthorityData: description.certificateAuthorityData,
  });
  // One list per kind across all namespaces. Workloads are listed whole, not
  // by label, so entities mapped through a custom label selector work too;
  // the DaemonSet list also holds the Pod Identity agent.
  const read = Promise.all([
    client.listNamespaces(),
    client.listServiceAccounts(),
    client.listDeployments(),
    client.listStatefulSets(),
    client.listDaemonSets(),
    client.listJobs(),
    client.listPods(),
    client.listNodes(),
  ]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Kubernetes API did not answer within ${deps.kubernetesTimeoutMs} ms`,
          ),
        ),
      deps.kubernetesTimeoutMs,
    );
  });
  try {
    const [ns, sas, deployments, statefulSets, daemonSets, jobs, pods, nodes] =
      await Promise.race([read, timeout]);
    return {
      data: {
        namespaces: ns.map(n => n.metadata?.name ?? '').filter(Boolean),
        serviceAccounts: sas.map(toServiceAccountRecord),
        workloads: [
          ...deployments.map(w => toWorkloadRecord('Deployment', w)),
          ...statefulSets.map(w => toWorkloadRecord('StatefulSet', w)),
          ...daemonSets.map(w => toWorkloadRecord('DaemonSet', w)),
          ...jobs.map(w => toWorkloadRecord('Job', w)),
        ],
        pods: pods.map(toPodRecord),
        nodes: nodes.map(toNodeRecord),
        daemonSets,
      },
    };
  } catch (e) {
    read.catch(() => undefined);
    return { error: describeError(e) };
  } finally {
    clearTimeout(timer);
  }
}
