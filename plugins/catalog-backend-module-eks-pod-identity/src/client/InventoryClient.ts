import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Association,
  AssociationsResponse,
  ClustersResponse,
  ClusterStatus,
  EKS_POD_IDENTITY_PLUGIN_ID,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** What the catalog module needs of the inventory. */
export interface InventorySnapshot {
  clusters: ClusterStatus[];
  associations: Association[];
}

export interface InventoryReader {
  read(): Promise<InventorySnapshot>;
}

const PAGE_SIZE = 500;

/**
 * Reads the eks-pod-identity backend's REST API with the catalog's own
 * service credentials, like any other plugin would: no AWS calls here.
 */
export class InventoryClient implements InventoryReader {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async read(): Promise<InventorySnapshot> {
    const { items: clusters } = await this.get<ClustersResponse>(
      '/v1/clusters',
    );
    const associations: Association[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({
        limit: String(PAGE_SIZE),
        ...(cursor ? { cursor } : {}),
      });
      const page = await this.get<AssociationsResponse>(
        `/v1/associations?${query}`,
      );
      associations.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return { clusters, associations };
  }

  private async get<T>(path: string): Promise<T> {
    const { discovery, auth } = this.deps;
    const baseUrl = await discovery.getBaseUrl(EKS_POD_IDENTITY_PLUGIN_ID);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: EKS_POD_IDENTITY_PLUGIN_ID,
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      // The message carries the status and the backend's error body, never the token.
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
