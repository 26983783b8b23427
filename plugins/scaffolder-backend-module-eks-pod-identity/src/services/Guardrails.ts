import { Config } from '@backstage/config';
import {
  arnListed,
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
import {
  EksPodIdentityConfig,
  readEksPodIdentityConfig,
} from '@pod-identity/plugin-eks-pod-identity-node';
import { TRUST_SCOPES, TrustScope } from '../policies/trustPolicy';

/**
 * `trustScope: none` lets any association in the account use the role, so it
 * is left out unless the platform team lists it.
 */
const DEFAULT_TRUST_SCOPES: TrustScope[] = ['service-account', 'cluster'];

/** Every account the config names: the default for `allowedTargetAccounts`. */
function configuredAccounts(
  config: Config,
  read: EksPodIdentityConfig,
): string[] {
  const ids = [
    ...(config.getOptionalConfigArray('aws.accounts') ?? []).map(a =>
      a.getOptionalString('accountId'),
    ),
    ...read.clusters.map(c => c.accountId),
    ...read.discovery.map(d => d.accountId),
  ];
  return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/**
 * The platform team's limits (`eksPodIdentity.guardrails`) as the actions
 * apply them: the platform rules live in -common, shared with the backend;
 * what a role may grant is judged by the access analysis (see
 * `inputs/planFindings.ts`), refused from `refuseFindingsAtOrAbove` up.
 */
export class PlatformGuardrails {
  static fromConfig(
    config: Config,
    read: EksPodIdentityConfig = readEksPodIdentityConfig(config),
  ): PlatformGuardrails {
    const key = (name: string) => `eksPodIdentity.guardrails.${name}`;
    const threshold =
      config.getOptionalString(key('refuseFindingsAtOrAbove')) ?? 'high';
    if (!isFindingSeverity(threshold)) {
      throw new Error(
        `Invalid config at '${key(
          'refuseFindingsAtOrAbove',
        )}': '${threshold}' is not a finding severity; use one of ${SEVERITY_ORDER.join(
          ', ',
        )}.`,
      );
    }
    const trustScopes =
      config.getOptionalStringArray(key('allowedTrustScopes')) ??
      DEFAULT_TRUST_SCOPES;
    const unknownScope = trustScopes.find(
      s => !TRUST_SCOPES.includes(s as TrustScope),
    );
    if (unknownScope !== undefined) {
      throw new Error(
        `Invalid config at '${key(
          'allowedTrustScopes',
        )}': "${unknownScope}" is not one of ${TRUST_SCOPES.join(', ')}`,
      );
    }
    const guardrails = new PlatformGuardrails(
      {
        ...read.guardrails,
        allowedTargetAccounts:
          config.getOptionalStringArray(key('allowedTargetAccounts')) ??
          configuredAccounts(config, read),
        allowedTrustScopes: trustScopes,
        allowedExistingRoleArns:
          config.getOptionalStringArray(key('allowedExistingRoleArns')) ?? [],
      },
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
