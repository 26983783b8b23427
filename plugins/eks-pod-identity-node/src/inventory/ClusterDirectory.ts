import type { EksGateway } from '../aws/EksGateway';
import { describeError } from '../aws/errors';
import type {
  ConfiguredCluster,
  DiscoveryTarget,
  EksPodIdentityConfig,
} from '../config/readConfig';
import type { ClusterRef, InventoryScan } from './types';

/** The clusters known now, and the account-regions whose listing failed. */
export interface ClusterListing {
  clusters: ClusterRef[];
  errors: InventoryScan['discoveryErrors'];
}

/**
 * The clusters the plugins work on: explicit `eksPodIdentity.clusters` plus
 * what discovery finds. One account-region that cannot be listed is reported
 * in `errors` and never hides the clusters of the others.
 */
export interface ClusterDirectory {
  /** Lists discovery afresh (the scanner calls it once per scan). */
  list(): Promise<ClusterListing>;
  /**
   * The cluster of that name, or undefined with the listing errors that may
   * explain why. A discovered listing is reused for a minute.
   */
  find(name: string): Promise<{
    cluster?: ClusterRef;
    errors: ClusterListing['errors'];
  }>;
}

// Discovered clusters come and go rarely; a short memory saves a ListClusters
// per account-region on every lookup without hiding a new cluster for long.
const DISCOVERY_TTL_MS = 60_000;

/**
 * Explicit clusters win (they carry the title); a discovered cluster whose
 * name is already taken by another account-region is reported rather than
 * shadowing it, because names identify clusters in the catalog annotations,
 * the templates and the REST API.
 */
export class DefaultClusterDirectory implements ClusterDirectory {
  private cached?: { at: number; listing: Promise<ClusterListing> };

  static fromConfig(
    settings: Pick<EksPodIdentityConfig, 'clusters' | 'discovery'>,
    options: { eks: EksGateway; now?: () => number },
  ): DefaultClusterDirectory {
    return new DefaultClusterDirectory({
      clusters: settings.clusters,
      discovery: settings.discovery,
      ...options,
    });
  }

  constructor(
    private readonly options: {
      clusters: ConfiguredCluster[];
      discovery: DiscoveryTarget[];
      eks: EksGateway;
      now?: () => number;
    },
  ) {}

  list(): Promise<ClusterListing> {
    const listing = this.listNow();
    this.cached = { at: this.now(), listing };
    return listing;
  }

  async find(name: string) {
    const configured = this.options.clusters.find(c => c.name === name);
    if (configured) {
      return {
        cluster: { ...configured, source: 'config' as const },
        errors: [],
      };
    }
    const fresh =
      this.cached && this.now() - this.cached.at <= DISCOVERY_TTL_MS;
    let listing = fresh ? await this.cached!.listing : undefined;
    // A listing with failures is not trusted for long: the cluster may be in the part that failed.
    if (!listing || listing.errors.length > 0) listing = await this.list();
    return {
      cluster: listing.clusters.find(c => c.name === name),
      errors: listing.errors,
    };
  }

  private now() {
    return (this.options.now ?? Date.now)();
  }

  private async listNow(): Promise<ClusterListing> {
    const byName = new Map<string, ClusterRef>();
    for (const c of this.options.clusters) {
      byName.set(c.name, { ...c, source: 'config' });
    }
    const errors: ClusterListing['errors'] = [];
    const targets = this.options.discovery.flatMap(d =>
      d.regions.map(region => ({ accountId: d.accountId, region })),
    );
    const found = await Promise.all(
      targets.map(async ({ accountId, region }) => {
        try {
          const names = await this.options.eks.listClusters(accountId, region);
          return names.map(name => ({ name, accountId, region }));
        } catch (e) {
          errors.push({ accountId, region, error: describeError(e) });
          return [];
        }
      }),
    );
    for (const cluster of found.flat()) {
      const existing = byName.get(cluster.name);
      if (!existing) {
        byName.set(cluster.name, { ...cluster, source: 'discovery' });
      } else if (
        existing.accountId !== cluster.accountId ||
        existing.region !== cluster.region
      ) {
        errors.push({
          accountId: cluster.accountId,
          region: cluster.region,
          error: `Cluster ${cluster.name} is skipped: the name is already used by the cluster in account ${existing.accountId}, ${existing.region}. Cluster names must be unique; list one of them under eksPodIdentity.clusters and drop its account-region from discovery.`,
        });
      }
    }
    return { clusters: [...byName.values()], errors };
  }
}
