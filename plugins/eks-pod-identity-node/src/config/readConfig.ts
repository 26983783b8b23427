import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  formatProblems,
  isFindingSeverity,
  SEVERITY_ORDER,
  TRUST_SCOPES,
  validateRolePath,
  type FindingSeverity,
  type TrustScope,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { readAnalysisSettings } from '../analysis/settings';
import type { AnalysisSettings } from '../analysis/types';

/** A cluster named in `eksPodIdentity.clusters`. */
export interface ConfiguredCluster {
  name: string;
  accountId: string;
  region: string;
  title?: string;
}

export interface DiscoveryTarget {
  accountId: string;
  regions: string[];
}

export interface AwsEndpoints {
  eks?: string;
  iam?: string;
  sts?: string;
}

export interface RequestsConfig {
  maxAttempts: number;
  concurrency: number;
}

export interface GuardrailsConfig {
  allowedClusters?: string[];
  allowedNamespaces?: string[];
  roleNamePrefix?: string;
  rolePath?: string;
  permissionsBoundaryArn?: string;
  deniedPolicyArns: string[];
  requiredTags: string[];
  /** A planned role the access analysis finds this severe (or worse) about is refused. */
  refuseFindingsAtOrAbove: FindingSeverity;
  allowedTargetAccounts: string[];
  allowedTrustScopes: TrustScope[];
  allowedExistingRoleArns: string[];
}

/** `eksPodIdentity`, validated, with defaults filled in. */
export interface EksPodIdentityConfig {
  clusters: ConfiguredCluster[];
  discovery: DiscoveryTarget[];
  endpoints: AwsEndpoints;
  requests: RequestsConfig;
  /** Absent when not configured; the backend applies its default. */
  schedule?: SchedulerServiceTaskScheduleDefinition;
  guardrails: GuardrailsConfig;
  /** `eksPodIdentity.analysis`, with defaults filled in. */
  analysis: AnalysisSettings;
  notifications: { enabled: boolean };
}

export const DEFAULT_MAX_ATTEMPTS = 10;
export const DEFAULT_CONCURRENCY = 8;

const ROOT = 'eksPodIdentity';
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// EKS: 1–100 characters, letters, digits, hyphens and underscores, starting alphanumeric.
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

function fail(key: string, problem: string): never {
  throw new Error(`Invalid config at '${key}': ${problem}`);
}

/**
 * Account ids must be strings: YAML reads an unquoted 12-digit id as a number
 * and drops leading zeros, so a number is refused with the fix spelled out.
 */
function readAccountId(config: Config, key: string, path: string): string {
  const raw = config.getOptional(key);
  if (typeof raw === 'number') {
    fail(path, `the account id must be a quoted string, e.g. '${raw}'`);
  }
  const value = config.getString(key);
  if (!ACCOUNT_ID.test(value)) {
    fail(path, `'${value}' is not a 12-digit AWS account id`);
  }
  return value;
}

function readRegion(value: string, path: string): string {
  if (!REGION.test(value)) {
    fail(path, `'${value}' is not an AWS region such as us-east-1`);
  }
  return value;
}

function readClusters(config: Config): ConfiguredCluster[] {
  const items = config.getOptionalConfigArray(`${ROOT}.clusters`) ?? [];
  const byName = new Map<string, ConfiguredCluster>();
  return items.map((item, i) => {
    const path = `${ROOT}.clusters[${i}]`;
    const name = item.getString('name');
    if (!CLUSTER_NAME.test(name)) {
      fail(
        `${path}.name`,
        `'${name}' is not an EKS cluster name (1–100 letters, digits, '-' or '_', starting with a letter or digit)`,
      );
    }
    const cluster: ConfiguredCluster = {
      name,
      accountId: readAccountId(item, 'accountId', `${path}.accountId`),
      region: readRegion(item.getString('region'), `${path}.region`),
      title: item.getOptionalString('title'),
    };
    if (byName.has(name)) {
      fail(
        `${path}.name`,
        `cluster '${name}' is listed twice; cluster names must be unique because catalog annotations refer to clusters by name`,
      );
    }
    byName.set(name, cluster);
    return cluster;
  });
}

function readDiscovery(config: Config): DiscoveryTarget[] {
  const items = config.getOptionalConfigArray(`${ROOT}.discovery`) ?? [];
  return items.map((item, i) => {
    const path = `${ROOT}.discovery[${i}]`;
    const regions = item.getStringArray('regions');
    if (regions.length === 0) {
      fail(
        `${path}.regions`,
        'list at least one region to discover clusters in',
      );
    }
    return {
      accountId: readAccountId(item, 'accountId', `${path}.accountId`),
      regions: [
        ...new Set(
          regions.map((r, j) => readRegion(r, `${path}.regions[${j}]`)),
        ),
      ],
    };
  });
}

function readEndpoint(config: Config, name: keyof AwsEndpoints) {
  const key = `${ROOT}.endpoints.${name}`;
  const value = config.getOptionalString(key);
  if (value === undefined) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(
      key,
      `'${value}' is not a URL such as https://eks.us-east-1.amazonaws.com`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(key, `'${value}' must be an http(s) URL`);
  }
  return value.replace(/\/+$/, '');
}

function readPositiveInteger(config: Config, key: string, fallback: number) {
  const value = config.getOptionalNumber(key);
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isInteger(value) || value < 1) {
    fail(key, `must be a whole number of at least 1, got ${value}`);
  }
  return value;
}

/**
 * `trustScope: none` lets any association in the account use the role, so it
 * is left out unless the platform team lists it.
 */
const DEFAULT_TRUST_SCOPES: TrustScope[] = ['service-account', 'cluster'];

function readGuardrails(
  config: Config,
  namedAccounts: string[],
): GuardrailsConfig {
  const key = `${ROOT}.guardrails`;
  const g = config.getOptionalConfig(key);
  const threshold = g?.getOptionalString('refuseFindingsAtOrAbove') ?? 'high';
  if (!isFindingSeverity(threshold)) {
    fail(
      `${key}.refuseFindingsAtOrAbove`,
      `'${threshold}' is not a finding severity; use one of ${SEVERITY_ORDER.join(
        ', ',
      )}.`,
    );
  }
  const trustScopes =
    g?.getOptionalStringArray('allowedTrustScopes') ?? DEFAULT_TRUST_SCOPES;
  const unknownScope = trustScopes.find(
    s => !TRUST_SCOPES.includes(s as TrustScope),
  );
  if (unknownScope !== undefined) {
    fail(
      `${key}.allowedTrustScopes`,
      `"${unknownScope}" is not one of ${TRUST_SCOPES.join(', ')}`,
    );
  }
  const rolePath = g?.getOptionalString('rolePath');
  const badPath = validateRolePath(rolePath ?? '/', `${key}.rolePath`);
  if (badPath.length) throw new Error(formatProblems(badPath));
  return {
    allowedClusters: g?.getOptionalStringArray('allowedClusters'),
    allowedNamespaces: g?.getOptionalStringArray('allowedNamespaces'),
    roleNamePrefix: g?.getOptionalString('roleNamePrefix'),
    rolePath,
    permissionsBoundaryArn: g?.getOptionalString('permissionsBoundaryArn'),
    deniedPolicyArns: g?.getOptionalStringArray('deniedPolicyArns') ?? [],
    requiredTags: g?.getOptionalStringArray('requiredTags') ?? [],
    refuseFindingsAtOrAbove: threshold,
    allowedTargetAccounts:
      g?.getOptionalStringArray('allowedTargetAccounts') ?? namedAccounts,
    allowedTrustScopes: trustScopes as TrustScope[],
    allowedExistingRoleArns:
      g?.getOptionalStringArray('allowedExistingRoleArns') ?? [],
  };
}

/** Every account the config names: the default for `allowedTargetAccounts`. */
function configuredAccounts(
  config: Config,
  clusters: ConfiguredCluster[],
  discovery: DiscoveryTarget[],
): string[] {
  const ids = [
    ...(config.getOptionalConfigArray('aws.accounts') ?? []).map(a =>
      a.getOptionalString('accountId'),
    ),
    ...clusters.map(c => c.accountId),
    ...discovery.map(d => d.accountId),
  ];
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/**
 * Reads and validates `eksPodIdentity`. Throws an error naming the key and the
 * fix on the first problem, so a misconfiguration stops the backend at start
 * rather than surfacing as a failed scan later.
 */
export function readEksPodIdentityConfig(config: Config): EksPodIdentityConfig {
  const schedule = config.getOptionalConfig(`${ROOT}.schedule`);
  const clusters = readClusters(config);
  const discovery = readDiscovery(config);
  return {
    clusters,
    discovery,
    endpoints: {
      eks: readEndpoint(config, 'eks'),
      iam: readEndpoint(config, 'iam'),
      sts: readEndpoint(config, 'sts'),
    },
    requests: {
      maxAttempts: readPositiveInteger(
        config,
        `${ROOT}.requests.maxAttempts`,
        DEFAULT_MAX_ATTEMPTS,
      ),
      concurrency: readPositiveInteger(
        config,
        `${ROOT}.requests.concurrency`,
        DEFAULT_CONCURRENCY,
      ),
    },
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : undefined,
    guardrails: readGuardrails(
      config,
      configuredAccounts(config, clusters, discovery),
    ),
    analysis: readAnalysisSettings(config),
    notifications: {
      enabled:
        config.getOptionalBoolean(`${ROOT}.notifications.enabled`) ??
        // Where the switch was while the catalog module sent notifications.
        config.getOptionalBoolean(
          'catalog.providers.eksPodIdentity.notifications.enabled',
        ) ??
        true,
    },
  };
}
