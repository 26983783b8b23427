import {
  severityRank,
  type Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';

/** Worst first; equal severities by code, so the order is stable between renders. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.code.localeCompare(b.code) ||
      a.subject.id.localeCompare(b.subject.id),
  );
}

export function worstFinding(
  findings: readonly Finding[],
): Finding | undefined {
  return sortFindings(findings)[0];
}
