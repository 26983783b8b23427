import type { Config } from '@backstage/config';
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
};

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
  if (!config) return { ...DEFAULT_ANALYSIS_SETTINGS };
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
  };
}
