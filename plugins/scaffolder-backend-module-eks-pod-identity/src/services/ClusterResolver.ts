import { InputError } from '@backstage/errors';
import type {
  ClusterDirectory,
  ClusterLocation,
  EksGateway,
} from '@pod-identity/plugin-eks-pod-identity-node';

/** A cluster the actions may work on, with what the trust policy needs. */
export interface ResolvedCluster extends ClusterLocation {
  arn: string;
  /** The OIDC issuer URL IRSA roles of this cluster trust, when it has one. */
  oidcIssuer?: string;
}

/** Finds a cluster by the name templates use (docs/architecture.md §3: names are unique). */
export interface ClusterResolver {
  resolve(name: string, field?: string): Promise<ResolvedCluster>;
}

/**
 * Looks the name up in the suite's cluster directory (the one the scanner
 * lists, shared through `clusterDirectoryServiceRef`) and describes the
 * cluster. An account-region whose listing fails only matters when the
 * cluster is not found elsewhere; then the error says which one failed.
 */
export class DefaultClusterResolver implements ClusterResolver {
  constructor(
    private readonly directory: ClusterDirectory,
    private readonly eks: EksGateway,
  ) {}

  async resolve(name: string, field = 'cluster'): Promise<ResolvedCluster> {
    const { cluster, errors } = await this.directory.find(name);
    if (!cluster) {
      const failed = errors
        .map(e => `account ${e.accountId} in ${e.region}: ${e.error}`)
        .join('; ');
      throw new InputError(
        `${field} "${name}" is not a cluster this Backstage knows: pick one listed in eksPodIdentity.clusters or found by eksPodIdentity.discovery.${
          failed
            ? ` Discovery could not list every account-region, so it may be in one that failed (${failed}); try again once it answers.`
            : ''
        }`,
      );
    }
    const location = {
      name: cluster.name,
      accountId: cluster.accountId,
      region: cluster.region,
    };
    const description = await this.eks.describeCluster(location);
    return {
      ...location,
      arn: description.arn,
      oidcIssuer: description.oidcIssuer,
    };
  }
}
