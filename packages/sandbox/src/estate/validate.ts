import {
  ACCESS_ENTRY_TYPES,
  accessPolicyProblems,
  AUTHENTICATION_MODES,
} from '../aws/eks/accessEntries';
import { TRACKED_ACTIONS } from '../aws/iam/lastAccessed';
import { policyDocumentProblem, PolicyKind } from '../aws/policyDocument';
import type { EstateSeed } from '../types';
import { seedDateProblem } from './dates';
import { EstateError } from './errors';

export { EstateError };

type Obj = Record<string, unknown>;

class Checker {
  constructor(private readonly source: string) {}

  fail(path: string, problem: string): never {
    throw new EstateError(`${this.source}: ${path}: ${problem}`);
  }

  object(
    path: string,
    value: unknown,
    fields: string[],
    required: string[] = [],
  ): Obj {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be a mapping (an object)');
    }
    const obj = value as Obj;
    for (const key of Object.keys(obj)) {
      if (!fields.includes(key)) {
        this.fail(
          `${path}.${key}`,
          `unknown field; expected one of ${fields.join(', ')}`,
        );
      }
    }
    for (const key of required) {
      if (obj[key] === undefined || obj[key] === null)
        this.fail(`${path}.${key}`, 'is required');
    }
    return obj;
  }

  list(path: string, value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path, 'must be a list');
    return value;
  }

  string(
    path: string,
    value: unknown,
    pattern?: RegExp,
    hint?: string,
  ): string {
    if (typeof value === 'number' || typeof value === 'boolean') {
      this.fail(path, `must be a string; quote it in YAML ('${value}')`);
    }
    if (typeof value !== 'string' || value === '')
      this.fail(path, 'must be a non-empty string');
    if (pattern && !pattern.test(value))
      this.fail(path, `'${value}' ${hint ?? `must match ${pattern}`}`);
    return value;
  }

  optionalString(
    path: string,
    value: unknown,
    pattern?: RegExp,
    hint?: string,
  ): void {
    if (value !== undefined && value !== null)
      this.string(path, value, pattern, hint);
  }

  optionalBoolean(path: string, value: unknown): void {
    if (value !== undefined && value !== null && typeof value !== 'boolean') {
      this.fail(path, 'must be true or false');
    }
  }

  optionalInteger(
    path: string,
    value: unknown,
    min: number,
    max: number,
  ): void {
    if (value === undefined || value === null) return;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < min ||
      value > max
    ) {
      this.fail(path, `must be a whole number from ${min} to ${max}`);
    }
  }

  /** An ISO date or one relative to the sandbox's start (estate/dates.ts). */
  optionalDate(path: string, value: unknown): void {
    if (value === undefined || value === null) return;
    const problem = seedDateProblem(value);
    if (problem) this.fail(path, problem);
  }

  stringMap(path: string, value: unknown): void {
    if (value === undefined || value === null) return;
    const obj = this.object(path, value, Object.keys(value as Obj));
    for (const [key, v] of Object.entries(obj)) {
      if (typeof v !== 'string')
        this.fail(
          `${path}.${key}`,
          'must be a string (quote numbers and booleans)',
        );
    }
  }

  policy(path: string, value: unknown, kind: PolicyKind): void {
    this.object(path, value, ['Version', 'Id', 'Statement'], ['Statement']);
    const problem = policyDocumentProblem(JSON.stringify(value), kind);
    if (problem) this.fail(path, `IAM would reject this policy: ${problem}`);
  }

  unique(path: string, seen: Set<string>, key: string, what: string): void {
    if (seen.has(key)) this.fail(path, `duplicate ${what} '${key}'`);
    seen.add(key);
  }
}

const NAME = /^[\w+=,.@-]{1,64}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const PATH = /^(\/|\/[\u0021-\u007F]+\/)$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ADDON_STATUSES = [
  'CREATING',
  'ACTIVE',
  'CREATE_FAILED',
  'DEGRADED',
  'DELETING',
  'DELETE_FAILED',
  'UPDATING',
  'UPDATE_FAILED',
];

/** A role's seeded last-accessed data: actions only where IAM tracks them. */
function validateLastAccessed(c: Checker, path: string, value: unknown): void {
  c.list(path, value).forEach((item, i) => {
    const at = `${path}[${i}]`;
    const used = c.object(
      at,
      item,
      ['service', 'date', 'region', 'actions'],
      ['service', 'date'],
    );
    const service = c.string(
      `${at}.service`,
      used.service,
      /^[a-z0-9-]+$/,
      'must be a service namespace such as s3 or dynamodb',
    );
    c.optionalDate(`${at}.date`, used.date);
    c.optionalString(
      `${at}.region`,
      used.region,
      REGION,
      'is not an AWS region name',
    );
    c.list(`${at}.actions`, used.actions).forEach((rawAction, ai) => {
      const aat = `${at}.actions[${ai}]`;
      const action = c.object(
        aat,
        rawAction,
        ['action', 'date'],
        ['action', 'date'],
      );
      const name = c.string(`${aat}.action`, action.action);
      c.optionalDate(`${aat}.date`, action.date);
      if (!(TRACKED_ACTIONS[service] ?? []).includes(name)) {
        c.fail(
          `${aat}.action`,
          `IAM does not track ${service}:${name} at the action level; list only tracked actions (${
            (TRACKED_ACTIONS[service] ?? []).join(', ') ||
            'none for this service'
          }) or drop actions`,
        );
      }
    });
  });
}

function checkManagedPolicy(c: Checker, path: string, value: unknown): string {
  const p = c.object(
    path,
    value,
    ['name', 'path', 'description', 'document', 'tags'],
    ['name', 'document'],
  );
  c.string(
    `${path}.name`,
    p.name,
    POLICY_NAME,
    'must be 1-128 of letters, digits and +=,.@_-',
  );
  c.optionalString(`${path}.path`, p.path, PATH, "must start and end with '/'");
  c.optionalString(`${path}.description`, p.description);
  c.policy(`${path}.document`, p.document, 'identity');
  c.stringMap(`${path}.tags`, p.tags);
  return `${p.path ?? '/'}${p.name}`;
}

function checkAccess(c: Checker, ct: string, cluster: Obj): void {
  if (cluster.accessConfig !== undefined) {
    const config = c.object(`${ct}.accessConfig`, cluster.accessConfig, [
      'authenticationMode',
      'bootstrapClusterCreatorAdminPermissions',
    ]);
    c.optionalString(
      `${ct}.accessConfig.authenticationMode`,
      config.authenticationMode,
      new RegExp(`^(${AUTHENTICATION_MODES.join('|')})$`),
      `must be one of ${AUTHENTICATION_MODES.join(', ')}`,
    );
    c.optionalBoolean(
      `${ct}.accessConfig.bootstrapClusterCreatorAdminPermissions`,
      config.bootstrapClusterCreatorAdminPermissions,
    );
  }
  const principals = new Set<string>();
  c.list(`${ct}.accessEntries`, cluster.accessEntries).forEach((raw, i) => {
    const at = `${ct}.accessEntries[${i}]`;
    const entry = c.object(
      at,
      raw,
      [
        'principalArn',
        'type',
        'username',
        'kubernetesGroups',
        'tags',
        'accessPolicies',
      ],
      ['principalArn'],
    );
    const arn = c.string(
      `${at}.principalArn`,
      entry.principalArn,
      /^arn:aws:iam::\d{12}:(role|user)\//,
      'must be the ARN of an IAM role or user',
    );
    c.unique(`${at}.principalArn`, principals, arn, 'access entry');
    c.optionalString(
      `${at}.type`,
      entry.type,
      new RegExp(`^(${ACCESS_ENTRY_TYPES.join('|')})$`),
      `must be one of ${ACCESS_ENTRY_TYPES.join(', ')}`,
    );
    c.optionalString(`${at}.username`, entry.username);
    c.list(`${at}.kubernetesGroups`, entry.kubernetesGroups).forEach((g, gi) =>
      c.string(`${at}.kubernetesGroups[${gi}]`, g),
    );
    c.stringMap(`${at}.tags`, entry.tags);
    c.list(`${at}.accessPolicies`, entry.accessPolicies).forEach((rawP, pi) => {
      const pt = `${at}.accessPolicies[${pi}]`;
      const policy = c.object(
        pt,
        rawP,
        ['policyArn', 'accessScope'],
        ['policyArn', 'accessScope'],
      );
      const problems = accessPolicyProblems(
        { type: (entry.type as string) ?? 'STANDARD' } as never,
        c.string(`${pt}.policyArn`, policy.policyArn),
        policy.accessScope as never,
      );
      if (problems.length) c.fail(pt, problems.join('; '));
    });
  });
}

/** The date field of each kind of Kubernetes seed item that has one. */
const DATE_FIELDS: Record<string, string | undefined> = {
  workloads: 'startedAt',
  pods: 'startTime',
};

function checkKubernetes(c: Checker, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  // The Kubernetes emulation owns the meaning of these fields; here only their shape is checked.
  const k = c.object(path, value, Object.keys(value as Obj));
  c.list(`${path}.namespaces`, k.namespaces).forEach((ns, i) =>
    c.string(
      `${path}.namespaces[${i}]`,
      ns,
      DNS_LABEL,
      'is not a valid namespace name',
    ),
  );
  for (const field of ['serviceAccounts', 'workloads', 'pods']) {
    c.list(`${path}.${field}`, k[field]).forEach((item, i) => {
      const obj = c.object(
        `${path}.${field}[${i}]`,
        item,
        Object.keys(item as Obj),
        ['namespace', 'name'],
      );
      c.string(
        `${path}.${field}[${i}].namespace`,
        obj.namespace,
        DNS_LABEL,
        'is not a valid namespace name',
      );
      c.string(`${path}.${field}[${i}].name`, obj.name);
      const dateField = DATE_FIELDS[field];
      if (dateField)
        c.optionalDate(`${path}.${field}[${i}].${dateField}`, obj[dateField]);
    });
  }
  c.list(`${path}.nodes`, k.nodes).forEach((item, i) => {
    const obj = c.object(
      `${path}.nodes[${i}]`,
      item,
      Object.keys(item as Obj),
      ['name'],
    );
    c.string(`${path}.nodes[${i}].name`, obj.name);
  });
}

/**
 * Checks an estate seed before the sandbox loads it: shapes, names AWS would
 * accept, uniqueness, and that every policy a role references exists. It does
 * not apply API rules (trust principals, quotas): an estate may hold the
 * misconfigurations the plugins are meant to find.
 */
export function validateEstate(raw: unknown, source = 'estate'): EstateSeed {
  const c = new Checker(source);
  const estate = c.object(
    '(root)',
    raw,
    ['accounts', 'awsManagedPolicies'],
    ['accounts'],
  );
  const awsManaged = new Set<string>();
  c.list('awsManagedPolicies', estate.awsManagedPolicies).forEach((p, i) => {
    const key = checkManagedPolicy(c, `awsManagedPolicies[${i}]`, p);
    c.unique(
      `awsManagedPolicies[${i}].name`,
      awsManaged,
      `arn:aws:iam::aws:policy${key}`,
      'AWS-managed policy',
    );
  });
  const accounts = c.list('accounts', estate.accounts);
  if (accounts.length === 0)
    c.fail('accounts', 'must list at least one account');
  const accountIds = new Set<string>();
  const accessKeys = new Set<string>();

  accounts.forEach((rawAccount, ai) => {
    const at = `accounts[${ai}]`;
    const account = c.object(
      at,
      rawAccount,
      ['id', 'alias', 'accessKeyId', 'secretAccessKey', 'iam', 'clusters'],
      ['id'],
    );
    const id = c.string(
      `${at}.id`,
      account.id,
      /^\d{12}$/,
      'must be a 12-digit account id',
    );
    c.unique(`${at}.id`, accountIds, id, 'account id');
    c.optionalString(`${at}.alias`, account.alias);
    c.optionalString(
      `${at}.accessKeyId`,
      account.accessKeyId,
      /^AKIA[A-Z0-9]{12,124}$/,
      'must look like an access key id: AKIA followed by capital letters or digits',
    );
    c.optionalString(`${at}.secretAccessKey`, account.secretAccessKey);
    if (typeof account.accessKeyId === 'string') {
      c.unique(
        `${at}.accessKeyId`,
        accessKeys,
        account.accessKeyId,
        'access key id',
      );
    }

    const iam =
      account.iam === undefined
        ? {}
        : c.object(`${at}.iam`, account.iam, ['roles', 'policies']);
    const policies = new Set<string>();
    const policyNames = new Set<string>();
    c.list(`${at}.iam.policies`, iam.policies).forEach((p, pi) => {
      const key = checkManagedPolicy(c, `${at}.iam.policies[${pi}]`, p);
      c.unique(
        `${at}.iam.policies[${pi}].name`,
        policyNames,
        (p as Obj).name as string,
        'policy name',
      );
      policies.add(`arn:aws:iam::${id}:policy${key}`);
    });
    const knownPolicy = (arn: string) =>
      policies.has(arn) ||
      awsManaged.has(arn) ||
      arn.startsWith('arn:aws:iam::aws:policy/');

    const roleNames = new Set<string>();
    c.list(`${at}.iam.roles`, iam.roles).forEach((rawRole, ri) => {
      const rt = `${at}.iam.roles[${ri}]`;
      const role = c.object(
        rt,
        rawRole,
        [
          'name',
          'path',
          'description',
          'trustPolicy',
          'managedPolicyArns',
          'inlinePolicies',
          'permissionsBoundaryArn',
          'tags',
          'maxSessionDuration',
          'createDate',
          'lastUsed',
          'lastUsedRegion',
          'lastAccessed',
        ],
        ['name', 'trustPolicy'],
      );
      const name = c.string(
        `${rt}.name`,
        role.name,
        NAME,
        'must be 1-64 of letters, digits and +=,.@_-',
      );
      c.unique(
        `${rt}.name`,
        roleNames,
        name.toLowerCase(),
        'role name (IAM ignores case)',
      );
      c.optionalString(
        `${rt}.path`,
        role.path,
        PATH,
        "must start and end with '/'",
      );
      c.optionalString(`${rt}.description`, role.description);
      c.policy(`${rt}.trustPolicy`, role.trustPolicy, 'trust');
      c.list(`${rt}.managedPolicyArns`, role.managedPolicyArns).forEach(
        (arn, i) => {
          const value = c.string(`${rt}.managedPolicyArns[${i}]`, arn);
          if (!knownPolicy(value)) {
            c.fail(
              `${rt}.managedPolicyArns[${i}]`,
              `policy ${value} is not defined in ${at}.iam.policies nor AWS-managed`,
            );
          }
        },
      );
      if (role.inlinePolicies !== undefined) {
        const inline = c.object(
          `${rt}.inlinePolicies`,
          role.inlinePolicies,
          Object.keys(role.inlinePolicies as Obj),
        );
        for (const [policyName, doc] of Object.entries(inline)) {
          c.string(
            `${rt}.inlinePolicies`,
            policyName,
            POLICY_NAME,
            'is not a valid inline policy name',
          );
          c.policy(`${rt}.inlinePolicies.${policyName}`, doc, 'identity');
        }
      }
      if (role.permissionsBoundaryArn !== undefined) {
        const arn = c.string(
          `${rt}.permissionsBoundaryArn`,
          role.permissionsBoundaryArn,
        );
        if (!knownPolicy(arn)) {
          c.fail(
            `${rt}.permissionsBoundaryArn`,
            `policy ${arn} is not defined in ${at}.iam.policies nor AWS-managed`,
          );
        }
      }
      c.stringMap(`${rt}.tags`, role.tags);
      c.optionalInteger(
        `${rt}.maxSessionDuration`,
        role.maxSessionDuration,
        3600,
        43200,
      );
      c.optionalDate(`${rt}.createDate`, role.createDate);
      c.optionalDate(`${rt}.lastUsed`, role.lastUsed);
      c.optionalString(
        `${rt}.lastUsedRegion`,
        role.lastUsedRegion,
        REGION,
        'is not an AWS region name',
      );
      validateLastAccessed(c, `${rt}.lastAccessed`, role.lastAccessed);
    });

    const clusterKeys = new Set<string>();
    c.list(`${at}.clusters`, account.clusters).forEach((rawCluster, ci) => {
      const ct = `${at}.clusters[${ci}]`;
      const cluster = c.object(
        ct,
        rawCluster,
        [
          'name',
          'region',
          'version',
          'autoMode',
          'oidcIssuer',
          'down',
          'tags',
          'addons',
          'accessConfig',
          'accessEntries',
          'associations',
          'kubernetes',
          // Checked where it is expanded (estate/generate.ts).
          'generatedAssociations',
        ],
        ['name', 'region'],
      );
      const name = c.string(
        `${ct}.name`,
        cluster.name,
        CLUSTER_NAME,
        'must start with a letter or digit and hold only letters, digits, - and _ (at most 100)',
      );
      const region = c.string(
        `${ct}.region`,
        cluster.region,
        REGION,
        'is not an AWS region name such as us-east-1',
      );
      c.unique(
        `${ct}.name`,
        clusterKeys,
        `${region}/${name}`,
        'cluster in this region',
      );
      c.optionalString(
        `${ct}.version`,
        cluster.version,
        /^\d+\.\d+$/,
        'must be a Kubernetes minor version such as 1.31',
      );
      c.optionalBoolean(`${ct}.autoMode`, cluster.autoMode);
      c.optionalString(
        `${ct}.oidcIssuer`,
        cluster.oidcIssuer,
        /^https:\/\/[^\s/]+(\/[^\s]*)?$/,
        'must be an https URL such as https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE',
      );
      c.optionalBoolean(`${ct}.down`, cluster.down);
      c.stringMap(`${ct}.tags`, cluster.tags);
      const addons = new Set<string>();
      c.list(`${ct}.addons`, cluster.addons).forEach((rawAddon, di) => {
        const dt = `${ct}.addons[${di}]`;
        const addon = c.object(
          dt,
          rawAddon,
          ['name', 'version', 'status'],
          ['name'],
        );
        c.unique(
          `${dt}.name`,
          addons,
          c.string(`${dt}.name`, addon.name),
          'add-on',
        );
        c.optionalString(`${dt}.version`, addon.version);
        if (
          addon.status !== undefined &&
          !ADDON_STATUSES.includes(addon.status as string)
        ) {
          c.fail(`${dt}.status`, `must be one of ${ADDON_STATUSES.join(', ')}`);
        }
      });
      const serviceAccounts = new Set<string>();
      c.list(`${ct}.associations`, cluster.associations).forEach(
        (rawAssoc, si) => {
          const st = `${ct}.associations[${si}]`;
          const assoc = c.object(
            st,
            rawAssoc,
            [
              'namespace',
              'serviceAccount',
              'role',
              'targetRoleArn',
              'disableSessionTags',
              'policy',
              'tags',
              'ownerArn',
              'createdAt',
              'modifiedAt',
            ],
            ['namespace', 'serviceAccount', 'role'],
          );
          const ns = c.string(
            `${st}.namespace`,
            assoc.namespace,
            DNS_LABEL,
            'is not a valid namespace name',
          );
          const sa = c.string(`${st}.serviceAccount`, assoc.serviceAccount);
          c.unique(
            st,
            serviceAccounts,
            `${ns}/${sa}`,
            'association for service account',
          );
          const role = c.string(`${st}.role`, assoc.role);
          if (
            role.startsWith('arn:') &&
            !/^arn:aws:iam::\d{12}:role\/(.+\/)?[\w+=,.@-]{1,64}$/.test(role)
          ) {
            c.fail(
              `${st}.role`,
              `'${role}' is neither a role name nor a role ARN`,
            );
          }
          if (!role.startsWith('arn:') && !NAME.test(role))
            c.fail(`${st}.role`, `'${role}' is not a valid role name`);
          c.optionalString(
            `${st}.targetRoleArn`,
            assoc.targetRoleArn,
            /^arn:aws:iam::\d{12}:role\//,
            'must be a role ARN',
          );
          c.optionalBoolean(
            `${st}.disableSessionTags`,
            assoc.disableSessionTags,
          );
          if (assoc.policy !== undefined)
            c.policy(`${st}.policy`, assoc.policy, 'identity');
          c.stringMap(`${st}.tags`, assoc.tags);
          c.optionalString(`${st}.ownerArn`, assoc.ownerArn);
          c.optionalDate(`${st}.createdAt`, assoc.createdAt);
          c.optionalDate(`${st}.modifiedAt`, assoc.modifiedAt);
        },
      );
      checkAccess(c, ct, cluster);
      checkKubernetes(c, `${ct}.kubernetes`, cluster.kubernetes);
    });
  });
  return raw as EstateSeed;
}
