import type {
  AccessChangesQuery,
  AccessChangesResponse,
  ActionsResponse,
  AssociationsQuery,
  AssociationsResponse,
  ClusterStatus,
  EntityAccessResponse,
  FindingsResponse,
  OwnerReport,
  RefreshRequest,
  RoleDetail,
  SimulateRequest,
  SimulateResponse,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { EksPodIdentityApi, FindingsQuery } from '../api';

type Answer<T, A extends unknown[]> = (...args: A) => Promise<T>;

function notConfigured(name: string) {
  return () =>
    Promise.reject(
      new Error(`FakeEksPodIdentityApi.${name} was not given an answer`),
    );
}

/**
 * The unit tests' stand-in for the backend: each method answers what the
 * test configured, and every call is recorded for assertions.
 */
export class FakeEksPodIdentityApi implements EksPodIdentityApi {
  readonly calls: { method: keyof EksPodIdentityApi; args: unknown[] }[] = [];

  constructor(
    private readonly answers: {
      getClusters?: Answer<{ items: ClusterStatus[] }, []>;
      getAssociations?: Answer<AssociationsResponse, [AssociationsQuery]>;
      getEntityAccess?: Answer<EntityAccessResponse, [CompoundEntityRef]>;
      getRole?: Answer<RoleDetail, [string]>;
      getFindings?: Answer<FindingsResponse, [FindingsQuery]>;
      simulate?: Answer<SimulateResponse, [SimulateRequest]>;
      refresh?: Answer<void, [RefreshRequest]>;
      suggestActions?: Answer<ActionsResponse, [string]>;
      getOwnersReport?: Answer<{ items: OwnerReport[] } | undefined, []>;
      getChanges?: Answer<AccessChangesResponse, [AccessChangesQuery]>;
    } = {},
  ) {}

  callsOf(method: keyof EksPodIdentityApi): unknown[][] {
    return this.calls.filter(c => c.method === method).map(c => c.args);
  }

  private answer<K extends keyof EksPodIdentityApi>(
    method: K,
    ...args: unknown[]
  ) {
    this.calls.push({ method, args });
    const fn = (this.answers[method] ?? notConfigured(method)) as (
      ...a: unknown[]
    ) => Promise<any>;
    return fn(...args);
  }

  getClusters() {
    return this.answer('getClusters');
  }
  getAssociations(query: AssociationsQuery = {}) {
    return this.answer('getAssociations', query);
  }
  getEntityAccess(entity: CompoundEntityRef) {
    return this.answer('getEntityAccess', entity);
  }
  getRole(roleArn: string) {
    return this.answer('getRole', roleArn);
  }
  getFindings(query: FindingsQuery = {}) {
    return this.answer('getFindings', query);
  }
  simulate(request: SimulateRequest) {
    return this.answer('simulate', request);
  }
  refresh(request: RefreshRequest = {}) {
    return this.answer('refresh', request);
  }
  suggestActions(query: string) {
    return this.answer('suggestActions', query);
  }
  getOwnersReport() {
    return this.answer('getOwnersReport');
  }
  getChanges(query: AccessChangesQuery = {}) {
    return this.answer('getChanges', query);
  }
}

/** A promise that never settles: the component stays in its loading state. */
export const pending = <T>() => new Promise<T>(() => {});
