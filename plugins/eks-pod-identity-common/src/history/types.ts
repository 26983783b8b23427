/**
 * Access history: every change the inventory saw to an association, a role's
 * policies or a finding, with who made it when a Backstage action announced it.
 */
import type { FindingCode, FindingSeverity, ListResponse } from '../api/types';

export type AccessChangeKind =
  | 'association.created'
  | 'association.updated'
  | 'association.deleted'
  | 'role.trust-policy-changed'
  | 'role.permissions-changed'
  | 'finding.raised'
  | 'finding.resolved';

/** Shown for changes no Backstage action announced: made in the AWS console, CLI, Terraform… */
export const OUTSIDE_BACKSTAGE = 'outside Backstage';

export interface AccessChange {
  /** Increasing with the order changes were recorded; the paging key. */
  id: string;
  /** When the inventory saw the change (ISO 8601). */
  at: string;
  kind: AccessChangeKind;
  cluster?: string;
  namespace?: string;
  serviceAccount?: string;
  associationId?: string;
  roleArn?: string;
  findingCode?: FindingCode;
  findingSeverity?: FindingSeverity;
  /** One line, e.g. `role changed from …/a to …/b`. */
  summary: string;
  /** Which fields changed (updates only). */
  fields?: string[];
  /** Catalog entities whose access this change concerns. */
  entityRefs: string[];
  /** User entity ref of whoever ran the Backstage task; absent when made outside Backstage. */
  actor?: string;
  /** The scaffolder action id that announced the change. */
  source?: string;
  /** `actor` if known, else `outside Backstage` (or `Backstage` when a task without a user made it). */
  madeBy: string;
}

/** `GET /v1/changes`, newest first. */
export type AccessChangesResponse = ListResponse<AccessChange>;

/** Query of `GET /v1/changes`. */
export interface AccessChangesQuery {
  entityRef?: string;
  cluster?: string;
  /** ISO 8601 date or time; only changes at or after it. */
  since?: string;
  limit?: number;
  cursor?: string;
}
