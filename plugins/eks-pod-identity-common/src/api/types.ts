/*
 * The v1 REST contract of the eks-pod-identity backend, by the names the
 * plugins use. Every type here is generated from the backend's OpenAPI spec
 * (plugins/eks-pod-identity-backend/src/schema/openapi.yaml); change the spec
 * and run `node scripts/openapi.mjs`, never these aliases' shapes.
 *
 * Stability: fields are only ever added (optional first) within v1; renaming or
 * removing one is a v2 change.
 */
import type { components, paths } from '../schema/openapi/generated/types';

type Schemas = components['schemas'];

/** A string or a list of strings, as IAM policy grammar allows almost everywhere. */
export type OneOrMany<T> = T | T[];

export type PolicyCondition = Schemas['PolicyCondition'];
export type PolicyPrincipal = Schemas['PolicyPrincipal'];
export type PolicyStatement = Schemas['PolicyStatement'];
export type PolicyDocument = Schemas['PolicyDocument'];

export type FindingSeverity = Schemas['FindingSeverity'];
export type FindingCode = Schemas['FindingCode'];
export type FindingSubjectType = Schemas['FindingSubjectType'];
export type Finding = Schemas['Finding'];
export type FindingCounts = Schemas['FindingCounts'];
export type FindingsSummary = Schemas['FindingsSummary'];

export type AccessLevel = Schemas['AccessLevel'];
export type ServiceAccess = Schemas['ServiceAccess'];
export type ServiceUsage = Schemas['ServiceUsage'];
export type AccessSummary = Schemas['AccessSummary'];

export type ClusterScanStatus = Schemas['ClusterScanStatus'];
export type ClusterStatus = Schemas['ClusterStatus'];

export type Association = Schemas['Association'];

export type RoleState = Schemas['RoleState'];
export type RoleSummary = Schemas['RoleSummary'];
export type ManagedPolicy = Schemas['ManagedPolicy'];
export type InlinePolicy = Schemas['InlinePolicy'];
export type RoleUsage = Schemas['RoleUsage'];
export type RoleDetail = Schemas['RoleDetail'];
export type RightSizingProposal = Schemas['RightSizingProposal'];

export type ServiceAccountSource = Schemas['ServiceAccountSource'];
export type ServiceAccountAccess = Schemas['ServiceAccountAccess'];
export type EntityAccessResponse = Schemas['EntityAccessResponse'];

export type PolicyDecision = Schemas['PolicyDecision'];
export type PolicyKind = Schemas['PolicyKind'];
export type PolicyRef = Schemas['PolicyRef'];
export type MatchedStatement = Schemas['MatchedStatement'];
export type ContextValue = Schemas['ContextValue'];
export type SimulateRequest = Schemas['SimulateRequest'];
export type SimulateResult = Schemas['SimulateResult'];
export type SimulateResponse = Schemas['SimulateResponse'];

export type RefreshRequest = Schemas['RefreshRequest'];
export type RefreshResponse = Schemas['RefreshResponse'];
export type ActionSuggestion = Schemas['ActionSuggestion'];
export type ActionsResponse = Schemas['ActionsResponse'];

export type OwnerReport = Schemas['OwnerReport'];
export type IrsaClusterMigration = Schemas['IrsaClusterMigration'];

/** Envelope of every paged list route. */
export type ListResponse<T> = Schemas['Page'] & { items: T[] };

export type ClustersResponse = Schemas['ClustersResponse'];
export type AssociationsResponse = Schemas['AssociationsResponse'];
export type FindingsResponse = Schemas['FindingsResponse'];
export type OwnersResponse = Schemas['OwnersResponse'];

/** `limit` and `cursor`, the paging parameters every list route takes. */
export type PageQuery = NonNullable<
  paths['/v1/clusters']['get']['parameters']['query']
>;
/** Query of `GET /v1/associations`. */
export type AssociationsQuery = NonNullable<
  paths['/v1/associations']['get']['parameters']['query']
>;
/** Query of `GET /v1/findings`. */
export type FindingsQuery = NonNullable<
  paths['/v1/findings']['get']['parameters']['query']
>;

/** Body of every 4xx/5xx response. */
export type ErrorResponseBody = Schemas['ErrorResponseBody'];
