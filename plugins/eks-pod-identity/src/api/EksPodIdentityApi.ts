import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AccessChangesQuery,
  AccessChangesResponse,
  ActionsResponse,
  AssociationsQuery,
  AssociationsResponse,
  ClusterStatus,
  EntityAccessResponse,
  FindingsQuery,
  FindingsResponse,
  OwnerReport,
  RefreshRequest,
  RoleDetail,
  SimulateRequest,
  SimulateResponse,
} from '@pod-identity/plugin-eks-pod-identity-common';

export type { FindingsQuery };

/**
 * The eks-pod-identity backend as the frontend sees it (docs/architecture.md §5). Every
 * method rejects with a `ResponseError` when the backend answers with an error.
 *
 * @public
 */
export interface EksPodIdentityApi {
  /** Every cluster (all pages). */
  getClusters(): Promise<{ items: ClusterStatus[] }>;
  getAssociations(query?: AssociationsQuery): Promise<AssociationsResponse>;
  getEntityAccess(entity: CompoundEntityRef): Promise<EntityAccessResponse>;
  getRole(roleArn: string): Promise<RoleDetail>;
  /** One page of findings, with the summary of all that match. */
  getFindings(query?: FindingsQuery): Promise<FindingsResponse>;
  simulate(request: SimulateRequest): Promise<SimulateResponse>;
  /** Starts a rescan of one cluster, or of every cluster. */
  refresh(request?: RefreshRequest): Promise<void>;
  suggestActions(query: string): Promise<ActionsResponse>;
  /** Every owner's report (all pages); `undefined` when the backend serves none (it is optional). */
  getOwnersReport(): Promise<{ items: OwnerReport[] } | undefined>;
  /** The access history, newest first (`GET /v1/changes`). */
  getChanges(query?: AccessChangesQuery): Promise<AccessChangesResponse>;
}

/** @public */
export const eksPodIdentityApiRef = createApiRef<EksPodIdentityApi>().with({
  id: 'plugin.eks-pod-identity.service',
  pluginId: 'eks-pod-identity',
});
