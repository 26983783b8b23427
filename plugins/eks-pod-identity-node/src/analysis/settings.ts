import type { Config } from '@backstage/config';
import { MAX_ASSOCIATIONS_PER_CLUSTER } from '@pod-identity/plugin-eks-pod-identity-common';
import type { AnalysisSettings, PermissionsBoundaryPolicy } from './types';

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = {
  unusedRoleDays: 90,
  quotaWarningRatio: 0.8,
  associationQuota: MAX_ASSOCIATIONS_PER_CLUSTER,
  permissionsBoundary: 'advisory',
};

const BOUNDARY_POLICIES: PermissionsBoundaryPolicy[] = [
  'required',
  'advisory',
  'off',
];
const PREFIX = 'eksPodIdentity.analysis';

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
  const boundary = config.getOptionalString('permissionsBoundary');
  if (
    boundary !== undefined &&
    !BOUNDARY_POLICIES.includes(boundary as PermissionsBoundaryPolicy)
  ) {
    throw new Error(
      `Invalid config: ${PREFIX}.permissionsBoundary must be one of ${BOUNDARY_POLICIES.join(
        ', ',
      )}, got '${boundary}'`,
    );
  }
  return {
    ...DEFAULT_ANALYSIS_SETTINGS,
    ...(unusedRoleDays !== undefined && { unusedRoleDays }),
    ...(percent !== undefined && { quotaWarningRatio: percent / 100 }),
    ...(boundary !== undefined && {
      permissionsBoundary: boundary as PermissionsBoundaryPolicy,
    }),
  };
}
