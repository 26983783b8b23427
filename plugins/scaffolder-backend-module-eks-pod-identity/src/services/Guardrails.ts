import { Config } from '@backstage/config';
import {
  checkGuardrails,
  formatProblems,
  GuardrailSubject,
  Guardrails,
  requiredBoundaryArn,
  validateRolePath,
  ValidationProblem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { readEksPodIdentityConfig } from '@pod-identity/plugin-eks-pod-identity-node';

/**
 * The platform team's limits (`eksPodIdentity.guardrails`, DESIGN §3) as the
 * actions apply them: the rules themselves live in -common, shared with the
 * backend; this adds what only the scaffolder needs (defaults for roles it
 * creates).
 */
export class PlatformGuardrails {
  static fromConfig(config: Config): PlatformGuardrails {
    const guardrails = new PlatformGuardrails({
      ...readEksPodIdentityConfig(config).guardrails,
      allowPrivilegeEscalation: config.getOptionalBoolean(
        'eksPodIdentity.guardrails.allowPrivilegeEscalation',
      ),
    });
    const badPath = validateRolePath(
      guardrails.rolePath,
      'eksPodIdentity.guardrails.rolePath',
    );
    if (badPath.length) throw new Error(formatProblems(badPath));
    return guardrails;
  }

  constructor(readonly settings: Guardrails) {}

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
