import {
  ANNOTATION_IRSA_ROLE_ARN,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AssociationRecord,
  ClusterInventory,
  NodeRecord,
  PodRecord,
} from '../../inventory/types';
import type { FindingContext } from './context';
import {
  associationSubject,
  describeServiceAccount,
  finding,
  listSome,
  serviceAccountSubject,
} from './finding';

const FINISHED_PHASES = new Set(['Succeeded', 'Failed']);

const saKey = (namespace: string, name: string) => `${namespace}/${name}`;

/** Pods that still run (or will), by namespace/service account. */
function livePodsByServiceAccount(cluster: ClusterInventory) {
  const pods = new Map<string, PodRecord[]>();
  for (const pod of cluster.pods) {
    if (pod.phase && FINISHED_PHASES.has(pod.phase)) continue;
    const key = saKey(pod.namespace, pod.serviceAccountName || 'default');
    pods.set(key, [...(pods.get(key) ?? []), pod]);
  }
  return pods;
}

/** `deployment/orders-api`, for the restart command. */
function workloadsOf(
  cluster: ClusterInventory,
  a: AssociationRecord,
): string[] {
  return cluster.workloads
    .filter(
      w =>
        w.namespace === a.namespace &&
        w.serviceAccountName === a.serviceAccount &&
        w.kind !== 'Job',
    )
    .map(w => `${w.kind.toLowerCase()}/${w.name}`);
}

/**
 * PODS_PREDATE_ASSOCIATION: the Pod Identity webhook injects the credential
 * settings when a pod is created, so pods created before the association get
 * none. Compared with `createdAt`: changing an association later (its role,
 * say) takes effect in running pods, since the agent asks EKS on each refresh.
 */
function podsPredateAssociation(
  cluster: ClusterInventory,
  association: AssociationRecord,
  pods: PodRecord[],
): Finding[] {
  const created = Date.parse(association.createdAt);
  const early = pods.filter(
    p => p.startTime !== undefined && Date.parse(p.startTime) < created,
  );
  if (early.length === 0) return [];
  const name = cluster.cluster.name;
  const workloads = workloadsOf(cluster, association);
  const restart = workloads.length
    ? workloads
        .map(w => `kubectl rollout restart ${w} -n ${association.namespace}`)
        .join('; ')
    : `delete the pods (kubectl delete pod -n ${association.namespace} ${early
        .map(p => p.name)
        .join(' ')}) so their controller recreates them`;
  return [
    finding({
      code: 'PODS_PREDATE_ASSOCIATION',
      subject: associationSubject(association),
      cluster: name,
      detail: `Pod(s) ${listSome(
        early.map(p => `${p.name} (started ${p.startTime})`),
      )} of ${describeServiceAccount(
        name,
        association,
      )} started before the association ${
        association.associationId
      } was created (${
        association.createdAt
      }); they were created without Pod Identity credentials and keep whatever they had (e.g. IRSA) until they are recreated.`,
      remediation: `Recreate the pods: ${restart}.`,
    }),
  ];
}

function unsupportedNode(node: NodeRecord | undefined): string | undefined {
  if (!node) return undefined;
  if (node.computeType === 'fargate') return 'Fargate';
  if (node.os.toLowerCase() === 'windows') return 'Windows';
  return undefined;
}

/** UNSUPPORTED_COMPUTE: the agent runs on Linux EC2 nodes only. */
function unsupportedCompute(
  cluster: ClusterInventory,
  association: AssociationRecord,
  pods: PodRecord[],
  nodes: Map<string, NodeRecord>,
): Finding[] {
  const placed = pods.flatMap(pod => {
    const kind = unsupportedNode(
      pod.nodeName ? nodes.get(pod.nodeName) : undefined,
    );
    return kind ? [`${pod.name} on ${kind} node ${pod.nodeName}`] : [];
  });
  if (placed.length === 0) return [];
  const name = cluster.cluster.name;
  return [
    finding({
      code: 'UNSUPPORTED_COMPUTE',
      subject: associationSubject(association),
      cluster: name,
      detail: `Pod(s) ${listSome(placed)} of ${describeServiceAccount(
        name,
        association,
      )} run where EKS Pod Identity is not supported (Fargate and Windows nodes have no Pod Identity agent), so they get no credentials from the association.`,
      remediation: `Schedule the workload on Linux EC2 nodes (nodeSelector kubernetes.io/os: linux, and keep it out of Fargate profiles), or use IRSA for pods that must run on Fargate or Windows.`,
    }),
  ];
}

/** IRSA_LEFTOVER and IRSA_ONLY, from the service account's role annotation. */
function irsaFindings(
  cluster: ClusterInventory,
  associated: Map<string, AssociationRecord>,
): Finding[] {
  const name = cluster.cluster.name;
  return cluster.serviceAccounts.flatMap(sa => {
    if (!sa.irsaRoleArn) return [];
    const association = associated.get(saKey(sa.namespace, sa.name));
    const subject = serviceAccountSubject(name, sa.namespace, sa.name);
    const where = `${name}:${sa.namespace}/${sa.name}`;
    if (association) {
      return [
        finding({
          code: 'IRSA_LEFTOVER',
          subject,
          cluster: name,
          detail: `Service account ${where} has the Pod Identity association ${association.associationId} (role ${association.roleArn}) and still the annotation ${ANNOTATION_IRSA_ROLE_ARN}: ${sa.irsaRoleArn}; AWS SDKs try the IRSA web identity token before Pod Identity credentials, so the pods may still run as the IRSA role.`,
          remediation: `Remove the annotation once Pod Identity works (kubectl annotate serviceaccount -n ${sa.namespace} ${sa.name} ${ANNOTATION_IRSA_ROLE_ARN}-), restart the pods, then drop the OIDC statement from the role's trust policy.`,
        }),
      ];
    }
    return [
      finding({
        code: 'IRSA_ONLY',
        subject,
        cluster: name,
        detail: `Service account ${where} uses IRSA (${ANNOTATION_IRSA_ROLE_ARN}: ${sa.irsaRoleArn}) and has no Pod Identity association.`,
        remediation: `Migrate it with the eks-pod-identity:irsa:migrate action (IRSA migration template): it adds the Pod Identity statement to the role's trust, creates the association and, once the pods are restarted, removes the annotation.`,
      }),
    ];
  });
}

/** Findings that need the cluster's Kubernetes objects; none when they could not be read. */
export function workloadFindings(context: FindingContext): Finding[] {
  return context.index.clusters.flatMap(cluster => {
    if (cluster.kubernetesError) return [];
    const pods = livePodsByServiceAccount(cluster);
    const nodes = new Map(cluster.nodes.map(n => [n.name, n]));
    const associated = new Map(
      cluster.associations.map(a => [saKey(a.namespace, a.serviceAccount), a]),
    );
    return [
      ...cluster.associations.flatMap(a => {
        const saPods = pods.get(saKey(a.namespace, a.serviceAccount)) ?? [];
        return [
          ...podsPredateAssociation(cluster, a, saPods),
          ...unsupportedCompute(cluster, a, saPods, nodes),
        ];
      }),
      ...irsaFindings(cluster, associated),
    ];
  });
}
