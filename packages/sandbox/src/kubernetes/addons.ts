/** The Kubernetes objects EKS add-ons put into a cluster (only the Pod Identity agent's matter here). */
import { EmulatedCluster } from './cluster';
import { settle } from './controllers';
import { workloadObject } from './objects';
import { resourceByPlural } from './resources';

const DAEMON_SETS = resourceByPlural('daemonsets');

/** The agent runs as a DaemonSet: one pod per ordinary node, none on Fargate or Windows. */
const ADDON_DAEMON_SETS: Record<string, string> = {
  'eks-pod-identity-agent': 'eks-pod-identity-agent',
};

/**
 * Applies or removes an add-on's objects as EKS does when the add-on is
 * created or deleted; not journaled as mutations, since EKS, not a client of
 * the Kubernetes API, makes them.
 */
export function setAddonObjects(
  cluster: EmulatedCluster,
  addonName: string,
  present: boolean,
) {
  const name = ADDON_DAEMON_SETS[addonName];
  if (!name) return;
  const { store } = cluster;
  const existing = store.get(DAEMON_SETS, 'kube-system', name);
  if (present && !existing) {
    store.adopt(
      DAEMON_SETS,
      workloadObject({
        kind: 'DaemonSet',
        namespace: 'kube-system',
        name,
        labels: {
          'app.kubernetes.io/name': name,
          'app.kubernetes.io/managed-by': 'EKS',
        },
        podLabels: { 'app.kubernetes.io/name': name },
      }),
    );
  } else if (!present && existing) {
    store.remove(DAEMON_SETS, 'kube-system', name);
  } else {
    return;
  }
  settle(cluster, 'kube-system');
}
