import {
  Finding,
  FindingSeverity,
  severityRank,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** Value of the worst-severity label: the worst severity, or `none`. */
export function worstSeverity(
  findings: Iterable<Finding>,
): FindingSeverity | 'none' {
  let worst: FindingSeverity | undefined;
  for (const { severity } of findings) {
    if (worst === undefined || severityRank(severity) < severityRank(worst))
      worst = severity;
  }
  return worst ?? 'none';
}
