import type { Finding } from '@pod-identity/plugin-eks-pod-identity-common';
import type { ClusterInventory } from '../../inventory/types';
import type { FindingContext } from './context';
import { finding } from './finding';

const AGENT_ADDON = 'eks-pod-identity-agent';
/** The scaffolder page of the install-agent template (shipped in the scaffolder module) in a portal. */
const INSTALL_AGENT_TEMPLATE_PATH =
  '/create/templates/default/eks-pod-identity-install-agent';

/**
 * AGENT_MISSING: associations, but neither an ACTIVE agent add-on nor the
 * agent DaemonSet (Auto Mode runs the agent itself). Not reported when
 * Kubernetes could not be read and the add-on is not ACTIVE: the DaemonSet
 * may be there.
 */
function agentMissing(inventory: ClusterInventory): Finding[] {
  const { cluster, agent, associations } = inventory;
  if (associations.length === 0 || cluster.autoMode) return [];
  if (agent.addonStatus === 'ACTIVE' || agent.daemonSetPresent) return [];
  if (agent.daemonSetPresent === undefined) return [];
  const addon = agent.addonStatus
    ? `the ${AGENT_ADDON} add-on is ${agent.addonStatus}`
    : `the ${AGENT_ADDON} add-on is not installed`;
  return [
    finding({
      code: 'AGENT_MISSING',
      subject: { type: 'cluster', id: cluster.name },
      cluster: cluster.name,
      detail: `Cluster ${cluster.name} has ${associations.length} Pod Identity association(s), but ${addon} and there is no kube-system/${AGENT_ADDON} DaemonSet, so no pod receives Pod Identity credentials.`,
      remediation: `Install the add-on with the software template "Install the EKS Pod Identity agent" (${INSTALL_AGENT_TEMPLATE_PATH}), or aws eks create-addon --cluster-name ${cluster.name} --addon-name ${AGENT_ADDON} (or in the cluster's infrastructure code), then restart the pods that use associations.`,
    }),
  ];
}

/** QUOTA_NEAR_LIMIT: the cluster holds at least the configured share of the quota. */
function quotaNearLimit(
  inventory: ClusterInventory,
  context: FindingContext,
): Finding[] {
  const { associationQuota, quotaWarningRatio } = context.settings;
  const count = inventory.associations.length;
  if (count < associationQuota * quotaWarningRatio) return [];
  const name = inventory.cluster.name;
  const percent = Math.round((count / associationQuota) * 100);
  return [
    finding({
      code: 'QUOTA_NEAR_LIMIT',
      subject: { type: 'cluster', id: name },
      cluster: name,
      detail: `Cluster ${name} has ${count} of ${associationQuota} Pod Identity associations (${percent} %, warning at ${Math.round(
        quotaWarningRatio * 100,
      )} %); EKS refuses new associations beyond the quota.`,
      remediation: `Remove associations that are no longer used, let service accounts that need the same access share one role scoped with ABAC (\${aws:PrincipalTag/kubernetes-namespace}), or spread workloads over more clusters.`,
    }),
  ];
}

export function clusterFindings(context: FindingContext): Finding[] {
  return context.index.clusters.flatMap(inventory => [
    ...agentMissing(inventory),
    ...quotaNearLimit(inventory, context),
  ]);
}
