/**
 * EKS add-ons (EKS API 2017-11-01): CreateAddon, DescribeAddon, ListAddons,
 * DeleteAddon and DescribeAddonVersions. A new add-on is CREATING for a
 * moment, then ACTIVE; the Pod Identity agent's DaemonSet and its pods appear
 * in the cluster when it is created and go when it is deleted (unless
 * `preserve`), as EKS applies and removes an add-on's manifests.
 */
import { AwsError } from '../errors';
import { uuid } from '../ids';
import { pageAfter } from '../paging';
import type { AddonState, ClusterState } from '../../state/model';
import { renderAddon } from './render';
import type { EksContext, EksRequest } from './service';
import {
  findCluster,
  invalidParameter,
  optionalString,
  readMaxResults,
  readNextToken,
  readTags,
  requiredString,
} from './validate';

const DEFAULT_CREATE_DELAY_MS = 2000;

type AddonVersion = { version: string; clusterVersions: string[] };

const ALL_VERSIONS = ['1.28', '1.29', '1.30', '1.31', '1.32', '1.33'];

/** The add-ons the sandbox can install, newest version first; the first one a cluster version allows is its default. */
export const ADDON_CATALOG: Record<
  string,
  { type: string; versions: AddonVersion[] }
> = {
  'eks-pod-identity-agent': {
    type: 'security',
    versions: [
      { version: 'v1.3.8-eksbuild.1', clusterVersions: ALL_VERSIONS },
      { version: 'v1.3.5-eksbuild.2', clusterVersions: ALL_VERSIONS },
      { version: 'v1.3.4-eksbuild.1', clusterVersions: ALL_VERSIONS },
      {
        version: 'v1.2.0-eksbuild.1',
        clusterVersions: ['1.28', '1.29', '1.30'],
      },
    ],
  },
  'vpc-cni': {
    type: 'networking',
    versions: [
      { version: 'v1.19.2-eksbuild.1', clusterVersions: ALL_VERSIONS },
    ],
  },
  coredns: {
    type: 'networking',
    versions: [
      { version: 'v1.11.4-eksbuild.2', clusterVersions: ALL_VERSIONS },
    ],
  },
  'kube-proxy': {
    type: 'networking',
    versions: [
      { version: 'v1.31.3-eksbuild.2', clusterVersions: ALL_VERSIONS },
    ],
  },
};

function notFound(cluster: ClusterState, name: string) {
  return new AwsError(
    'ResourceNotFoundException',
    404,
    `No addon: ${name} found in cluster: ${cluster.name}`,
    { clusterName: cluster.name, addonName: name },
  );
}

/** The add-on as of now: a CREATING one whose time has come is ACTIVE. */
function current(addon: AddonState): AddonState {
  if (addon.status === 'CREATING' && addon.activeAt) {
    const now = new Date();
    if (addon.activeAt <= now) {
      addon.status = 'ACTIVE';
      addon.modifiedAt = addon.activeAt;
      addon.activeAt = undefined;
    }
  }
  return addon;
}

export function createAddon(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const name = requiredString(request.body, 'addonName');
  const catalog = ADDON_CATALOG[name];
  if (!catalog) {
    throw invalidParameter(
      `Addon ${name} is not supported; supported: ${Object.keys(
        ADDON_CATALOG,
      ).join(', ')}`,
      { clusterName: cluster.name, addonName: name },
    );
  }
  const compatible = catalog.versions.filter(v =>
    v.clusterVersions.includes(cluster.version),
  );
  const requested = optionalString(request.body, 'addonVersion');
  const version = requested ?? compatible[0]?.version;
  if (!version || !compatible.some(v => v.version === version)) {
    throw invalidParameter(
      `Addon version ${requested} of ${name} is not supported for Kubernetes ${
        cluster.version
      }; supported: ${compatible.map(v => v.version).join(', ') || 'none'}`,
      { clusterName: cluster.name, addonName: name },
    );
  }
  const tags = readTags(request.body, invalidParameter);
  if (cluster.addons.has(name)) {
    throw new AwsError('ResourceInUseException', 409, 'Addon already exists.', {
      clusterName: cluster.name,
      addonName: name,
    });
  }
  const now = new Date();
  const addon: AddonState = {
    name,
    version,
    status: 'CREATING',
    activeAt: new Date(
      now.getTime() +
        (ctx.kubernetes.addonCreateDelayMs ?? DEFAULT_CREATE_DELAY_MS),
    ),
    arn: `arn:aws:eks:${cluster.region}:${cluster.accountId}:addon/${
      cluster.name
    }/${name}/${uuid()}`,
    createdAt: now,
    modifiedAt: now,
    tags,
  };
  cluster.addons.set(name, addon);
  ctx.kubernetes.setAddonObjects?.(cluster, name, true);
  ctx.mutated({ target: addon.arn, cluster: cluster.name, detail: version });
  return { addon: renderAddon(cluster, addon) };
}

export function describeAddon(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const addon = cluster.addons.get(request.labels.addonName);
  if (!addon) throw notFound(cluster, request.labels.addonName);
  return { addon: renderAddon(cluster, current(addon)) };
}

export function listAddons(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const maxResults = readMaxResults(request);
  const after = readNextToken(request);
  const names = [...cluster.addons.keys()].sort();
  const page = pageAfter(names, name => name, after, maxResults);
  return { addons: page.items, nextToken: page.nextToken };
}

export function deleteAddon(request: EksRequest, ctx: EksContext) {
  const cluster = findCluster(ctx, request.labels.clusterName);
  const addon = cluster.addons.get(request.labels.addonName);
  if (!addon) throw notFound(cluster, request.labels.addonName);
  const preserve = ['true', '1'].includes(request.query.get('preserve') ?? '');
  // Deletion is quick here: the answer says DELETING, the next read finds nothing.
  cluster.addons.delete(addon.name);
  if (!preserve) ctx.kubernetes.setAddonObjects?.(cluster, addon.name, false);
  ctx.mutated({ target: addon.arn, cluster: cluster.name });
  return {
    addon: { ...renderAddon(cluster, addon), status: 'DELETING' },
  };
}

export function describeAddonVersions(request: EksRequest) {
  const name = request.query.get('addonName');
  const kubernetesVersion = request.query.get('kubernetesVersion');
  const maxResults = readMaxResults(request);
  const after = readNextToken(request);
  const names = Object.keys(ADDON_CATALOG)
    .filter(n => !name || n === name)
    .sort();
  const page = pageAfter(names, n => n, after, maxResults);
  return {
    addons: page.items.map(addonName => {
      const { type, versions } = ADDON_CATALOG[addonName];
      const fitting = versions.filter(
        v =>
          !kubernetesVersion || v.clusterVersions.includes(kubernetesVersion),
      );
      return {
        addonName,
        type,
        owner: 'aws',
        publisher: 'eks',
        addonVersions: fitting.map(v => ({
          addonVersion: v.version,
          architecture: ['amd64', 'arm64'],
          compatibilities: v.clusterVersions.map(clusterVersion => ({
            clusterVersion,
            platformVersions: ['*'],
            defaultVersion:
              versions.find(x => x.clusterVersions.includes(clusterVersion))
                ?.version === v.version,
          })),
          requiresConfiguration: false,
          requiresIamPermissions: false,
        })),
      };
    }),
    nextToken: page.nextToken,
  };
}
