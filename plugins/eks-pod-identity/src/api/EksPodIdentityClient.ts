/* eslint-disable new-cap -- the generated client names its methods after the HTTP verbs (GET, POST) */
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  createEksPodIdentityApiClient,
  type AccessChangesQuery,
  type AccessChangesResponse,
  EKS_POD_IDENTITY_PLUGIN_ID,
  type ActionsResponse,
  type AssociationsQuery,
  type AssociationsResponse,
  type ClusterStatus,
  type EksPodIdentityApiClient,
  type EntityAccessResponse,
  type FindingsResponse,
  type OwnerReport,
  type RefreshRequest,
  type RoleDetail,
  type SimulateRequest,
  type SimulateResponse,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { EksPodIdentityApi, FindingsQuery } from './EksPodIdentityApi';

const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

// Clusters and owners are few; reading them whole takes one request in practice.
const WHOLE_LIST_PAGE_SIZE = 500;

/** A resolved call has data: error statuses reject (see createEksPodIdentityApiClient). */
function dataOf<T>(result: { data?: T }): T {
  return result.data as T;
}

/**
 * The eks-pod-identity backend through the generated client, with the
 * Backstage fetch API, so every request carries the signed-in user's token.
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

  async getClusters(): Promise<{ items: ClusterStatus[] }> {
    const client = await this.client();
    const items: ClusterStatus[] = [];
    let cursor: string | undefined;
    do {
      const page = dataOf(
        await client.GET('/v1/clusters', {
          params: { query: { limit: WHOLE_LIST_PAGE_SIZE, cursor } },
        }),
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return { items };
  }

  async getAssociations(
    query: AssociationsQuery = {},
  ): Promise<AssociationsResponse> {
    const client = await this.client();
    return dataOf(
      await client.GET('/v1/associations', {
        params: { query: withoutBlanks(query) },
      }),
    );
  }

  async getEntityAccess(
    entity: CompoundEntityRef,
  ): Promise<EntityAccessResponse> {
    const client = await this.client();
    return dataOf(
      await client.GET('/v1/entity/{namespace}/{kind}/{name}/access', {
        params: {
          path: {
            namespace: entity.namespace,
            kind: entity.kind.toLocaleLowerCase('en-US'),
            name: entity.name,
          },
        },
      }),
    );
  }

  async getRole(roleArn: string): Promise<RoleDetail> {
    const client = await this.client();
    return dataOf(
      await client.GET('/v1/roles/{roleArn}', {
        params: { path: { roleArn } },
      }),
    );
  }

  async getFindings(query: FindingsQuery = {}): Promise<FindingsResponse> {
    const client = await this.client();
    return dataOf(
      await client.GET('/v1/findings', {
        params: { query: withoutBlanks(query) },
      }),
    );
  }

  async simulate(request: SimulateRequest): Promise<SimulateResponse> {
    const client = await this.client();
    return dataOf(await client.POST('/v1/simulate', { body: request }));
  }

  async refresh(request: RefreshRequest = {}): Promise<void> {
    const client = await this.client();
    await client.POST('/v1/refresh', { body: request });
  }

  async suggestActions(query: string): Promise<ActionsResponse> {
    const client = await this.client();
    return dataOf(
      await client.GET('/v1/actions', { params: { query: { q: query } } }),
    );
  }

  async getOwnersReport(): Promise<{ items: OwnerReport[] } | undefined> {
    const client = await this.client();
    const items: OwnerReport[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = dataOf(
          await client.GET('/v1/governance/owners', {
            params: { query: { limit: WHOLE_LIST_PAGE_SIZE, cursor } },
          }),
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
    } catch (error) {
      // The report is served by a later backend feature; an older backend has no such route.
      if ((error as { statusCode?: number }).statusCode === 404) {
        return undefined;
      }
      throw error;
    }
    return { items };
  }

  async getChanges(
    query: AccessChangesQuery = {},
  ): Promise<AccessChangesResponse> {
    const client = await this.client();
    return dataOf(
      await client.GET('/v1/changes', {
        params: { query: withoutBlanks(query) },
      }),
    );
  }

  private async client(): Promise<EksPodIdentityApiClient> {
    return createEksPodIdentityApiClient({
      baseUrl: await this.discoveryApi.getBaseUrl(EKS_POD_IDENTITY_PLUGIN_ID),
      // Backstage's fetch middlewares rebuild the request from what they are
      // given (`new Request(input, init)`), which consumes a Request's body
      // stream: handing them the URL and a plain init keeps POST bodies.
      fetch: async request =>
        this.fetchApi.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: BODYLESS_METHODS.has(request.method)
            ? undefined
            : await request.text(),
          signal: request.signal,
        }),
    });
  }
}

/** Drops empty filters, which the API would reject as too short. */
function withoutBlanks<T extends object>(query: T): T {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== ''),
  ) as T;
}
