import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ClusterLocation,
  EksGateway,
  readEksPodIdentityConfig,
} from '@pod-identity/plugin-eks-pod-identity-node';

/** A cluster the actions may work on, with what the trust policy needs. */
export interface ResolvedCluster extends ClusterLocation {
  arn: string;
  /** The OIDC issuer URL IRSA roles of this cluster trust, when it has one. */
  oidcIssuer?: string;
}

/** Finds a cluster by the name templates use (docs/architecture.md §3: names are unique). */
export interface ClusterDirectory {
  resolve(name: string, field?: string): Promise<ResolvedCluster>;
}

// Discovered clusters come and go rarely; a short memory saves a ListClusters
// per account-region on every step without hiding a new cluster for long.
const DISCOVERY_TTL_MS = 60_000;

/** Explicit `eksPodIdentity.clusters` first, then `discovery` (ListClusters). */
export class DefaultClusterDirectory implements ClusterDirectory {
  private discovered?: { at: number; clusters: Promise<ClusterLocation[]> };

  static fromConfig(
    config: Config,
    options: { eks: EksGateway },
  ): DefaultClusterDirectory {
    const { clusters, discovery } = readEksPodIdentityConfig(config);
    return new DefaultClusterDirectory(
      clusters,
      discovery.flatMap(d =>
        d.regions.map(region => ({ accountId: d.accountId, region })),
      ),
      options.eks,
    );
  }

  constructor(
    private readonly configured: ClusterLocation[],
    private readonly discoveryTargets: Array<{
      accountId: string;
      region: string;
    }>,
    private readonly eks: EksGateway,
    private readonly now: () => number = Date.now,
  ) {}

  async resolve(name: string, field = 'cluster'): Promise<ResolvedCluster> {
    const location =
      this.configured.find(c => c.name === name) ??
      (await this.discover()).find(c => c.name === name);
    if (!location) {
      throw new InputError(
        `${field} "${name}" is not a cluster this Backstage knows: pick one listed in eksPodIdentity.clusters or found by eksPodIdentity.discovery.`,
      );
    }
    const description = await this.eks.describeCluster(location);
    return {
      name: location.name,
      accountId: location.accountId,
      region: location.region,
      arn: description.arn,
      oidcIssuer: description.oidcIssuer,
    };
  }

  private discover(): Promise<ClusterLocation[]> {
    if (
      !this.discovered ||
      this.now() - this.discovered.at > DISCOVERY_TTL_MS
    ) {
      const clusters = Promise.all(
        this.discoveryTargets.map(async ({ accountId, region }) =>
          (await this.eks.listClusters(accountId, region)).map(n => ({
            name: n,
            accountId,
            region,
          })),
        ),
      ).then(found => found.flat());
      clusters.catch(() => (this.discovered = undefined));
      this.discovered = { at: this.now(), clusters };
    }
    return this.discovered.clusters;
  }
}
