import {
  arnListed,
  checkGuardrails,
  FindingSeverity,
  GuardrailSubject,
  Guardrails,
  requiredBoundaryArn,
  ValidationProblem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { GuardrailsConfig } from '@pod-identity/plugin-eks-pod-identity-node';

/**
 * The platform team's limits (`eksPodIdentity.guardrails`, parsed by -node's
 * config reader) as the actions apply them: the platform rules live in
 * -common, shared with the backend; what a role may grant is judged by the
 * access analysis (see `inputs/planFindings.ts`), refused from
 * `refuseFindingsAtOrAbove` up.
 */
export class PlatformGuardrails {
  static fromSettings(settings: GuardrailsConfig): PlatformGuardrails {
    const { refuseFindingsAtOrAbove, ...rules } = settings;
    return new PlatformGuardrails(rules, refuseFindingsAtOrAbove);
  }

  /**
   * @param refuseFindingsAtOrAbove - a plan the access analysis finds
   * anything this severe (or worse) about is refused before any change.
   */
  constructor(
    readonly settings: Guardrails,
    readonly refuseFindingsAtOrAbove: FindingSeverity = 'high',
  ) {}

  check(subject: GuardrailSubject): ValidationProblem[] {
    return checkGuardrails(subject, this.settings);
  }

  /** Whether the platform lets any requester bind this existing role (`allowedExistingRoleArns`). */
  allowsExistingRole(roleArn: string): boolean {
    return arnListed(this.settings.allowedExistingRoleArns ?? [], roleArn);
  }

  /** The IAM path of every role the actions create. */
  get rolePath(): string {
    return this.settings.rolePath ?? '/';
  }

  /** The required permissions boundary of a role in `accountId`, if any. */
  permissionsBoundaryArn(accountId: string): string | undefined {
    return requiredBoundaryArn(this.settings, accountId);
  }

  /** A role name within the prefix rule, for when the template gives none. */
  defaultRoleName(namespace: string, serviceAccount: string): string {
    return `${this.settings.roleNamePrefix ?? ''}${namespace}-${serviceAccount}`
      .replace(/[^\w+=,.@-]/g, '-')
      .slice(0, 64);
  }
}
