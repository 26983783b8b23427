import type {
  V1DaemonSet,
  V1Node,
  V1ObjectMeta,
  V1Pod,
  V1PodTemplateSpec,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { ANNOTATION_IRSA_ROLE_ARN } from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AgentInventory,
  NodeRecord,
  PodRecord,
  ServiceAccountRecord,
  WorkloadKind,
  WorkloadRecord,
} from './types';

/** Where EKS runs the Pod Identity agent when it is installed as an add-on or by hand. */
export const AGENT_NAMESPACE = 'kube-system';
export const AGENT_NAME = 'eks-pod-identity-agent';

const COMPUTE_TYPE_LABEL = 'eks.amazonaws.com/compute-type';
const OS_LABEL = 'kubernetes.io/os';

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  return new Date(value).toISOString();
}

export function toServiceAccountRecord(
  sa: V1ServiceAccount,
): ServiceAccountRecord {
  const annotations = sa.metadata?.annotations ?? {};
  return {
    namespace: sa.metadata?.namespace ?? '',
    name: sa.metadata?.name ?? '',
    labels: sa.metadata?.labels ?? {},
    annotations,
    irsaRoleArn: annotations[ANNOTATION_IRSA_ROLE_ARN] || undefined,
  };
}

export function toWorkloadRecord(
  kind: WorkloadKind,
  workload: {
    metadata?: V1ObjectMeta;
    spec?: { template?: V1PodTemplateSpec };
  },
): WorkloadRecord {
  const template = workload.spec?.template;
  return {
    kind,
    namespace: workload.metadata?.namespace ?? '',
    name: workload.metadata?.name ?? '',
    labels: workload.metadata?.labels ?? {},
    podLabels: template?.metadata?.labels ?? {},
    // Kubernetes runs a pod without serviceAccountName as `default`.
    serviceAccountName: template?.spec?.serviceAccountName || 'default',
  };
}

export function toPodRecord(pod: V1Pod): PodRecord {
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    labels: pod.metadata?.labels ?? {},
    serviceAccountName: pod.spec?.serviceAccountName || 'default',
    nodeName: pod.spec?.nodeName,
    startTime: iso(pod.status?.startTime),
    phase: pod.status?.phase,
  };
}

export function toNodeRecord(node: V1Node): NodeRecord {
  const labels = node.metadata?.labels ?? {};
  return {
    name: node.metadata?.name ?? '',
    computeType: labels[COMPUTE_TYPE_LABEL] || 'ec2',
    os: labels[OS_LABEL] || node.status?.nodeInfo?.operatingSystem || 'linux',
    labels,
  };
}

/** The agent as Kubernetes shows it; `undefined` fields when Kubernetes was not readable. */
export function agentFromDaemonSets(
  daemonSets: V1DaemonSet[] | undefined,
): Pick<AgentInventory, 'daemonSetPresent' | 'daemonSetReady'> {
  if (!daemonSets) {
    return {};
  }
  const agent = daemonSets.find(
    d =>
      d.metadata?.namespace === AGENT_NAMESPACE &&
      d.metadata?.name === AGENT_NAME,
  );
  if (!agent) {
    return { daemonSetPresent: false };
  }
  const desired = agent.status?.desiredNumberScheduled ?? 0;
  const ready = agent.status?.numberReady ?? 0;
  return {
    daemonSetPresent: true,
    daemonSetReady: desired > 0 && ready >= desired,
  };
}
