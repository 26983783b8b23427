import { type Config, readDurationFromConfig } from '@backstage/config';
import { MAX_ASSOCIATIONS_PER_CLUSTER } from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AnalysisSettings,
  PermissionsBoundaryPolicy,
  ScopedTrustPolicy,
} from './types';

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = {
  unusedRoleDays: 90,
  quotaWarningRatio: 0.8,
  associationQuota: MAX_ASSOCIATIONS_PER_CLUSTER,
  permissionsBoundary: 'advisory',
  scopedTrust: 'advisory',
  lastAccessedWindowDays: 90,
};

const DAY_MS = 24 * 60 * 60 * 1000;
/** IAM reports last-accessed data for the last 400 days. */
export const IAM_TRACKING_PERIOD_DAYS = 400;

/** `eksPodIdentity.lastAccessed.window` in days (default 90), within IAM's tracking period. */
export function readLastAccessedWindowDays(root: Config): number {
  const key = 'eksPodIdentity.lastAccessed.window';
  if (!root.has(key)) return DEFAULT_ANALYSIS_SETTINGS.lastAccessedWindowDays;
  const d = readDurationFromConfig(root, { key });
  // IAM counts days; months and years at their average length.
  const days =
    (d.years ?? 0) * 365 +
    (d.months ?? 0) * 30 +
    (d.weeks ?? 0) * 7 +
    (d.days ?? 0) +
    ((d.hours ?? 0) * 3_600_000 +
      (d.minutes ?? 0) * 60_000 +
      (d.seconds ?? 0) * 1000 +
      (d.milliseconds ?? 0)) /
      DAY_MS;
  if (!(days >= 1 && days <= IAM_TRACKING_PERIOD_DAYS)) {
    throw new Error(
      `Invalid config: ${key} must be from 1 to ${IAM_TRACKING_PERIOD_DAYS} days (IAM's tracking period), e.g. { days: 90 }; got ${days} days`,
    );
  }
  return days;
}

const BOUNDARY_POLICIES: PermissionsBoundaryPolicy[] = [
  'required',
  'advisory',
  'off',
];
const SCOPED_TRUST_POLICIES: ScopedTrustPolicy[] = ['required', 'advisory'];
const PREFIX = 'eksPodIdentity.analysis';

function oneOf<T extends string>(
  config: Config,
  key: string,
  values: readonly T[],
): T | undefined {
  const value = config.getOptionalString(key);
  if (value !== undefined && !values.includes(value as T)) {
    throw new Error(
      `Invalid config: ${PREFIX}.${key} must be one of ${values.join(
        ', ',
      )}, got '${value}'`,
    );
  }
  return value as T | undefined;
}

function wholeNumber(config: Config, key: string, min: number, max: number) {
  const value = config.getOptionalNumber(key);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `Invalid config: ${PREFIX}.${key} must be a whole number from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
}

/** `eksPodIdentity.analysis`, validated, defaults filled in. */
export function readAnalysisSettings(root: Config): AnalysisSettings {
  const config = root.getOptionalConfig(PREFIX);
  const lastAccessedWindowDays = readLastAccessedWindowDays(root);
  if (!config) return { ...DEFAULT_ANALYSIS_SETTINGS, lastAccessedWindowDays };
  const unusedRoleDays = wholeNumber(config, 'unusedRoleDays', 1, 3650);
  const percent = wholeNumber(config, 'quotaNearLimitPercent', 1, 100);
  const boundary = oneOf(config, 'permissionsBoundary', BOUNDARY_POLICIES);
  const scopedTrust = oneOf(config, 'scopedTrust', SCOPED_TRUST_POLICIES);
  return {
    ...DEFAULT_ANALYSIS_SETTINGS,
    ...(unusedRoleDays !== undefined && { unusedRoleDays }),
    ...(percent !== undefined && { quotaWarningRatio: percent / 100 }),
    ...(boundary !== undefined && { permissionsBoundary: boundary }),
    ...(scopedTrust !== undefined && { scopedTrust }),
    lastAccessedWindowDays,
  };
}
