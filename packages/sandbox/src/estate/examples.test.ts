import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type {
  AccountSeed,
  ClusterSeed,
  EstateSeed,
  PolicyDocument,
  PolicyStatement,
} from '../types';
import { BUILT_IN_AWS_MANAGED_POLICIES } from '../aws/iam/awsManagedPolicies';
import { startSandbox } from '../sandbox';
import { kubernetesFor } from '../__testUtils__/kubernetes';
import {
  BACKEND_ROLE_ARN,
  SHIPPED_POLICY_FILES,
  withBackendIdentities,
} from './backendIdentities';
import { resolveEstateDates } from './dates';
import { expandGeneratedAssociations } from './generate';
import { loadEstate } from './load';
import { validateEstate } from './validate';

/**
 * Keeps the demo estate (examples/sandbox/estate.yaml) and the demo catalog
 * (examples/*.yaml) from drifting apart: every reference resolves, every
 * component maps to service accounts that exist, and the clean control cluster
 * stays clean. Deliberately broken items are listed here by name.
 */

const examplesDir = path.resolve(__dirname, '../../../../examples');
const estateFile = path.join(examplesDir, 'sandbox/estate.yaml');
const estateText = fs.readFileSync(estateFile, 'utf8');

/** The estate as a sandbox started at `now` holds it: its relative dates counted back from `now`. */
function estateAt(now: number): EstateSeed {
  return expandGeneratedAssociations(
    resolveEstateDates(
      YAML.parse(estateText) as EstateSeed,
      new Date(now),
      estateFile,
    ),
  );
}

const TODAY = Date.parse('2026-11-28T12:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const A_YEAR_LATER = TODAY + 365 * DAY_MS;
const estate = estateAt(TODAY);
const entities = readEntities('entities.yaml');
const org = readEntities('org.yaml');

const CONTROL_CLUSTER = 'prod-euw1';

/** Associations whose role was deleted on purpose (ROLE_NOT_FOUND). */
const MISSING_ROLES = ['arn:aws:iam::111111111111:role/order-archiver'];
/** Associations whose namespace was deleted on purpose (SERVICE_ACCOUNT_MISSING). */
const MISSING_SERVICE_ACCOUNTS = ['prod-use1:team-search/search-api'];
/** Association roles last used over 90 days ago or never, on purpose (ROLE_UNUSED). */
const UNUSED_ROLES = [
  'arn:aws:iam::111111111111:role/invoice-renderer',
  'arn:aws:iam::111111111111:role/search-indexer',
  'arn:aws:iam::222222222222:role/payments-worker-euw1',
];
const UNUSED_AFTER_DAYS = 90;
/** Service accounts whose pods started before their association, on purpose (PODS_PREDATE_ASSOCIATION). */
const PODS_BEFORE_ASSOCIATION = ['staging-use1:team-orders/orders-api'];
/** Associations no catalog entity maps to, on purpose (UNOWNED_ASSOCIATION). */
const UNOWNED = [
  'prod-use1:kube-system/ebs-csi-controller-sa',
  'prod-use1:team-search/search-api',
];

const FINDING_CODES = [
  'AGENT_MISSING',
  'TRUST_MISSING_PRINCIPAL',
  'TRUST_MISSING_TAG_SESSION',
  'ROLE_NOT_FOUND',
  'POLICY_ADMIN',
  'POLICY_PRIVILEGE_ESCALATION',
  'POLICY_LATERAL_MOVEMENT',
  'PODS_PREDATE_ASSOCIATION',
  'UNSUPPORTED_COMPUTE',
  'POLICY_WILDCARD_ACTION',
  'SESSION_POLICY_WITH_TAGS',
  'TARGET_ROLE_CHAIN_BROKEN',
  'SERVICE_ACCOUNT_MISSING',
  'ROLE_SHARED',
  'POLICY_WILDCARD_RESOURCE_WRITE',
  'QUOTA_NEAR_LIMIT',
  'IRSA_LEFTOVER',
  'TRUST_UNSCOPED',
  'NO_PERMISSIONS_BOUNDARY',
  'UNOWNED_ASSOCIATION',
  'IRSA_ONLY',
  'ROLE_UNUSED',
  'ADDON_OWNED',
];

type Entity = {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: Record<string, any>;
};

type ClusterInfo = { account: AccountSeed; cluster: ClusterSeed };

function readEntities(file: string): Entity[] {
  return YAML.parseAllDocuments(
    fs.readFileSync(path.join(examplesDir, file), 'utf8'),
  )
    .map(doc => doc.toJS() as Entity | null)
    .filter((e): e is Entity => Boolean(e));
}

const clusters: ClusterInfo[] = estate.accounts.flatMap(account =>
  (account.clusters ?? []).map(cluster => ({ account, cluster })),
);
const clusterByName = new Map(clusters.map(c => [c.cluster.name, c]));

function roleArn(accountId: string, name: string, rolePath = '/') {
  return `arn:aws:iam::${accountId}:role${rolePath}${name}`;
}

const roles = new Map(
  estate.accounts.flatMap(account =>
    (account.iam?.roles ?? []).map(
      role => [roleArn(account.id, role.name, role.path), role] as const,
    ),
  ),
);

function associationRoleArn({ account }: ClusterInfo, role: string) {
  return role.startsWith('arn:') ? role : roleArn(account.id, role);
}

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return Array.isArray(document.Statement)
    ? document.Statement
    : [document.Statement];
}

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as string[];
}

type ServiceAccountSeed = NonNullable<
  NonNullable<ClusterSeed['kubernetes']>['serviceAccounts']
>[number];
const serviceAccountCache = new WeakMap<
  ClusterSeed,
  Map<string, ServiceAccountSeed>
>();

function serviceAccountsOf(cluster: ClusterSeed) {
  const cached = serviceAccountCache.get(cluster);
  if (cached) return cached;
  const k8s = cluster.kubernetes ?? {};
  const explicit = (k8s.serviceAccounts ?? []).map(sa => [
    `${sa.namespace}/${sa.name}`,
    sa,
  ]);
  // Kubernetes gives every namespace a `default` service account.
  const defaults = (k8s.namespaces ?? []).map(ns => [
    `${ns}/default`,
    { namespace: ns, name: 'default' },
  ]);
  const result = new Map([...defaults, ...explicit] as Array<
    [string, ServiceAccountSeed]
  >);
  serviceAccountCache.set(cluster, result);
  return result;
}

function workloadsOf(cluster: ClusterSeed) {
  return cluster.kubernetes?.workloads ?? [];
}

/** Service accounts a component maps to, per docs/architecture.md §4, as `cluster:namespace/name`. */
function mappedServiceAccounts(entity: Entity): string[] {
  const annotations = entity.metadata.annotations ?? {};
  const explicit = annotations['eks-pod-identity/service-accounts'];
  if (explicit) {
    return explicit.split(',').flatMap(entry => {
      const [cluster, rest] = entry.trim().split(':');
      const names = cluster === '*' ? [...clusterByName.keys()] : [cluster];
      return names.map(name => `${name}:${rest}`);
    });
  }
  const id = annotations['backstage.io/kubernetes-id'];
  if (!id) return [];
  const namespace = annotations['backstage.io/kubernetes-namespace'];
  return clusters.flatMap(({ cluster }) =>
    workloadsOf(cluster)
      .filter(
        w =>
          (w.podLabels ?? w.labels)?.['backstage.io/kubernetes-id'] === id &&
          (!namespace || w.namespace === namespace),
      )
      .map(
        w =>
          `${cluster.name}:${w.namespace}/${w.serviceAccountName ?? 'default'}`,
      ),
  );
}

function existsInEstate(key: string) {
  const [clusterName, rest] = key.split(':');
  const info = clusterByName.get(clusterName);
  return Boolean(info && serviceAccountsOf(info.cluster).has(rest));
}

const components = entities.filter(e => e.kind === 'Component');

describe('the demo estate', () => {
  it('loads in the sandbox, before and after expansion', async () => {
    const file = path.join(examplesDir, 'sandbox/estate.yaml');
    const raw = await loadEstate(file);
    expect(() =>
      validateEstate(expandGeneratedAssociations(raw), file),
    ).not.toThrow();
  });

  it('names every finding code in its header table', () => {
    const header = estateText.split('\naccounts:')[0];
    for (const code of FINDING_CODES) {
      expect(header).toMatch(new RegExp(`^# ${code} +-> `, 'm'));
    }
  });

  it('has globally unique cluster names, so annotations are unambiguous', () => {
    expect(clusterByName.size).toBe(clusters.length);
  });

  it('leaves the backend identities to the shipped policy files: every account gets them exactly', () => {
    const file = (name: keyof typeof SHIPPED_POLICY_FILES) =>
      JSON.parse(fs.readFileSync(SHIPPED_POLICY_FILES[name], 'utf8'));
    expect(roles.has(roleArn('111111111111', 'backstage-reader'))).toBe(false);
    const provisioned = withBackendIdentities(estate);
    for (const account of provisioned.accounts) {
      const reader = account.iam!.roles!.find(
        r => r.name === 'backstage-reader',
      )!;
      expect(reader.trustPolicy).toEqual(file('readerTrust'));
      expect(reader.inlinePolicies).toEqual({
        'eks-pod-identity-reader': file('reader'),
        'eks-pod-identity-writer': file('writer'),
        'eks-pod-identity-irsa-migration': file('irsaMigration'),
      });
      expect(reader.managedPolicyArns ?? []).toEqual([]);
    }
    const backend = provisioned.accounts
      .find(a => a.id === '111111111111')!
      .iam!.roles!.find(r => r.name === 'backstage-backend')!;
    expect(backend.inlinePolicies).toEqual({
      'eks-pod-identity-backend': file('backend'),
    });
    expect(JSON.stringify(file('readerTrust'))).toContain(BACKEND_ROLE_ARN);
  });

  it('lets no workload boundary allow role chaining to any role', () => {
    const chainingOnAnyRole = estate.accounts.flatMap(account =>
      (account.iam?.policies ?? [])
        .filter(policy => /boundary/.test(policy.name))
        .flatMap(policy => [policy.document.Statement].flat())
        .filter(s => s.Effect === 'Allow')
        .filter(s =>
          [s.Action ?? []]
            .flat()
            .some(a =>
              ['sts:assumerole', 'sts:*', '*'].includes(a.toLowerCase()),
            ),
        )
        .filter(s => [s.Resource].flat().includes('*')),
    );
    expect(chainingOnAnyRole).toEqual([]);
  });

  it("resolves every association's role, except the deliberately deleted one", () => {
    const missing = clusters.flatMap(info =>
      (info.cluster.associations ?? [])
        .map(a => associationRoleArn(info, a.role))
        .filter(arn => !roles.has(arn)),
    );
    expect(missing).toEqual(MISSING_ROLES);
  });

  it('resolves every target role, in another account than the cluster', () => {
    for (const info of clusters) {
      for (const a of info.cluster.associations ?? []) {
        if (!a.targetRoleArn) continue;
        expect(roles.has(a.targetRoleArn)).toBe(true);
        expect(a.targetRoleArn).not.toContain(`::${info.account.id}:`);
      }
    }
  });

  it("finds every association's service account, except the deliberately missing one", () => {
    const missing = clusters.flatMap(({ cluster }) => {
      const serviceAccounts = serviceAccountsOf(cluster);
      return (cluster.associations ?? [])
        .map(a => `${cluster.name}:${a.namespace}/${a.serviceAccount}`)
        .filter(key => !serviceAccounts.has(key.split(':')[1]));
    });
    expect(missing).toEqual(MISSING_SERVICE_ACCOUNTS);
  });

  it('attaches only policies that exist', () => {
    const awsManaged = new Set([
      ...BUILT_IN_AWS_MANAGED_POLICIES.map(
        p => `arn:aws:iam::aws:policy${p.path ?? '/'}${p.name}`,
      ),
      ...(estate.awsManagedPolicies ?? []).map(
        p => `arn:aws:iam::aws:policy${p.path ?? '/'}${p.name}`,
      ),
    ]);
    const problems: string[] = [];
    for (const account of estate.accounts) {
      const own = new Set(
        (account.iam?.policies ?? []).map(
          p => `arn:aws:iam::${account.id}:policy${p.path ?? '/'}${p.name}`,
        ),
      );
      for (const role of account.iam?.roles ?? []) {
        const attached = [
          ...(role.managedPolicyArns ?? []),
          ...list(role.permissionsBoundaryArn),
        ];
        for (const arn of attached) {
          if (!own.has(arn) && !awsManaged.has(arn)) {
            problems.push(`${account.id} role ${role.name}: no policy ${arn}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps Kubernetes objects consistent: namespaces, service accounts, nodes', () => {
    const problems: string[] = [];
    for (const { cluster } of clusters) {
      const k8s = cluster.kubernetes ?? {};
      const namespaces = new Set(k8s.namespaces);
      const serviceAccounts = serviceAccountsOf(cluster);
      const nodes = new Set((k8s.nodes ?? []).map(n => n.name));
      if (nodes.size === 0) problems.push(`${cluster.name}: no nodes`);
      for (const sa of k8s.serviceAccounts ?? []) {
        if (!namespaces.has(sa.namespace)) {
          problems.push(
            `${cluster.name}: service account ${sa.namespace}/${sa.name} in a missing namespace`,
          );
        }
      }
      for (const w of workloadsOf(cluster)) {
        const where = `${cluster.name}: ${w.kind} ${w.namespace}/${w.name}`;
        const serviceAccount = w.serviceAccountName ?? 'default';
        if (!namespaces.has(w.namespace)) {
          problems.push(`${where} in a missing namespace`);
        }
        if (!serviceAccounts.has(`${w.namespace}/${serviceAccount}`)) {
          problems.push(
            `${where} uses missing service account ${serviceAccount}`,
          );
        }
        for (const node of w.nodeNames ?? []) {
          if (!nodes.has(node))
            problems.push(`${where} runs on missing node ${node}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('points IRSA annotations at roles that exist', () => {
    const irsaRoles = clusters.flatMap(({ cluster }) =>
      (cluster.kubernetes?.serviceAccounts ?? []).flatMap(sa =>
        list(sa.annotations?.['eks.amazonaws.com/role-arn']),
      ),
    );
    expect(irsaRoles.length).toBeGreaterThan(0);
    expect(irsaRoles.filter(arn => !roles.has(arn))).toEqual([]);
  });

  it('has the clusters the cluster-level findings need', () => {
    const agentInstalled = (cluster: ClusterSeed) =>
      (cluster.addons ?? []).some(
        a =>
          a.name === 'eks-pod-identity-agent' &&
          (a.status ?? 'ACTIVE') === 'ACTIVE',
      ) ||
      workloadsOf(cluster).some(
        w => w.kind === 'DaemonSet' && w.name === 'eks-pod-identity-agent',
      );
    const withoutAgent = clusters.filter(
      ({ cluster }) =>
        !cluster.autoMode &&
        !agentInstalled(cluster) &&
        (cluster.associations ?? []).length > 0,
    );
    expect(withoutAgent.map(c => c.cluster.name)).toEqual(['staging-euw1']);
    const autoMode = clusters.filter(({ cluster }) => cluster.autoMode);
    expect(autoMode.map(c => c.cluster.name)).toEqual(['data-euw1']);
    expect(agentInstalled(autoMode[0].cluster)).toBe(false);
    const nearQuota = clusters.filter(
      ({ cluster }) => (cluster.associations ?? []).length >= 4000,
    );
    expect(nearQuota.map(c => c.cluster.name)).toEqual(['ci-use1']);
    expect(clusters.every(({ cluster }) => !cluster.down)).toBe(true);
  });

  describe(`the clean control cluster ${CONTROL_CLUSTER}`, () => {
    const { cluster } = clusterByName.get(CONTROL_CLUSTER)!;
    const serviceAccounts = serviceAccountsOf(cluster);
    const nodes = new Map(
      (cluster.kubernetes?.nodes ?? []).map(n => [n.name, n.labels ?? {}]),
    );
    const allAssociationRoles = clusters.flatMap(info =>
      (info.cluster.associations ?? []).map(a =>
        associationRoleArn(info, a.role),
      ),
    );
    const associations = cluster.associations ?? [];

    it('runs an ACTIVE agent add-on and its DaemonSet', () => {
      expect(cluster.autoMode).toBeFalsy();
      expect(cluster.addons).toContainEqual(
        expect.objectContaining({
          name: 'eks-pod-identity-agent',
          status: 'ACTIVE',
        }),
      );
      expect(workloadsOf(cluster)).toContainEqual(
        expect.objectContaining({
          kind: 'DaemonSet',
          name: 'eks-pod-identity-agent',
        }),
      );
      expect(associations.length).toBeGreaterThan(0);
    });

    it.each(associations.map(a => [`${a.namespace}/${a.serviceAccount}`, a]))(
      '%s has a scoped, bounded, used, specific role',
      (_key, association) => {
        const arn = associationRoleArn(
          clusterByName.get(CONTROL_CLUSTER)!,
          association.role,
        );
        const role = roles.get(arn)!;
        expect(role).toBeDefined();
        const trust = statementsOf(role.trustPolicy).filter(
          s => s.Effect === 'Allow',
        );
        expect(trust).toHaveLength(1);
        expect(trust[0].Principal).toEqual({
          Service: 'pods.eks.amazonaws.com',
        });
        expect(list(trust[0].Action).sort()).toEqual([
          'sts:AssumeRole',
          'sts:TagSession',
        ]);
        const conditionKeys = Object.values(trust[0].Condition ?? {}).flatMap(
          Object.keys,
        );
        expect(conditionKeys).toEqual(
          expect.arrayContaining([
            'aws:RequestTag/eks-cluster-arn',
            'aws:RequestTag/kubernetes-namespace',
            'aws:RequestTag/kubernetes-service-account',
          ]),
        );
        expect(role.permissionsBoundaryArn).toBeDefined();
        expect(TODAY - Date.parse(role.lastUsed!)).toBeLessThan(7 * DAY_MS);
        expect(allAssociationRoles.filter(r => r === arn)).toHaveLength(1);

        const documents = [
          ...Object.values(role.inlinePolicies ?? {}),
          ...(role.managedPolicyArns ?? []).map(policyArn => {
            const account = estate.accounts.find(a =>
              policyArn.includes(`::${a.id}:`),
            );
            const policy = account?.iam?.policies?.find(p =>
              policyArn.endsWith(`/${p.name}`),
            );
            // The control role's policies are all readable here, none AWS-managed.
            expect(policy?.name).toBeDefined();
            return policy!.document;
          }),
        ];
        for (const statement of documents.flatMap(statementsOf)) {
          expect(statement.Effect).toBe('Allow');
          expect(statement.NotAction).toBeUndefined();
          expect(statement.NotResource).toBeUndefined();
          for (const action of list(statement.Action)) {
            expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
          }
          for (const resource of list(statement.Resource)) {
            expect(resource).not.toBe('*');
          }
        }

        expect(association.targetRoleArn).toBeUndefined();
        expect(association.policy).toBeUndefined();
        expect(association.ownerArn).toBeUndefined();
        const sa = serviceAccounts.get(
          `${association.namespace}/${association.serviceAccount}`,
        );
        expect(sa).toBeDefined();
        expect(sa!.annotations?.['eks.amazonaws.com/role-arn']).toBeUndefined();

        const pods = workloadsOf(cluster).filter(
          w =>
            w.namespace === association.namespace &&
            (w.serviceAccountName ?? 'default') === association.serviceAccount,
        );
        expect(pods.length).toBeGreaterThan(0);
        for (const workload of pods) {
          expect(Date.parse(workload.startedAt!)).toBeGreaterThan(
            Date.parse(association.modifiedAt!),
          );
          for (const nodeName of workload.nodeNames ?? [...nodes.keys()]) {
            const labels = nodes.get(nodeName)!;
            expect(labels['kubernetes.io/os']).toBe('linux');
            expect(labels['eks.amazonaws.com/compute-type']).toBeUndefined();
          }
        }

        const owners = components.filter(c =>
          mappedServiceAccounts(c).includes(
            `${CONTROL_CLUSTER}:${association.namespace}/${association.serviceAccount}`,
          ),
        );
        expect(owners.map(c => c.metadata.name)).toHaveLength(1);
      },
    );
  });
});

describe.each([
  ['loaded today', TODAY],
  ['loaded a year later', A_YEAR_LATER],
])('the ages in the demo estate, %s', (_when, now) => {
  const dated = estateAt(now);
  const datedClusters = dated.accounts.flatMap(account =>
    (account.clusters ?? []).map(cluster => ({ account, cluster })),
  );
  const datedRoles = new Map(
    dated.accounts.flatMap(account =>
      (account.iam?.roles ?? []).map(
        role => [roleArn(account.id, role.name, role.path), role] as const,
      ),
    ),
  );

  it('leaves unused exactly the roles ROLE_UNUSED is meant to find', () => {
    const associationRoles = new Set(
      datedClusters.flatMap(info =>
        (info.cluster.associations ?? []).map(a =>
          associationRoleArn(info, a.role),
        ),
      ),
    );
    const unused = [...associationRoles].filter(arn => {
      const role = datedRoles.get(arn);
      if (!role) return false; // deleted: ROLE_NOT_FOUND instead
      return (
        !role.lastUsed ||
        now - Date.parse(role.lastUsed) > UNUSED_AFTER_DAYS * DAY_MS
      );
    });
    expect(unused.sort()).toEqual(UNUSED_ROLES);
    // Every role was created before it was last used, and neither is in the future.
    const misdated = [...datedRoles.values()].filter(role => {
      const created = Date.parse(role.createDate!);
      const used = role.lastUsed ? Date.parse(role.lastUsed) : undefined;
      return created > now || (used && (used > now || used <= created));
    });
    expect(misdated.map(r => r.name)).toEqual([]);
  });

  it('starts pods before their association only where PODS_PREDATE_ASSOCIATION is meant to fire', () => {
    const early = new Set<string>();
    const misdated: string[] = [];
    for (const { cluster } of datedClusters) {
      for (const a of cluster.associations ?? []) {
        const key = `${cluster.name}:${a.namespace}/${a.serviceAccount}`;
        const created = Date.parse(a.createdAt!);
        const modified = Date.parse(a.modifiedAt!);
        if (modified < created || modified > now) misdated.push(key);
        for (const w of workloadsOf(cluster)) {
          if (
            w.namespace !== a.namespace ||
            (w.serviceAccountName ?? 'default') !== a.serviceAccount
          )
            continue;
          const started = Date.parse(w.startedAt!);
          if (started > now) misdated.push(`${key} ${w.name}`);
          if (started < created) early.add(key);
          // Between creation and the last change is neither clearly before nor after.
          else if (started <= modified) misdated.push(`${key} ${w.name}`);
        }
      }
    }
    expect(misdated).toEqual([]);
    expect([...early]).toEqual(PODS_BEFORE_ASSOCIATION);
  });
});

describe('the demo estate in a sandbox started a year later', () => {
  const now = A_YEAR_LATER;
  const expected = estateAt(now);

  it('holds the same relative picture: dates follow the start, pods included', async () => {
    const sandbox = await startSandbox({
      seed: estateFile,
      now: new Date(now),
      // The provisioned identities are not in the file this compares with.
      backendIdentities: false,
    });
    try {
      const exported = sandbox.exportEstate();
      const roleDates = (seed: EstateSeed) =>
        seed.accounts.flatMap(a =>
          (a.iam?.roles ?? []).map(r => [r.name, r.createDate, r.lastUsed]),
        );
      expect(roleDates(exported)).toEqual(
        roleDates(expected).map(([name, created, used]) => [
          name,
          new Date(created!).toISOString(),
          used ?? null,
        ]),
      );
      const associationDates = (seed: EstateSeed) =>
        seed.accounts.flatMap(a =>
          (a.clusters ?? []).flatMap(c =>
            (c.associations ?? []).map(x => [
              `${c.name}:${x.namespace}/${x.serviceAccount}`,
              x.createdAt,
              x.modifiedAt,
            ]),
          ),
        );
      expect(associationDates(exported)).toEqual(associationDates(expected));

      // Pods as the scanner sees them: the stale ones older than their association, the control's newer.
      const association = (cluster: string, key: string) =>
        associationDates(exported).find(([k]) => k === `${cluster}:${key}`)!;
      const staging = await kubernetesFor(
        sandbox,
        'staging-use1',
        sandbox.credentialsFor('222222222222'),
      );
      const stale = await staging.listNamespacedPod({
        namespace: 'team-orders',
      });
      expect(stale.items).toHaveLength(2);
      for (const pod of stale.items) {
        expect(pod.status!.startTime!.getTime()).toBeLessThan(
          Date.parse(association('staging-use1', 'team-orders/orders-api')[1]!),
        );
      }
      const control = await kubernetesFor(
        sandbox,
        CONTROL_CLUSTER,
        sandbox.credentialsFor('111111111111'),
        'eu-west-1',
      );
      const fresh = await control.listNamespacedPod({
        namespace: 'team-storefront',
      });
      expect(fresh.items.length).toBeGreaterThan(0);
      for (const pod of fresh.items) {
        const started = pod.status!.startTime!.getTime();
        expect(started).toBeGreaterThan(
          Date.parse(
            association(CONTROL_CLUSTER, 'team-storefront/product-catalog')[2]!,
          ),
        );
        expect(started).toBeGreaterThan(now - 7 * DAY_MS);
        expect(started).toBeLessThanOrEqual(now);
      }
      expect(sandbox.mutations()).toEqual([]);
    } finally {
      await sandbox.stop();
    }
    // The whole demo estate, on a machine shared with other test suites.
  }, 60_000);
});

describe('the demo catalog', () => {
  const groups = new Set(
    org.filter(e => e.kind === 'Group').map(e => e.metadata.name),
  );
  const systems = new Set(
    entities.filter(e => e.kind === 'System').map(e => e.metadata.name),
  );
  const apis = new Set(
    entities.filter(e => e.kind === 'API').map(e => e.metadata.name),
  );

  it('has consistent groups and users', () => {
    const users = org.filter(e => e.kind === 'User');
    expect(users.filter(u => !u.spec?.memberOf?.length)).toEqual([]);
    const referenced = org.flatMap(entity =>
      entity.kind === 'User'
        ? entity.spec!.memberOf
        : [...entity.spec!.children, ...list(entity.spec!.parent)],
    );
    expect(referenced.filter(group => !groups.has(group))).toEqual([]);
    expect([...groups]).toEqual(
      expect.arrayContaining([
        'platform-team',
        'team-orders',
        'team-payments',
        'team-data',
      ]),
    );
  });

  it('gives every entity an owner group, and systems and APIs that exist', () => {
    const dangling = entities.flatMap(entity => [
      ...(groups.has(entity.spec!.owner)
        ? []
        : [`owner ${entity.spec!.owner}`]),
      ...list(entity.spec!.system)
        .filter(system => !systems.has(system))
        .map(system => `system ${system}`),
      ...[
        ...(entity.spec!.providesApis ?? []),
        ...(entity.spec!.consumesApis ?? []),
      ]
        .filter((api: string) => !apis.has(api))
        .map((api: string) => `API ${api}`),
    ]);
    expect(dangling).toEqual([]);
    expect(systems).toContain('shop');
    expect(components.length).toBeGreaterThanOrEqual(6);
  });

  it.each(
    components
      .filter(
        c => c.metadata.annotations?.['eks-pod-identity/service-accounts'],
      )
      .map(c => [c.metadata.name, c]),
  )(
    '%s: every annotated service account exists in the estate',
    (_name, component) => {
      const annotation =
        component.metadata.annotations!['eks-pod-identity/service-accounts'];
      for (const entry of annotation.split(',')) {
        const match = /^([^:]+):([a-z0-9-]+)\/([a-z0-9-]+)$/.exec(entry.trim());
        expect(match).not.toBeNull();
        const [, cluster, namespace, name] = match!;
        const candidates =
          cluster === '*' ? [...clusterByName.keys()] : [cluster];
        const found = candidates.filter(c =>
          existsInEstate(`${c}:${namespace}/${name}`),
        );
        expect({ entry, found: found.length > 0 }).toEqual({
          entry,
          found: true,
        });
      }
    },
  );

  it.each(
    components
      .filter(c => c.metadata.annotations?.['backstage.io/kubernetes-id'])
      .map(c => [c.metadata.name, c]),
  )('%s: labelled workloads exist in the estate', (_name, component) => {
    const mapped = mappedServiceAccounts(component);
    expect(mapped.length).toBeGreaterThan(0);
    expect(mapped.filter(key => !existsInEstate(key))).toEqual([]);
  });

  it('leaves unowned exactly the associations meant to be unowned', () => {
    const owned = new Set(components.flatMap(mappedServiceAccounts));
    const componentRefs = new Set(
      components.map(c => `component:default/${c.metadata.name}`),
    );
    // An association a template made names its component in the grant tag.
    const granted = (a: { tags?: Record<string, string> }) =>
      componentRefs.has(a.tags?.['backstage.io/entity-ref'] ?? '');
    const unowned = clusters.flatMap(({ cluster }) =>
      (cluster.associations ?? [])
        .filter(a => !granted(a))
        .map(a => `${cluster.name}:${a.namespace}/${a.serviceAccount}`)
        .filter(key => !owned.has(key)),
    );
    expect(unowned).toEqual(UNOWNED);
  });

  it('covers the mapping cases of the demo', () => {
    const byName = new Map(components.map(c => [c.metadata.name, c]));
    const clustersOf = (name: string) =>
      new Set(
        mappedServiceAccounts(byName.get(name)!)
          .filter(existsInEstate)
          .map(k => k.split(':')[0]),
      );
    const associated = new Set(
      clusters.flatMap(({ cluster }) =>
        (cluster.associations ?? []).map(
          a => `${cluster.name}:${a.namespace}/${a.serviceAccount}`,
        ),
      ),
    );

    // Mapped by annotation, and by kubernetes-id.
    expect(byName.get('orders-api')!.metadata.annotations).toHaveProperty([
      'eks-pod-identity/service-accounts',
    ]);
    expect(byName.get('payments-worker')!.metadata.annotations).toHaveProperty([
      'backstage.io/kubernetes-id',
    ]);
    // On two clusters.
    expect(clustersOf('orders-api')).toEqual(
      new Set(['prod-use1', 'staging-use1']),
    );
    // Still on IRSA: annotated service account, no association.
    const irsa = mappedServiceAccounts(byName.get('payments-api')!);
    for (const key of irsa) {
      const [clusterName, rest] = key.split(':');
      const sa = serviceAccountsOf(clusterByName.get(clusterName)!.cluster).get(
        rest,
      )!;
      expect(sa.annotations?.['eks.amazonaws.com/role-arn']).toBeDefined();
      expect(associated.has(key)).toBe(false);
    }
    // No AWS access at all.
    expect(mappedServiceAccounts(byName.get('storefront-web')!)).toEqual([]);
    // The clean control workload.
    expect(clustersOf('product-catalog')).toEqual(new Set([CONTROL_CLUSTER]));
  });
});
