import {
  actionPatternMatches,
  Finding,
  POD_IDENTITY_PRINCIPAL,
  PolicyStatement,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type {
  AssociationRecord,
  ClusterInfo,
  ClusterInventory,
  RoleRecord,
} from '../../inventory/types';
import {
  sessionTagValues,
  podIdentityTrustRequest,
} from '../trust/podIdentityRequest';
import {
  askTrust,
  servicePrincipal,
  statementsOfTrust,
  TrustStatement,
  trustStatementsFor,
} from '../trust/trustStatements';
import type { FindingContext } from './context';
import {
  associationSubject,
  describeServiceAccount,
  finding,
  listSome,
  roleSubject,
} from './finding';

const podsPrincipal = servicePrincipal(POD_IDENTITY_PRINCIPAL);

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const describeTrustStatement = (t: {
  index: number;
  statement: PolicyStatement;
}) =>
  t.statement.Sid
    ? `trust statement "${t.statement.Sid}" (#${t.index + 1})`
    : `trust statement #${t.index + 1}`;

const asList = (v: unknown): string[] =>
  v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);

/** Whether an Allow statement's Action/NotAction covers the action, conditions aside. */
function mentions(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) {
    return asList(statement.Action).some(p => actionPatternMatches(p, action));
  }
  return !asList(statement.NotAction).some(p =>
    actionPatternMatches(p, action),
  );
}

function trustedPrincipals(role: RoleRecord): string {
  const principals = statementsOfTrust(role.trustPolicy).flatMap(s =>
    s.Principal === '*'
      ? ['*']
      : Object.entries(s.Principal ?? {}).flatMap(([type, v]) =>
          asList(v).map(value => `${type} ${value}`),
        ),
  );
  return principals.length ? listSome(principals, 3) : 'no principal';
}

const TRUST_STATEMENT_EXAMPLE = `{"Effect": "Allow", "Principal": {"Service": "${POD_IDENTITY_PRINCIPAL}"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}`;

function conditionsFor(
  cluster: ClusterInventory,
  a: AssociationRecord,
): string {
  const tags = sessionTagValues(cluster.cluster, a);
  return JSON.stringify({
    StringEquals: Object.fromEntries(
      Object.entries(tags)
        .filter(([k]) => k !== 'eks-cluster-name')
        .map(([k, v]) => [`aws:RequestTag/${k}`, v]),
    ),
  });
}

interface Use {
  cluster: ClusterInventory;
  association: AssociationRecord;
}

/**
 * TRUST_MISSING_PRINCIPAL and TRUST_MISSING_TAG_SESSION for one role. A trust
 * with no statement for the Pod Identity principal (or none allowing
 * TagSession) is a fact about the role; a trust whose conditions shut out a
 * particular association is a fact about that association.
 */
function trustGaps(role: RoleRecord, uses: Use[]): Finding[] {
  const statements = trustStatementsFor(role.trustPolicy, podsPrincipal);
  const allowing = statements.filter(s => s.statement.Effect === 'Allow');
  if (!allowing.some(s => mentions(s.statement, 'sts:AssumeRole'))) {
    return [
      finding({
        code: 'TRUST_MISSING_PRINCIPAL',
        subject: roleSubject(role.arn),
        detail: `The trust policy of role ${
          role.arn
        } has no statement allowing ${POD_IDENTITY_PRINCIPAL} to call sts:AssumeRole (it trusts ${trustedPrincipals(
          role,
        )}), so EKS cannot hand its credentials to the pods of ${listSome(
          uses.map(u =>
            describeServiceAccount(u.cluster.cluster.name, u.association),
          ),
        )}.`,
        remediation: `Add this statement to the role's trust policy (keep the existing ones while migrating): ${TRUST_STATEMENT_EXAMPLE}, scoped with aws:RequestTag conditions on the cluster, namespace and service account.`,
      }),
    ];
  }

  const findings: Finding[] = [];
  const taggedUses = uses.filter(u => !u.association.disableSessionTags);
  const tagSessionAllowed = allowing.some(s =>
    mentions(s.statement, 'sts:TagSession'),
  );
  if (taggedUses.length > 0 && !tagSessionAllowed) {
    const assume = allowing.filter(s =>
      mentions(s.statement, 'sts:AssumeRole'),
    );
    findings.push(
      finding({
        code: 'TRUST_MISSING_TAG_SESSION',
        subject: roleSubject(role.arn),
        detail: `${capitalize(
          listSome(assume.map(describeTrustStatement)),
        )} of role ${role.arn} allow${
          assume.length === 1 ? 's' : ''
        } ${POD_IDENTITY_PRINCIPAL} sts:AssumeRole but no statement allows sts:TagSession; with session tags enabled (as on ${listSome(
          taggedUses.map(u =>
            describeServiceAccount(u.cluster.cluster.name, u.association),
          ),
        )}) EKS calls both, so the pods get no credentials.`,
        remediation: `Add "sts:TagSession" to the Action of that trust statement (["sts:AssumeRole", "sts:TagSession"]); or, if the workloads need no session tags, disable them on the associations.`,
      }),
    );
  }

  for (const use of uses) {
    findings.push(...useGaps(role, statements, tagSessionAllowed, use));
  }
  return findings;
}

/** Role → association → its gaps, while neither object and its cluster's info changed. */
const gapsOfUse = new WeakMap<
  RoleRecord,
  WeakMap<AssociationRecord, { info: ClusterInfo; found: Finding[] }>
>();

/**
 * The trust gaps of one use, evaluated once per role, association and cluster
 * objects: a later analysis of an inventory that shares them (a change made
 * elsewhere) reuses the answer.
 */
function useGaps(
  role: RoleRecord,
  statements: TrustStatement[],
  tagSessionAllowed: boolean,
  use: Use,
): Finding[] {
  const byAssociation = gapsOfUse.get(role) ?? new WeakMap();
  gapsOfUse.set(role, byAssociation);
  const known = byAssociation.get(use.association);
  if (known?.info === use.cluster.cluster) return known.found;
  const found = evaluateUse(role, statements, tagSessionAllowed, use);
  byAssociation.set(use.association, { info: use.cluster.cluster, found });
  return found;
}

/** Whether the trust policy admits one association's sessions. */
function evaluateUse(
  role: RoleRecord,
  statements: TrustStatement[],
  tagSessionAllowed: boolean,
  { cluster, association }: Use,
): Finding[] {
  const ask = (action: string) =>
    askTrust(
      statements,
      role.trustPolicy.Version,
      podIdentityTrustRequest(action, cluster.cluster, association),
    );
  const where = describeServiceAccount(cluster.cluster.name, association);
  const assume = ask('sts:AssumeRole');
  if (assume.outcome === 'denied') {
    return [
      finding({
        code: 'TRUST_MISSING_PRINCIPAL',
        subject: associationSubject(association),
        cluster: cluster.cluster.name,
        detail: `The trust policy of role ${
          role.arn
        } allows ${POD_IDENTITY_PRINCIPAL} only under conditions the association ${
          association.associationId
        } of ${where} does not meet (${
          association.disableSessionTags
            ? 'session tags disabled, so no request tags'
            : `request tags ${JSON.stringify(
                sessionTagValues(cluster.cluster, association),
              )}`
        }): ${assume.explanation}`,
        remediation: `Widen the trust statement's conditions to admit this association, e.g. ${conditionsFor(
          cluster,
          association,
        )}${
          association.disableSessionTags
            ? ' after enabling session tags on it'
            : ''
        }, or associate a role meant for it.`,
      }),
    ];
  }
  if (association.disableSessionTags || !tagSessionAllowed) return [];
  const tag = ask('sts:TagSession');
  if (tag.outcome !== 'denied') return [];
  return [
    finding({
      code: 'TRUST_MISSING_TAG_SESSION',
      subject: associationSubject(association),
      cluster: cluster.cluster.name,
      detail: `The trust policy of role ${role.arn} allows sts:AssumeRole for the association ${association.associationId} of ${where}, but not sts:TagSession with its session tags: ${tag.explanation}`,
      remediation: `Let the statement that allows sts:TagSession accept this association's tags (${conditionsFor(
        cluster,
        association,
      )}), or disable session tags on the association.`,
    }),
  ];
}

/** Condition keys that narrow who can use the role (positive, non-IfExists operators only). */
const SCOPING_KEYS = new Set([
  'aws:requesttag/eks-cluster-arn',
  'aws:requesttag/eks-cluster-name',
  'aws:requesttag/kubernetes-namespace',
  'aws:requesttag/kubernetes-service-account',
  'aws:sourcearn',
]);

function scopingKeys(statement: PolicyStatement): string[] {
  return Object.entries(statement.Condition ?? {}).flatMap(
    ([operator, byKey]) => {
      const op = operator.toLowerCase();
      if (op.includes('not') || op.endsWith('ifexists') || op === 'null')
        return [];
      return Object.keys(byKey ?? {}).filter(k =>
        SCOPING_KEYS.has(k.toLowerCase()),
      );
    },
  );
}

/** TRUST_UNSCOPED: a Pod Identity trust statement nothing narrows below the account. */
function trustUnscoped(
  role: RoleRecord,
  uses: Use[],
  context: FindingContext,
): Finding[] {
  const required = context.settings.scopedTrust === 'required';
  const open = trustStatementsFor(role.trustPolicy, podsPrincipal).filter(
    (s: TrustStatement) =>
      s.statement.Effect === 'Allow' &&
      mentions(s.statement, 'sts:AssumeRole') &&
      scopingKeys(s.statement).length === 0,
  );
  if (open.length === 0) return [];
  const tested = open.flatMap(s =>
    Object.values(s.statement.Condition ?? {}).flatMap(k =>
      Object.keys(k ?? {}),
    ),
  );
  const [first] = uses;
  return [
    finding({
      code: 'TRUST_UNSCOPED',
      subject: roleSubject(role.arn),
      ...(required ? { severity: 'high' as const } : {}),
      detail: `${capitalize(
        listSome(open.map(describeTrustStatement)),
      )} of role ${role.arn} let${
        open.length === 1 ? 's' : ''
      } ${POD_IDENTITY_PRINCIPAL} assume the role ${
        tested.length
          ? `testing only ${[...new Set(tested)].join(', ')}`
          : 'with no condition'
      }, so a Pod Identity association for any cluster, namespace or service account in account ${
        role.accountId
      } can use it${
        required ? ', and this installation requires scoped trust' : ''
      }.`,
      remediation: `Add conditions on the session tags EKS sets, e.g. ${
        first
          ? conditionsFor(first.cluster, first.association)
          : '{"StringEquals": {"aws:RequestTag/kubernetes-namespace": "<namespace>", "aws:RequestTag/kubernetes-service-account": "<service account>"}}'
      }${
        uses.some(u => u.association.disableSessionTags)
          ? '; associations with session tags disabled send no request tags, so enable them first'
          : ''
      }.`,
    }),
  ];
}

/** Trust findings for every role that some association assumes directly. */
export function trustFindings(context: FindingContext): Finding[] {
  const uses = new Map<string, { role: RoleRecord; uses: Use[] }>();
  for (const cluster of context.index.clusters) {
    for (const association of cluster.associations) {
      const lookup = context.index.role(association.roleArn);
      if (lookup.state !== 'found') continue;
      const entry = uses.get(lookup.role.arn) ?? {
        role: lookup.role,
        uses: [],
      };
      entry.uses.push({ cluster, association });
      uses.set(lookup.role.arn, entry);
    }
  }
  return [...uses.values()].flatMap(({ role, uses: u }) => [
    ...trustGaps(role, u),
    ...trustUnscoped(role, u, context),
  ]);
}
