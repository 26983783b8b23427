import type { EstateSeed, ThrottleConfig } from '@pod-identity/sandbox';

// The largest pages the APIs serve, which the scanner asks for.
const EKS_PAGE = 100;
const IAM_PAGE = 1000;

/**
 * Namespaces, service accounts, the four workload kinds that carry
 * `backstage.io/kubernetes-id` (Deployment, StatefulSet, DaemonSet, Job; the
 * DaemonSet list also finds the agent), pods and nodes.
 */
const KUBERNETES_LISTS_PER_CLUSTER = 8;

const pages = (items: number, size: number) =>
  Math.max(1, Math.ceil(items / size));

export interface EstateFigures {
  associations: number;
  roles: number;
  /** Fewest calls (AWS and Kubernetes) that read the whole estate. */
  minimum: number;
  /** Fewest calls per throttling scope (`eks/account/region`, `iam/account`). */
  callsByScope: Map<string, number>;
  /** Seconds the throttling alone forces: the largest scope's calls ÷ its rate. */
  bound: number;
}

/**
 * What reading the estate costs at the least. Per account-region:
 * ListClusters pages; per cluster DescribeCluster, DescribeAddon (the agent),
 * ListPodIdentityAssociations pages and one DescribePodIdentityAssociation per
 * association. Per account with clusters: GetAccountAuthorizationDetails pages
 * over its roles, customer-managed policies and the AWS-managed policies in use
 * (IAM returns those documents in the same pages). Per cluster, one
 * Kubernetes list per kind the inventory needs; the sandbox counts those
 * calls too, but they are not throttled, so they add nothing to the bound.
 */
export function estateFigures(
  estate: EstateSeed,
  throttle: ThrottleConfig,
): EstateFigures {
  const callsByScope = new Map<string, number>();
  const add = (scope: string, calls: number) =>
    callsByScope.set(scope, (callsByScope.get(scope) ?? 0) + calls);
  let associations = 0;
  let roles = 0;
  let kubernetesLists = 0;

  for (const account of estate.accounts) {
    const clusters = account.clusters ?? [];
    const regions = new Set(clusters.map(c => c.region));
    for (const region of regions) {
      const inRegion = clusters.filter(c => c.region === region);
      add(`eks/${account.id}/${region}`, pages(inRegion.length, EKS_PAGE));
      for (const cluster of inRegion) {
        const n = cluster.associations?.length ?? 0;
        associations += n;
        add(`eks/${account.id}/${region}`, 2 + pages(n, EKS_PAGE) + n);
        kubernetesLists += KUBERNETES_LISTS_PER_CLUSTER;
      }
    }
    if (clusters.length > 0) {
      const accountRoles = account.iam?.roles ?? [];
      roles += accountRoles.length;
      const awsManagedInUse = new Set(
        accountRoles
          .flatMap(r => [
            ...(r.managedPolicyArns ?? []),
            r.permissionsBoundaryArn ?? '',
          ])
          .filter(arn => arn.includes(':iam::aws:policy/')),
      );
      const items =
        accountRoles.length +
        (account.iam?.policies?.length ?? 0) +
        awsManagedInUse.size;
      add(`iam/${account.id}`, pages(items, IAM_PAGE));
    }
  }

  let bound = 0;
  for (const [scope, calls] of callsByScope) {
    const rate = scope.startsWith('eks/')
      ? throttle.eks?.ratePerSecond
      : throttle.iam?.ratePerSecond;
    if (rate) {
      bound = Math.max(bound, calls / rate);
    }
  }
  const minimum =
    [...callsByScope.values()].reduce((a, b) => a + b, 0) + kubernetesLists;
  return { associations, roles, minimum, callsByScope, bound };
}
