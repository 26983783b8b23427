import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  AccessChangesQuery,
  AccessChangesResponse,
  ActionsResponse,
  AssociationsQuery,
  AssociationsResponse,
  ClustersResponse,
  EntityAccessResponse,
  FindingCode,
  FindingSeverity,
  FindingsResponse,
  OwnersResponse,
  RefreshRequest,
  RoleDetail,
  SimulateRequest,
  SimulateResponse,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** Query of `GET /v1/findings`; every field narrows the result. */
export interface FindingsQuery {
  severity?: FindingSeverity;
  code?: FindingCode;
  cluster?: string;
}

/**
 * The eks-pod-identity backend as the frontend sees it (docs/architecture.md §5). Every
 * method rejects with a `ResponseError` when the backend answers with an error.
 *
 * @public
 */
export interface EksPodIdentityApi {
  getClusters(): Promise<ClustersResponse>;
  getAssociations(query?: AssociationsQuery): Promise<AssociationsResponse>;
  getEntityAccess(entity: CompoundEntityRef): Promise<EntityAccessResponse>;
  getRole(roleArn: string): Promise<RoleDetail>;
  getFindings(query?: FindingsQuery): Promise<FindingsResponse>;
  simulate(request: SimulateRequest): Promise<SimulateResponse>;
  /** Starts a rescan of one cluster, or of every cluster. */
  refresh(request?: RefreshRequest): Promise<void>;
  suggestActions(query: string): Promise<ActionsResponse>;
  /** `undefined` when the backend serves no ownership report (it is optional). */
  getOwnersReport(): Promise<OwnersResponse | undefined>;
  /** The access history, newest first (`GET /v1/changes`). */
  getChanges(query?: AccessChangesQuery): Promise<AccessChangesResponse>;
}

/** @public */
export const eksPodIdentityApiRef = createApiRef<EksPodIdentityApi>().with({
  id: 'plugin.eks-pod-identity.service',
  pluginId: 'eks-pod-identity',
});
