import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  formatProblems,
  isReservedTagKey,
  OWNER_TAG_KEY,
  partitionOfArn,
  POLICY_SIZE_LIMITS,
  policySize,
  problem,
  validateArn,
  validateClusterName,
  validateNamespace,
  validatePolicyDocument,
  validateRoleName,
  validateServiceAccountName,
  validateTags,
  ValidationProblem,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  ENTITY_REF_TAG_KEY,
  MANAGED_BY_TAG_KEY,
  MANAGED_BY_TAG_VALUE,
} from '../provisioning/constants';
import {
  presetStatements,
  PresetGrant,
  PresetScope,
} from '../policies/presets';
import type { StatementList } from '../policies/statements';
import type { ResolvedCluster } from '../services/ClusterResolver';
import type { PlatformGuardrails } from '../services/Guardrails';
import type { VerifiedEntity } from '../services/Requesters';

/** Throws one InputError carrying every problem found, so a form is fixed in one go. */
export function throwIfProblems(problems: ValidationProblem[]): void {
  // Composite actions check shared inputs (tags, entityRef) more than once.
  const unique = problems.filter(
    (p, i) => problems.findIndex(q => q.message === p.message) === i,
  );
  if (unique.length > 0) throw new InputError(formatProblems(unique));
}

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function requireString(
  value: unknown,
  field: string,
  what: string,
): ValidationProblem[] {
  if (typeof value === 'string' && value.length > 0) return [];
  return problem(field, `${field} is missing: give ${what}.`);
}

/** Cluster, namespace and service account names, and the guardrails on them. */
export function checkWorkload(
  input: { cluster?: unknown; namespace?: unknown; serviceAccount?: unknown },
  guardrails: PlatformGuardrails,
  options: { serviceAccountField?: string; optionalWorkload?: boolean } = {},
): ValidationProblem[] {
  const saField = options.serviceAccountField ?? 'serviceAccount';
  const { cluster, namespace, serviceAccount } = input;
  const problems = requireString(cluster, 'cluster', 'the EKS cluster name');
  if (!problems.length) {
    problems.push(
      ...validateClusterName(cluster as string),
      ...guardrails.check({ cluster: cluster as string }),
    );
  }
  if (!options.optionalWorkload || !isBlank(namespace)) {
    const missing = requireString(
      namespace,
      'namespace',
      'the Kubernetes namespace',
    );
    problems.push(
      ...(missing.length
        ? missing
        : [
            ...validateNamespace(namespace as string),
            ...guardrails.check({ namespace: namespace as string }),
          ]),
    );
  }
  if (!options.optionalWorkload || !isBlank(serviceAccount)) {
    const missing = requireString(
      serviceAccount,
      saField,
      'the service account name',
    );
    problems.push(
      ...(missing.length
        ? missing
        : validateServiceAccountName(serviceAccount as string, saField)),
    );
  }
  return problems;
}

export function checkRoleName(
  roleName: unknown,
  guardrails: PlatformGuardrails,
): ValidationProblem[] {
  if (typeof roleName !== 'string') {
    return problem('roleName', 'roleName must be text: give an IAM role name.');
  }
  const invalid = validateRoleName(roleName);
  return invalid.length ? invalid : guardrails.check({ roleName });
}

/** `component:default/orders-api` style; kind defaults to Component. */
export function parseEntity(entityRef: unknown): {
  ref?: string;
  problems: ValidationProblem[];
} {
  if (isBlank(entityRef)) return { problems: [] };
  try {
    const ref = stringifyEntityRef(
      parseEntityRef(String(entityRef), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
    return { ref, problems: [] };
  } catch {
    return {
      problems: problem(
        'entityRef',
        `entityRef "${entityRef}" is not an entity reference: use kind:namespace/name, e.g. component:default/orders-api.`,
      ),
    };
  }
}

/**
 * Requested tags plus the module's own, checked against AWS rules and required
 * tags. The entity and owner tags come only from `entity`, verified in the
 * catalog; a requested key under a reserved prefix is refused, so no template
 * input can claim another team's entity.
 */
export function buildTags(
  requested: unknown,
  entity: VerifiedEntity | undefined,
  guardrails: PlatformGuardrails,
): { tags: Record<string, string>; problems: ValidationProblem[] } {
  if (
    !isBlank(requested) &&
    (typeof requested !== 'object' || Array.isArray(requested))
  ) {
    return {
      tags: {},
      problems: problem(
        'tags',
        'tags must be an object of key: value, e.g. { owner: team-orders }.',
      ),
    };
  }
  const given = (requested ?? {}) as Record<string, string>;
  const reserved = Object.keys(given)
    .filter(isReservedTagKey)
    .flatMap(key =>
      problem(
        `tags.${key}`,
        `tags.${key} is a reserved tag key (backstage.io/, eks-pod-identity/ and aws: keys are written by the actions, from a verified entityRef): remove it, and give entityRef for the entity tags.`,
      ),
    );
  const tags: Record<string, string> = {
    ...given,
    [MANAGED_BY_TAG_KEY]: MANAGED_BY_TAG_VALUE,
  };
  if (entity) {
    tags[ENTITY_REF_TAG_KEY] = entity.ref;
    if (entity.ownerRef) tags[OWNER_TAG_KEY] = entity.ownerRef;
  }
  return {
    tags,
    problems: reserved.length
      ? reserved
      : [...validateTags(tags), ...guardrails.check({ tags: given })],
  };
}

/**
 * The ARNs a request names, by field: every one must be in the cluster's
 * partition, which IAM and EKS would otherwise refuse with a raw error.
 */
export function checkPartitions(
  input: {
    roleArn?: unknown;
    targetRoleArn?: unknown;
    managedPolicyArns?: unknown;
    permissions?: unknown;
  },
  cluster: ResolvedCluster,
): ValidationProblem[] {
  const expected = partitionOfArn(cluster.arn);
  const named: Array<[string, unknown]> = [
    ['roleArn', input.roleArn],
    ['targetRoleArn', input.targetRoleArn],
    ...(Array.isArray(input.managedPolicyArns)
      ? input.managedPolicyArns.map((arn, i): [string, unknown] => [
          `managedPolicyArns[${i}]`,
          arn,
        ])
      : []),
    ...(Array.isArray(input.permissions)
      ? input.permissions.map((grant, i): [string, unknown] => [
          `permissions[${i}].resource`,
          (grant as { resource?: unknown } | null)?.resource,
        ])
      : []),
  ];
  return named.flatMap(([field, arn]) => {
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) return [];
    const partition = partitionOfArn(arn);
    return partition === expected
      ? []
      : problem(
          field,
          `${field} "${arn}" is in partition "${partition}", but cluster ${cluster.name} is in "${expected}": use an ARN of the cluster's partition (arn:${expected}:…).`,
        );
  });
}

/** Checks a policy given as JSON text or object; returns it parsed when valid. */
export function parsePolicy(
  value: unknown,
  field: string,
  kind: 'inline' | 'session',
): { document?: StatementList; problems: ValidationProblem[] } {
  const problems = validatePolicyDocument(value, { kind, field });
  if (problems.length) return { problems };
  const parsed = typeof value === 'string' ? JSON.parse(value) : value;
  const statement = parsed.Statement;
  return {
    document: {
      ...parsed,
      Statement: Array.isArray(statement) ? statement : [statement],
    },
    problems,
  };
}

/**
 * The role's permissions: preset statements plus custom statements, as one
 * inline policy, checked against the IAM grammar and the size limit (what
 * it grants is judged by the plan's analysis). `scope` resolves bare
 * resource names.
 */
export function buildPermissions(
  input: { permissions?: unknown; customPolicy?: unknown },
  scope: PresetScope,
): { document?: StatementList; problems: ValidationProblem[] } {
  const problems: ValidationProblem[] = [];
  const statements: StatementList['Statement'] = [];
  if (!isBlank(input.permissions)) {
    if (!Array.isArray(input.permissions)) {
      problems.push(
        ...problem(
          'permissions',
          'permissions must be a list of { preset, resource }.',
        ),
      );
    } else {
      input.permissions.forEach((grant, i) => {
        const built = presetStatements(
          (grant ?? {}) as PresetGrant,
          `permissions[${i}]`,
          scope,
        );
        problems.push(...built.problems);
        statements.push(...built.statements);
      });
    }
  }
  if (!isBlank(input.customPolicy)) {
    const custom = parsePolicy(input.customPolicy, 'customPolicy', 'inline');
    problems.push(...custom.problems);
    if (custom.document) statements.push(...custom.document.Statement);
  }
  if (problems.length || statements.length === 0) return { problems };
  const document: StatementList = {
    Version: '2012-10-17',
    Statement: statements,
  };
  const size = policySize(document);
  if (size > POLICY_SIZE_LIMITS.inline) {
    problems.push(
      ...problem(
        'permissions',
        `permissions and customPolicy together make a ${size}-character policy: IAM allows ${POLICY_SIZE_LIMITS.inline} per role; drop some or use a managed policy.`,
      ),
    );
  }
  return { document, problems };
}

export function checkManagedPolicyArns(
  value: unknown,
  guardrails: PlatformGuardrails,
): { arns: string[]; problems: ValidationProblem[] } {
  if (isBlank(value)) return { arns: [], problems: [] };
  if (!Array.isArray(value)) {
    return {
      arns: [],
      problems: problem(
        'managedPolicyArns',
        'managedPolicyArns must be a list of IAM policy ARNs.',
      ),
    };
  }
  const arns = value.map(String);
  const problems = arns.flatMap((arn, i) =>
    validateArn(arn, 'iam-policy', `managedPolicyArns[${i}]`),
  );
  return {
    arns,
    problems: problems.length
      ? problems
      : guardrails.check({ managedPolicyArns: arns }),
  };
}

/** A session policy is only valid with session tags disabled (EKS rule). */
export function checkSessionPolicy(
  value: unknown,
  disableSessionTags: boolean,
): { document?: StatementList; problems: ValidationProblem[] } {
  if (isBlank(value)) return { problems: [] };
  if (!disableSessionTags) {
    return {
      problems: problem(
        'sessionPolicy',
        'sessionPolicy needs disableSessionTags set to true (EKS accepts a session policy only without session tags): set it, or drop the session policy.',
      ),
    };
  }
  return parsePolicy(value, 'sessionPolicy', 'session');
}

export function checkBoolean(
  value: unknown,
  field: string,
): ValidationProblem[] {
  return isBlank(value) || typeof value === 'boolean'
    ? []
    : problem(field, `${field} must be true or false.`);
}

export function checkOptionalRoleArn(
  value: unknown,
  field: string,
): ValidationProblem[] {
  if (isBlank(value)) return [];
  return validateArn(String(value), 'iam-role', field);
}
