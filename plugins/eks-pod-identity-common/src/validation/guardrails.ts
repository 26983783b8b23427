import { matchesWildcard } from '../policy/patterns';
import { normalizeArn } from './arns';
import { accountOfArn } from '../arn/arn';
import type { ValidationProblem } from './problem';

/**
 * `eksPodIdentity.guardrails`: the platform's own rules for what the
 * scaffolder actions may create. What a policy may grant is not among them:
 * the actions run the planned role through the access analysis instead.
 */
/**
 * How narrowly a role's trust policy admits pods:
 * - `service-account`: only this cluster's pods running as this namespace and
 *   service account (needs session tags, which carry namespace and account);
 * - `cluster`: any pod of this cluster that an association maps to the role;
 * - `none`: any association in the account (explicit opt-out).
 */
export type TrustScope = 'service-account' | 'cluster' | 'none';

export const TRUST_SCOPES: TrustScope[] = ['service-account', 'cluster', 'none'];

export interface Guardrails {
  /** Cluster names or globs (`team-*`); absent = any cluster. */
  allowedClusters?: string[];
  /** Namespace names or globs; absent = any namespace. */
  allowedNamespaces?: string[];
  roleNamePrefix?: string;
  rolePath?: string;
  /** Boundary every created role must carry; `{accountId}` is replaced by the role's account. */
  permissionsBoundaryArn?: string;
  /** Managed policy ARNs (or globs) that may not be attached. */
  deniedPolicyArns?: string[];
  /** Tag keys every created role and association must carry. */
  requiredTags?: string[];
  /** Accounts a `targetRoleArn` may point into; absent = any account. */
  allowedTargetAccounts?: string[];
  /** Trust scopes (`service-account`, `cluster`, `none`) a role may have; absent = any. */
  allowedTrustScopes?: string[];
  /**
   * Existing roles (ARNs or globs, compared normalised) any requester may
   * bind, though no tag says it belongs to them; the other rules still apply.
   */
  allowedExistingRoleArns?: string[];
}

/** What a scaffolder run is about to create; every field is optional. */
export interface GuardrailSubject {
  accountId?: string;
  cluster?: string;
  namespace?: string;
  roleName?: string;
  rolePath?: string;
  permissionsBoundaryArn?: string;
  managedPolicyArns?: string[];
  /** Cross-account role the association chains to. */
  targetRoleArn?: string;
  /** How narrowly the role's trust admits pods. */
  trustScope?: string;
  tags?: Record<string, string>;
}

const listed = (patterns: string[]) => patterns.map(p => `"${p}"`).join(', ');
const allowedBy = (patterns: string[], value: string) =>
  patterns.some(p => matchesWildcard(p, value));

/**
 * Whether an ARN is on a list of ARN globs. Both sides are normalised first,
 * so case (for IAM) and path tricks such as `policy/./AdministratorAccess`
 * cannot slip past the list.
 */
export function arnListed(patterns: string[], arn: string): boolean {
  const value = normalizeArn(arn);
  return patterns.some(p => matchesWildcard(normalizeArn(p), value, true));
}

/** The boundary ARN the guardrails require for a role in `accountId`. */
export function requiredBoundaryArn(
  guardrails: Guardrails,
  accountId: string,
): string | undefined {
  return guardrails.permissionsBoundaryArn?.replace(
    /\{accountId\}/g,
    accountId,
  );
}

/** Checks a planned change against the guardrails; every problem names the field and the rule. */
export function checkGuardrails(
  subject: GuardrailSubject,
  guardrails: Guardrails,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (field: string, message: string) =>
    problems.push({ field, message });
  const g = guardrails;

  if (
    subject.cluster !== undefined &&
    g.allowedClusters &&
    !allowedBy(g.allowedClusters, subject.cluster)
  ) {
    add(
      'cluster',
      `cluster "${
        subject.cluster
      }" is not allowed by the platform guardrails: use one of ${listed(
        g.allowedClusters,
      )}.`,
    );
  }
  if (
    subject.namespace !== undefined &&
    g.allowedNamespaces &&
    !allowedBy(g.allowedNamespaces, subject.namespace)
  ) {
    add(
      'namespace',
      `namespace "${
        subject.namespace
      }" is not allowed by the platform guardrails: use one matching ${listed(
        g.allowedNamespaces,
      )}.`,
    );
  }
  if (
    subject.roleName !== undefined &&
    g.roleNamePrefix &&
    !subject.roleName.startsWith(g.roleNamePrefix)
  ) {
    add(
      'roleName',
      `roleName "${subject.roleName}" must start with "${g.roleNamePrefix}" (platform guardrail): e.g. "${g.roleNamePrefix}${subject.roleName}".`,
    );
  }
  if (
    g.rolePath &&
    subject.rolePath !== undefined &&
    subject.rolePath !== g.rolePath
  ) {
    add(
      'rolePath',
      `rolePath "${subject.rolePath}" is not allowed: the platform guardrails require "${g.rolePath}".`,
    );
  }
  if (g.permissionsBoundaryArn && subject.accountId !== undefined) {
    const required = requiredBoundaryArn(g, subject.accountId)!;
    if (subject.permissionsBoundaryArn !== required) {
      add(
        'permissionsBoundaryArn',
        subject.permissionsBoundaryArn
          ? `permissionsBoundaryArn "${subject.permissionsBoundaryArn}" is not allowed: the platform guardrails require "${required}".`
          : `permissionsBoundaryArn is required by the platform guardrails: set it to "${required}".`,
      );
    }
  }
  for (const arn of subject.managedPolicyArns ?? []) {
    if (g.deniedPolicyArns && arnListed(g.deniedPolicyArns, arn)) {
      add(
        'managedPolicyArns',
        `managedPolicyArns: "${arn}" is denied by the platform guardrails: choose a narrower policy or use a preset.`,
      );
    }
  }
  if (subject.tags !== undefined) {
    for (const key of g.requiredTags ?? []) {
      if (!subject.tags[key]?.trim())
        add(
          'tags',
          `tags: "${key}" is required by the platform guardrails: add a "${key}" tag with a non-blank value.`,
        );
    }
  }
  const targetAccount =
    subject.targetRoleArn && accountOfArn(subject.targetRoleArn);
  if (
    targetAccount &&
    g.allowedTargetAccounts &&
    !g.allowedTargetAccounts.includes(targetAccount)
  ) {
    add(
      'targetRoleArn',
      `targetRoleArn "${
        subject.targetRoleArn
      }" is in account ${targetAccount}, which the platform guardrails do not allow: use a role in ${listed(
        g.allowedTargetAccounts,
      )}, or ask the platform team to add the account to allowedTargetAccounts.`,
    );
  }
  if (
    subject.trustScope !== undefined &&
    g.allowedTrustScopes &&
    !g.allowedTrustScopes.includes(subject.trustScope)
  ) {
    add(
      'trustScope',
      `trustScope "${
        subject.trustScope
      }" is not allowed by the platform guardrails: use ${listed(
        g.allowedTrustScopes,
      )}.`,
    );
  }
  return problems;
}

