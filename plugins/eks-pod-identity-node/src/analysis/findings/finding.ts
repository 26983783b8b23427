import {
  FINDING_CATALOGUE,
  Finding,
  FindingCode,
  FindingSeverity,
  FindingSubjectType,
  formatServiceAccountRef,
  MatchedStatement,
  PolicyRef,
  severityRank,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { AssociationRecord } from '../../inventory/types';

export interface FindingDraft {
  code: FindingCode;
  subject: { type: FindingSubjectType; id: string };
  detail: string;
  remediation: string;
  cluster?: string;
  /** Replaces the catalogue severity (only where settings say so). */
  severity?: FindingSeverity;
}

/** A finding with the catalogue's severity and title. */
export function finding(draft: FindingDraft): Finding {
  const { severity, title } = FINDING_CATALOGUE[draft.code];
  return {
    code: draft.code,
    severity: draft.severity ?? severity,
    title,
    detail: draft.detail,
    remediation: draft.remediation,
    subject: draft.subject,
    ...(draft.cluster ? { cluster: draft.cluster } : {}),
  };
}

/** Worst first, then by code and subject, so answers are stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.code.localeCompare(b.code) ||
    a.subject.id.localeCompare(b.subject.id) ||
    a.detail.localeCompare(b.detail)
  );
}

export const associationSubject = (a: AssociationRecord) => ({
  type: 'association' as const,
  id: a.associationId,
});

export const roleSubject = (arn: string) => ({
  type: 'role' as const,
  id: arn,
});

export const serviceAccountSubject = (
  cluster: string,
  namespace: string,
  serviceAccount: string,
) => ({
  type: 'serviceAccount' as const,
  id: formatServiceAccountRef({ cluster, namespace, serviceAccount }),
});

/** `cluster:namespace/serviceaccount`, how the UI and annotations name it. */
export const describeServiceAccount = (cluster: string, a: AssociationRecord) =>
  formatServiceAccountRef({
    cluster,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
  });

export function describePolicyRef(policy: PolicyRef): string {
  if (policy.kind === 'boundary') {
    return `permissions boundary ${policy.arn ?? policy.name ?? ''}`.trim();
  }
  if (policy.kind === 'session') return "the association's session policy";
  if (policy.arn) return `managed policy ${policy.arn}`;
  return policy.name ? `inline policy "${policy.name}"` : 'an identity policy';
}

/** `statement "Sid" of inline policy "x"`, or `statement #2 of …` without a Sid. */
export function describeStatementRef(
  statement: Pick<MatchedStatement, 'policy' | 'sid' | 'index'>,
): string {
  const which = statement.sid
    ? `statement "${statement.sid}"`
    : `statement #${statement.index + 1}`;
  return `${which} of ${describePolicyRef(statement.policy)}`;
}

/** Lists at most `max` items, then says how many more. */
export function listSome(items: string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
