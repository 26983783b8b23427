import { Config } from '@backstage/config';
import {
  checkGuardrails,
  FindingSeverity,
  formatProblems,
  GuardrailSubject,
  Guardrails,
  isFindingSeverity,
  requiredBoundaryArn,
  SEVERITY_ORDER,
  validateRolePath,
  ValidationProblem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { readEksPodIdentityConfig } from '@pod-identity/plugin-eks-pod-identity-node';

/**
 * The platform team's limits (`eksPodIdentity.guardrails`) as the actions
 * apply them: the platform rules live in -common, shared with the backend;
 * what a role may grant is judged by the access analysis (see
 * `inputs/planFindings.ts`), refused from `refuseFindingsAtOrAbove` up.
 */
export class PlatformGuardrails {
  static fromConfig(config: Config): PlatformGuardrails {
    const key = 'eksPodIdentity.guardrails.refuseFindingsAtOrAbove';
    const threshold = config.getOptionalString(key) ?? 'high';
    if (!isFindingSeverity(threshold)) {
      throw new Error(
        `Invalid config at '${key}': '${threshold}' is not a finding severity; use one of ${SEVERITY_ORDER.join(
          ', ',
        )}.`,
      );
    }
    const guardrails = new PlatformGuardrails(
      readEksPodIdentityConfig(config).guardrails,
      threshold,
    );
    const badPath = validateRolePath(
      guardrails.rolePath,
      'eksPodIdentity.guardrails.rolePath',
    );
    if (badPath.length) throw new Error(formatProblems(badPath));
    return guardrails;
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
