import type {
  AssociationRecord,
  ClusterInventory,
  RoleRecord,
} from '../../inventory/types';
import type { InventoryIndex } from '../InventoryIndex';
import type { FindingContext } from './context';

export interface RoleUse {
  cluster: ClusterInventory;
  association: AssociationRecord;
  /** The role is the association's target role rather than its role. */
  asTarget: boolean;
}

export interface WorkloadRole {
  role: RoleRecord;
  uses: RoleUse[];
}

const computed = new WeakMap<InventoryIndex, WorkloadRole[]>();

function collectWorkloadRoles(context: FindingContext): WorkloadRole[] {
  const roles = new Map<string, WorkloadRole>();
  const add = (arn: string, use: RoleUse) => {
    const lookup = context.index.role(arn);
    if (lookup.state !== 'found') return;
    const entry = roles.get(lookup.role.arn) ?? { role: lookup.role, uses: [] };
    entry.uses.push(use);
    roles.set(lookup.role.arn, entry);
  };
  for (const cluster of context.index.clusters) {
    for (const association of cluster.associations) {
      add(association.roleArn, { cluster, association, asTarget: false });
      if (association.targetRoleArn) {
        add(association.targetRoleArn, {
          cluster,
          association,
          asTarget: true,
        });
      }
    }
  }
  return [...roles.values()];
}

/**
 * The roles pods run as: every association's role and target role that the
 * inventory holds. Other roles (the backend's reader, IRSA roles) are not
 * judged as workload roles.
 */
export function workloadRoles(context: FindingContext): WorkloadRole[] {
  // Several rules ask; the answer is the same within one analysis.
  let found = computed.get(context.index);
  if (!found) {
    found = collectWorkloadRoles(context);
    computed.set(context.index, found);
  }
  return found;
}
