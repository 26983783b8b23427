import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { toResponseError } from './responseError';
import {
  type AccessChangesQuery,
  type AccessChangesResponse,
  EKS_POD_IDENTITY_PLUGIN_ID,
  type ActionsResponse,
  type AssociationsQuery,
  type AssociationsResponse,
  type ClustersResponse,
  type EntityAccessResponse,
  type FindingsResponse,
  type OwnersResponse,
  type RefreshRequest,
  type RoleDetail,
  type SimulateRequest,
  type SimulateResponse,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { EksPodIdentityApi, FindingsQuery } from './EksPodIdentityApi';

type QueryValues = Record<string, string | number | undefined>;

/**
 * Talks to the eks-pod-identity backend through the Backstage fetch API, so
 * every request carries the signed-in user's token.
 *
 * @public
 */
export class EksPodIdentityClient implements EksPodIdentityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getClusters(): Promise<ClustersResponse> {
    return this.getJson('/v1/clusters');
  }

  getAssociations(
    query: AssociationsQuery = {},
  ): Promise<AssociationsResponse> {
    return this.getJson('/v1/associations', { ...query });
  }

  getEntityAccess(entity: CompoundEntityRef): Promise<EntityAccessResponse> {
    const path = [
      entity.namespace,
      entity.kind.toLocaleLowerCase('en-US'),
      entity.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    return this.getJson(`/v1/entity/${path}/access`);
  }

  getRole(roleArn: string): Promise<RoleDetail> {
    return this.getJson(`/v1/roles/${encodeURIComponent(roleArn)}`);
  }

  getFindings(query: FindingsQuery = {}): Promise<FindingsResponse> {
    return this.getJson('/v1/findings', { ...query });
  }

  simulate(request: SimulateRequest): Promise<SimulateResponse> {
    return this.send('POST', '/v1/simulate', request).then(r => r.json());
  }

  async refresh(request: RefreshRequest = {}): Promise<void> {
    await this.send('POST', '/v1/refresh', request);
  }

  suggestActions(query: string): Promise<ActionsResponse> {
    return this.getJson('/v1/actions', { q: query });
  }

  async getOwnersReport(): Promise<OwnersResponse | undefined> {
    const response = await this.request('/v1/governance/owners');
    // The report is served by a later backend feature; an older backend has no such route.
    if (response.status === 404) return undefined;
    if (!response.ok) throw await toResponseError(response);
    return response.json();
  }

  getChanges(query: AccessChangesQuery = {}): Promise<AccessChangesResponse> {
    return this.getJson('/v1/changes', { ...query });
  }

  private async getJson<T>(path: string, query?: QueryValues): Promise<T> {
    const response = await this.request(path, query);
    if (!response.ok) throw await toResponseError(response);
    return response.json();
  }

  private async send(method: string, path: string, body: unknown) {
    const response = await this.request(path, undefined, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw await toResponseError(response);
    return response;
  }

  private async request(path: string, query?: QueryValues, init?: RequestInit) {
    const baseUrl = await this.discoveryApi.getBaseUrl(
      EKS_POD_IDENTITY_PLUGIN_ID,
    );
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    return this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
      init,
    );
  }
}
