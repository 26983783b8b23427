import type { JsonObject } from '@backstage/types';

export type PlannedResource =
  | 'iam-role'
  | 'iam-role-policy'
  | 'iam-policy-attachment'
  | 'iam-trust-policy'
  | 'kubernetes-namespace'
  | 'kubernetes-service-account'
  | 'kubernetes-annotation'
  | 'eks-pod-identity-association'
  | 'eks-addon';

export type PlannedAction = 'create' | 'update' | 'delete' | 'reuse';

/** One line of the plan an action shows (dry run) or carries out. */
export interface PlannedChange {
  resource: PlannedResource;
  action: PlannedAction;
  /** ARN, `cluster:namespace/name`, or `role/policy-name`. */
  target: string;
  detail?: string;
  /** The policy document being written, when there is one. */
  document?: JsonObject;
}

const VERBS: Record<PlannedAction, string> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  reuse: 'keep (already as requested)',
};

export function describeChange(change: PlannedChange): string {
  const detail = change.detail ? ` — ${change.detail}` : '';
  return `${VERBS[change.action]} ${change.resource} ${change.target}${detail}`;
}
