/**
 * What a mutating scaffolder action (or any other writer inside Backstage)
 * announces through Backstage's events service after it changed AWS or
 * Kubernetes, so the inventory re-reads just that and the component's tab
 * shows it within seconds.
 */
export const EKS_POD_IDENTITY_CHANGED_TOPIC = 'eks-pod-identity.changed';

export type EksPodIdentityChangeKind =
  | 'association'
  | 'role'
  | 'service-account'
  | 'agent';

export interface EksPodIdentityChangedEvent {
  /** What kind of thing changed. */
  kind: EksPodIdentityChangeKind;
  /** `created`, `updated` or `deleted`. */
  change: 'created' | 'updated' | 'deleted';
  /** The cluster whose associations, service accounts or add-ons changed. */
  cluster?: string;
  namespace?: string;
  serviceAccount?: string;
  /** EKS association id, when one changed. */
  associationId?: string;
  /** IAM roles whose trust, permissions or existence changed. */
  roleArns?: string[];
  /** The catalog entity the change was made for, when known. */
  entityRef?: string;
  /** The user entity ref of whoever ran the task, when known. */
  actor?: string;
  /** The scaffolder action id that made the change. */
  source?: string;
}
