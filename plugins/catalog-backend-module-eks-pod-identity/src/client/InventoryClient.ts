import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  Association,
  ClusterStatus,
  createEksPodIdentityApiClient,
  EKS_POD_IDENTITY_PLUGIN_ID,
  type EksPodIdentityApiClient,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** What the catalog module reads of the inventory: every cluster and association. */
export interface InventoryContents {
  clusters: ClusterStatus[];
  associations: Association[];
}

export interface InventoryReader {
  read(): Promise<InventoryContents>;
}

const PAGE_SIZE = 500;

/** Reads every page of a list route; `list` asks for the page after `cursor`. */
async function readAll<T>(
  list: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * Reads the eks-pod-identity backend's REST API through the generated client
 * with the catalog's own service credentials, like any other plugin would:
 * no AWS calls here. An error status rejects with a `ResponseError` that
 * carries the status and the backend's message, never the token.
 */
export class InventoryClient implements InventoryReader {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async read(): Promise<InventoryContents> {
    const client = await this.client();
    const clusters = await readAll(async cursor => {
      const { data } = await client.GET('/v1/clusters', {
        params: { query: { limit: PAGE_SIZE, cursor } },
      });
      return data!;
    });
    const associations = await readAll(async cursor => {
      const { data } = await client.GET('/v1/associations', {
        params: { query: { limit: PAGE_SIZE, cursor } },
      });
      return data!;
    });
    return { clusters, associations };
  }

  private async client(): Promise<EksPodIdentityApiClient> {
    const { discovery, auth } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: EKS_POD_IDENTITY_PLUGIN_ID,
    });
    return createEksPodIdentityApiClient({
      baseUrl: await discovery.getBaseUrl(EKS_POD_IDENTITY_PLUGIN_ID),
      headers: { Authorization: `Bearer ${token}` },
    });
  }
}
