/*
 * Access analysis end to end on the embedded default's estate: the sandbox
 * serves examples/sandbox/estate.yaml, the real scanner reads it, the catalog
 * holds examples/entities.yaml, and the analysis answers through the API.
 * Every finding code must appear on the item examples/README.md names, and
 * nothing on the clean control cluster prod-euw1.
 */
import type { Entity } from '@backstage/catalog-model';
import {
  FINDING_CODES,
  roleArnOf,
  type Association,
  type EksPodIdentityApiClient,
  type Finding,
  type FindingCode,
  type SimulateRequest,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { DefaultInventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  coreServices,
  createBackendModule,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { LAST_ACCESSED_TASK_ID } from './lastAccessed/LastAccessedRefreshTask';
import { sandboxPluginConfig } from './__testUtils__/sandboxConfig';
import {
  apiClient,
  entityAccess,
  readAllPages,
  refreshInventory,
  refusalOf,
} from './__testUtils__/apiClient';
import {
  ADMIN,
  DEVELOPER,
  startPluginBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(300_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples');

const roleIn = (accountId: string) => (name: string) =>
  roleArnOf({ partition: 'aws', accountId, name });
const P = roleIn('111111111111');
const S = roleIn('222222222222');
const D = roleIn('333333333333');

/**
 * Where each code fires, as examples/README.md lists it: a cluster name, a
 * role ARN, or `cluster:namespace/serviceaccount` (for association and
 * service-account findings).
 */
const EXPECTED: Record<FindingCode, string[]> = {
  AGENT_MISSING: ['staging-euw1'],
  TRUST_MISSING_PRINCIPAL: [P('search-indexer')],
  TRUST_MISSING_TAG_SESSION: [P('notification-sender')],
  ROLE_NOT_FOUND: ['prod-use1:team-orders/order-archiver'],
  POLICY_ADMIN: [D('airflow-worker')],
  POLICY_PRIVILEGE_ESCALATION: [P('deploy-bot'), D('airflow-worker')],
  POLICY_LATERAL_MOVEMENT: [D('airflow-worker')],
  PODS_PREDATE_ASSOCIATION: ['staging-use1:team-orders/orders-api'],
  UNSUPPORTED_COMPUTE: [
    'prod-use1:team-orders/invoice-renderer',
    'prod-use1:team-orders/order-archiver',
  ],
  POLICY_WILDCARD_ACTION: [P('payments-worker'), D('airflow-worker')],
  SESSION_POLICY_WITH_TAGS: ['staging-use1:team-payments/payments-worker'],
  TARGET_ROLE_CHAIN_BROKEN: ['staging-use1:team-data/inventory-sync'],
  SERVICE_ACCOUNT_MISSING: ['prod-use1:team-search/search-api'],
  ROLE_SHARED: [P('event-relay')],
  POLICY_WILDCARD_RESOURCE_WRITE: [
    P('deploy-bot'),
    P('AmazonEKSPodIdentityAmazonEBSCSIDriverRole'),
    D('airflow-worker'),
  ],
  QUOTA_NEAR_LIMIT: ['ci-use1'],
  IRSA_LEFTOVER: ['staging-use1:team-orders/orders-api'],
  TRUST_UNSCOPED: [
    P('payments-worker'),
    P('notification-sender'),
    P('deploy-bot'),
    P('event-relay'),
    P('AmazonEKSPodIdentityAmazonEBSCSIDriverRole'),
    S('orders-api'),
    S('payments-worker'),
    S('payments-worker-euw1'),
    D('airflow-worker'),
    D('reporting-batch'),
  ],
  NO_PERMISSIONS_BOUNDARY: [
    P('search-indexer'),
    P('deploy-bot'),
    P('AmazonEKSPodIdentityAmazonEBSCSIDriverRole'),
    S('payments-worker'),
    S('payments-worker-euw1'),
    D('airflow-worker'),
  ],
  UNOWNED_ASSOCIATION: [
    'prod-use1:kube-system/ebs-csi-controller-sa',
    'prod-use1:team-search/search-api',
  ],
  IRSA_ONLY: ['prod-use1:team-payments/payments-api'],
  ROLE_UNUSED: [
    P('invoice-renderer'),
    P('search-indexer'),
    S('payments-worker-euw1'),
  ],
  // Not on product-catalog, the clean control, which uses all it is granted.
  PERMISSIONS_UNUSED: [
    P('orders-api'),
    P('payments-worker'),
    roleArnOf({
      partition: 'aws',
      accountId: '111111111111',
      path: '/backstage/',
      name: 'bs-team-orders-invoice-mailer',
    }),
  ],
  ADDON_OWNED: ['prod-use1:kube-system/ebs-csi-controller-sa'],
  // PEEK's claim, on every cluster where payments-worker's workloads carry its kubernetes-id.
  MAPPING_CONTESTED: [
    'prod-use1:team-payments/payments-worker',
    'staging-euw1:team-payments/payments-worker',
    'staging-use1:team-payments/payments-worker',
  ],
};

/**
 * Entities anyone who may edit the catalog could write: one claims another
 * team's service account on every cluster, one selects every workload.
 */
const PEEK: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    namespace: 'default',
    name: 'payments-peek',
    annotations: {
      'eks-pod-identity/service-accounts': '*:team-payments/payments-worker',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'team-storefront',
  },
};
const EVERYTHING: Entity = {
  ...PEEK,
  metadata: {
    namespace: 'default',
    name: 'everything',
    annotations: {
      'backstage.io/kubernetes-label-selector': '!nonexistent-label',
    },
  },
};

function readEntities(file: string): Entity[] {
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  return parseAllDocuments(text)
    .map(d => d.toJSON() as Entity)
    .filter(Boolean)
    .map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } }));
}

describe('access analysis on the demo estate', () => {
  let sandbox: Sandbox;
  let server: Server;
  let client: EksPodIdentityApiClient;
  let findings: Finding[];
  let associations: Association[];
  const whereOf = (f: Finding) => {
    if (f.subject.type !== 'association') return f.subject.id;
    const a = associations.find(x => x.id === f.subject.id)!;
    return `${a.cluster}:${a.namespace}/${a.serviceAccount}`;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: path.join(EXAMPLES, 'sandbox/estate.yaml'),
      lastAccessedJobMs: 50,
    });
    // The plugin's own scheduler, to run the daily last-accessed refresh now.
    let scheduler: SchedulerService | undefined;
    const schedulerProbe = createBackendModule({
      pluginId: 'eks-pod-identity',
      moduleId: 'test-scheduler',
      register(env) {
        env.registerInit({
          deps: { s: coreServices.scheduler },
          async init({ s }) {
            scheduler = s;
          },
        });
      },
    });
    const backend = await startPluginBackend({
      config: sandboxPluginConfig(sandbox),
      entities: [
        ...readEntities('entities.yaml'),
        ...readEntities('org.yaml'),
        PEEK,
        EVERYTHING,
      ],
      // The estate's dates are relative to the sandbox's start, so the real clock fits.
      analyzer: new DefaultInventoryAnalyzer(),
      features: [schedulerProbe],
    });
    server = backend.server;
    client = apiClient(server, ADMIN);
    await refreshInventory(server);
    await scheduler!.triggerTask(LAST_ACCESSED_TASK_ID);
    findings = await readAllPages(cursor =>
      client.GET('/v1/findings', {
        params: { query: { limit: 500, cursor } },
      }),
    );
    associations = await readAllPages(cursor =>
      client.GET('/v1/associations', {
        params: { query: { limit: 500, cursor } },
      }),
    );
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('reports every finding code on the item the demo estate plants it on, and nowhere else', () => {
    const found: Partial<Record<FindingCode, string[]>> = {};
    for (const f of findings) (found[f.code] ??= []).push(whereOf(f));
    for (const list of Object.values(found)) list!.sort();
    const expected = Object.fromEntries(
      FINDING_CODES.map(code => [code, [...EXPECTED[code]].sort()]),
    );
    expect(found).toEqual(expected);
  });

  it('reports nothing on the clean control cluster', async () => {
    const { data } = await client.GET('/v1/findings', {
      params: { query: { cluster: 'prod-euw1' } },
    });
    expect(data).toEqual({
      items: [],
      totalCount: 0,
      summary: {
        bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
        byCode: {},
      },
    });
    const control = associations.filter(a => a.cluster === 'prod-euw1');
    expect(control.map(a => [a.serviceAccount, a.findings])).toEqual([
      ['product-catalog', []],
    ]);
    const entity = await entityAccess(client, 'product-catalog');
    expect(entity.items.map(i => [i.serviceAccount, i.findings])).toEqual([
      ['product-catalog', []],
    ]);
  });

  it('filters findings by severity, code and cluster, with counts of what it returns', async () => {
    const critical = (
      await client.GET('/v1/findings', {
        params: { query: { severity: 'critical' } },
      })
    ).data!;
    expect(critical.items.length).toBeGreaterThan(0);
    expect(critical.items.every(f => f.severity === 'critical')).toBe(true);
    expect(critical.summary.bySeverity).toEqual({
      critical: critical.items.length,
      high: 0,
      medium: 0,
      low: 0,
      info: 0,
    });

    const { data: all } = await client.GET('/v1/findings', {
      params: { query: { limit: 1 } },
    });
    // The summary counts every finding, not only the page.
    expect(all!.items).toHaveLength(1);
    expect(Object.values(all!.summary.byCode).reduce((a, b) => a + b, 0)).toBe(
      all!.totalCount,
    );
    expect(all!.totalCount).toBe(findings.length);
    expect(all!.summary.byCode.TRUST_UNSCOPED).toBe(
      EXPECTED.TRUST_UNSCOPED.length,
    );

    // A role finding belongs to the clusters where the role is used.
    const staging = (
      await client.GET('/v1/findings', {
        params: { query: { cluster: 'staging-use1', code: 'TRUST_UNSCOPED' } },
      })
    ).data!;
    expect(staging.items.map(f => f.subject.id).sort()).toEqual([
      S('orders-api'),
      S('payments-worker'),
    ]);

    const bad = await refusalOf(
      client.GET('/v1/findings', {
        // Deliberately outside the spec: the route must refuse it.
        params: { query: { severity: 'urgent' as 'critical' } },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.error.message).toContain("query parameter 'severity'");
    const denied = await refusalOf(
      apiClient(server, DEVELOPER).GET('/v1/findings'),
    );
    expect(denied.status).toBe(403);
  });

  it('puts findings and effective access on associations, entity access and roles', async () => {
    const orders = associations.find(
      a => a.cluster === 'prod-use1' && a.serviceAccount === 'orders-api',
    )!;
    // It reads order documents only: the detail names the statements to narrow.
    expect(orders.findings).toEqual([
      expect.objectContaining({
        code: 'PERMISSIONS_UNUSED',
        severity: 'medium',
        detail: expect.stringContaining(
          'has not used services dynamodb, sqs (of dynamodb, s3, sqs granted) in the last 90 days',
        ),
      }),
    ]);
    expect(orders.findings[0].detail).toContain(
      'Narrow managed policy orders-data-read statement ReadOrdersTable (#2): dynamodb:GetItem, dynamodb:Query, inline policy order-events statement #0: sqs:SendMessage.',
    );
    const unused = { used: false, windowDays: 90 };
    // What orders-data-read and the inline policy grant, all inside backstage-boundary.
    expect(orders.access).toEqual({
      services: [
        {
          service: 'dynamodb',
          levels: {
            List: 0,
            Read: 2,
            Write: 0,
            'Permissions management': 0,
            Tagging: 0,
          },
          wildcardResource: false,
          resources: ['arn:aws:dynamodb:us-east-1:111111111111:table/orders'],
          usage: unused,
        },
        {
          service: 's3',
          levels: {
            List: 1,
            Read: 1,
            Write: 0,
            'Permissions management': 0,
            Tagging: 0,
          },
          wildcardResource: false,
          resources: ['arn:aws:s3:::orders-data', 'arn:aws:s3:::orders-data/*'],
          usage: {
            used: true,
            windowDays: 90,
            lastAccessed: expect.any(String),
          },
        },
        {
          service: 'sqs',
          levels: {
            List: 0,
            Read: 0,
            Write: 1,
            'Permissions management': 0,
            Tagging: 0,
          },
          wildcardResource: false,
          resources: ['arn:aws:sqs:us-east-1:111111111111:orders-events'],
          usage: unused,
        },
      ],
      admin: false,
    });

    const entity = await entityAccess(client, 'orders-api');
    const staging = entity.items.find(i => i.cluster === 'staging-use1')!;
    expect(staging.findings.map(f => f.code).sort()).toEqual([
      'IRSA_LEFTOVER',
      'PODS_PREDATE_ASSOCIATION',
      'TRUST_UNSCOPED',
    ]);
    expect(staging.access!.services.map(s => s.service)).toEqual(['s3']);

    // payments-api has no association: its pods act as its IRSA role.
    const paymentsApi = (await entityAccess(client, 'payments-api')).items[0];
    expect(paymentsApi).toMatchObject({
      irsaRoleArn: P('payments-api-irsa'),
      findings: [expect.objectContaining({ code: 'IRSA_ONLY' })],
    });
    expect(paymentsApi.access!.services).toEqual([
      expect.objectContaining({
        service: 'secretsmanager',
        resources: [
          'arn:aws:secretsmanager:us-east-1:111111111111:secret:payments/provider-*',
        ],
      }),
    ]);

    const airflow = (
      await client.GET('/v1/roles/{roleArn}', {
        params: { path: { roleArn: D('airflow-worker') } },
      })
    ).data!;
    expect(airflow.access!.admin).toBe(true);
    expect(airflow.findings.map(f => f.code)).toEqual(
      expect.arrayContaining([
        'POLICY_ADMIN',
        'POLICY_PRIVILEGE_ESCALATION',
        'POLICY_WILDCARD_ACTION',
        'NO_PERMISSIONS_BOUNDARY',
      ]),
    );

    // reporting-batch: the role may write, its session policy only lets the pods read.
    const reporting = associations.find(
      a => a.serviceAccount === 'reporting-batch',
    )!;
    expect(reporting.access!.services).toEqual([
      expect.objectContaining({
        service: 's3',
        levels: expect.objectContaining({ Read: 1, List: 1, Write: 0 }),
      }),
    ]);
  });

  describe('POST /v1/simulate answers the demo questions', () => {
    const simulate = async (
      entityRef: string,
      action: string,
      resource: string,
    ) => {
      const { data } = await client.POST('/v1/simulate', {
        body: { entityRef, action, resource },
      });
      return data!.results;
    };
    const on = (
      results: Awaited<ReturnType<typeof simulate>>,
      cluster: string,
      namespace?: string,
    ) =>
      results.find(
        r => r.cluster === cluster && (!namespace || r.namespace === namespace),
      )!;

    it.each([
      [
        'component:default/orders-api',
        'prod-use1',
        undefined,
        's3:GetObject',
        'arn:aws:s3:::orders-data/2026/11/28/order-1001.json',
        'allowed',
        /Allowed/,
      ],
      [
        'component:default/orders-api',
        'prod-use1',
        undefined,
        'iam:CreateRole',
        'arn:aws:iam::111111111111:role/anything',
        'explicitDeny',
        /statement "NoIdentityChanges" of the permissions boundary arn:aws:iam::111111111111:policy\/backstage-boundary/,
      ],
      [
        'component:default/payments-worker',
        'prod-use1',
        undefined,
        'dynamodb:PutItem',
        'arn:aws:dynamodb:us-east-1:111111111111:table/payments-ledger',
        'allowed',
        /Allowed/,
      ],
      [
        'component:default/payments-worker',
        'prod-use1',
        undefined,
        'dynamodb:DeleteItem',
        'arn:aws:dynamodb:us-east-1:111111111111:table/payments-ledger',
        'implicitDeny',
        /permissions boundary arn:aws:iam::111111111111:policy\/payments-boundary does not allow/,
      ],
      [
        'component:default/reporting-batch',
        'data-euw1',
        undefined,
        's3:GetObject',
        'arn:aws:s3:::shop-reports/daily/2026-11-28.csv',
        'allowed',
        /session policy allows it/,
      ],
      [
        'component:default/reporting-batch',
        'data-euw1',
        undefined,
        's3:PutObject',
        'arn:aws:s3:::shop-reports/daily/2026-11-28.csv',
        'implicitDeny',
        /session policy does not allow/,
      ],
      [
        'component:default/ci-runner',
        'ci-use1',
        'ci-0042',
        's3:PutObject',
        'arn:aws:s3:::shop-ci-cache/ci-0042/deps.tgz',
        'allowed',
        /Allowed/,
      ],
      [
        'component:default/ci-runner',
        'ci-use1',
        'ci-0042',
        's3:PutObject',
        'arn:aws:s3:::shop-ci-cache/ci-0043/deps.tgz',
        'implicitDeny',
        /no identity policy/,
      ],
      [
        'component:default/inventory-sync',
        'prod-use1',
        undefined,
        'dynamodb:Query',
        'arn:aws:dynamodb:eu-west-1:333333333333:table/inventory',
        'allowed',
        /target role arn:aws:iam::333333333333:role\/inventory-reader/,
      ],
    ] as const)(
      '%s on %s %s: %s %s → %s',
      async (
        entity,
        cluster,
        namespace,
        action,
        resource,
        decision,
        explanation,
      ) => {
        const result = on(
          await simulate(entity, action, resource),
          cluster,
          namespace,
        );
        expect(result).toMatchObject({
          decision,
          explanation: expect.stringMatching(explanation),
        });
        expect(result.statements.length).toBeGreaterThan(
          decision === 'implicitDeny' ? -1 : 0,
        );
      },
    );

    it('answers for every mapped service account, naming the role (and target role)', async () => {
      const results = await simulate(
        'component:default/inventory-sync',
        'dynamodb:Query',
        'arn:aws:dynamodb:eu-west-1:333333333333:table/inventory',
      );
      expect(results.map(r => [r.cluster, r.roleArn, r.targetRoleArn])).toEqual(
        [
          ['prod-use1', P('inventory-sync'), D('inventory-reader')],
          ['staging-use1', S('inventory-sync'), D('inventory-reader')],
        ],
      );
      expect(on(results, 'staging-use1').explanation).toContain(
        'TARGET_ROLE_CHAIN_BROKEN',
      );
    });

    it('rejects bad questions with a 400 naming the field, and unknown entities with a 404', async () => {
      const post = (body: object) =>
        refusalOf(
          // Deliberately outside the spec: the route must refuse it.
          client.POST('/v1/simulate', { body: body as SimulateRequest }),
        );
      const base = {
        entityRef: 'component:default/orders-api',
        action: 's3:GetObject',
        resource: '*',
      };
      for (const [body, field] of [
        [{ ...base, action: 's3:Get*' }, "body field 'action'"],
        [{ ...base, action: 's3:GetObjekt' }, 'did you mean s3:GetObject'],
        [{ ...base, resource: 'orders-data/x' }, "body field 'resource'"],
        [{ ...base, entityRef: 'component:' }, "body field 'entityRef'"],
        [
          { ...base, context: { 'aws:SourceIp': 10 } },
          "body field 'context.aws:SourceIp'",
        ],
        [{ action: 's3:GetObject', resource: '*' }, "body field 'entityRef'"],
        [{ ...base, extra: 1 }, "unknown body field 'extra'"],
      ] as const) {
        const refused = await post(body);
        expect({ field, status: refused.status }).toEqual({
          field,
          status: 400,
        });
        expect(refused.error.message).toContain(field);
      }
      const missing = await post({
        ...base,
        entityRef: 'component:default/nope',
      });
      expect(missing.status).toBe(404);
    });
  });

  describe("claims on another team's service account", () => {
    const access = (entity: string, user: string) =>
      entityAccess(apiClient(server, user), entity);
    const simulateAs = async (user: string) =>
      (
        await apiClient(server, user).POST('/v1/simulate', {
          body: {
            entityRef: 'component:default/payments-peek',
            action: 's3:PutObject',
            resource: 'arn:aws:s3:::payments-data/x',
          },
        })
      ).data!;

    it('give a user refused /v1/findings none of its roles, policies or findings', async () => {
      const denied = await refusalOf(
        apiClient(server, DEVELOPER).GET('/v1/findings'),
      );
      expect(denied.status).toBe(403);
      const res = await access('payments-peek', DEVELOPER);
      // Only the clusters where payments-worker runs nothing: no foreign association, role or finding.
      expect(res.items.filter(i => i.association)).toEqual([]);
      expect(JSON.stringify(res)).not.toMatch(
        /role\/payments-worker|MAPPING_CONTESTED|POLICY_WILDCARD_ACTION/,
      );
      const simulated = await simulateAs(DEVELOPER);
      expect(simulated.results).toEqual([]);
    });

    it('still show the owner, whose workloads carry its kubernetes-id, its access', async () => {
      const res = await access('payments-worker', DEVELOPER);
      expect(res.items.map(i => [i.cluster, i.association?.roleArn])).toEqual([
        ['prod-use1', P('payments-worker')],
        ['staging-euw1', S('payments-worker-euw1')],
        ['staging-use1', S('payments-worker')],
      ]);
      expect(res.items.every(i => !i.contestedBy)).toBe(true);
    });

    it('show an inventory reader the contested claim with its finding, and count it for no owner', async () => {
      const res = await access('payments-peek', ADMIN);
      const prod = res.items.find(i => i.cluster === 'prod-use1')!;
      expect(prod).toMatchObject({
        contestedBy: ['component:default/payments-worker'],
        association: { roleArn: P('payments-worker') },
      });
      expect(prod.findings).toContainEqual(
        expect.objectContaining({
          code: 'MAPPING_CONTESTED',
          severity: 'medium',
          detail: expect.stringContaining(
            'component:default/payments-peek claims team-payments/payments-worker on prod-use1',
          ),
        }),
      );
      const simulated = await simulateAs(ADMIN);
      expect(simulated.results.map(r => r.cluster).sort()).toEqual([
        'prod-use1',
        'staging-euw1',
        'staging-use1',
      ]);
      const { data: owned } = await client.GET('/v1/associations', {
        params: { query: { owner: 'component:default/payments-peek' } },
      });
      expect(owned!.items).toEqual([]);
      const worker = associations.find(
        a =>
          a.cluster === 'prod-use1' && a.serviceAccount === 'payments-worker',
      )!;
      expect(worker.mappedEntityRefs).toEqual([
        'component:default/payments-worker',
      ]);
    });

    it('refuse a label selector that selects every workload, saying why', async () => {
      for (const user of [DEVELOPER, ADMIN]) {
        const refused = await refusalOf(access('everything', user));
        expect(refused.status).toBe(400);
        expect(refused.error.message).toContain(
          'metadata.annotations["backstage.io/kubernetes-label-selector"]: "!nonexistent-label" has no requirement a workload\'s labels must meet',
        );
      }
    });
  });

  describe('GET /v1/actions', () => {
    it('suggests at most 20 actions, best match first', async () => {
      const actions = async (q: string) =>
        (await client.GET('/v1/actions', { params: { query: { q } } })).data!
          .items;
      const items = await actions('s3:GetOb');
      expect(items[0]).toMatchObject({
        action: 's3:GetObject',
        service: 's3',
        accessLevels: ['Read'],
      });
      expect(items.length).toBeLessThanOrEqual(20);
      expect(await actions('get')).toHaveLength(20);
    });

    it('needs a query and a signed-in caller', async () => {
      const none = await refusalOf(
        // Deliberately outside the spec: the route must refuse it.
        client.GET('/v1/actions', { params: { query: {} as { q: string } } }),
      );
      expect(none.status).toBe(400);
      expect(none.error.message).toContain("query parameter 'q'");
      const anonymous = await refusalOf(
        apiClient(server).GET('/v1/actions', {
          params: { query: { q: 's3' } },
        }),
      );
      expect(anonymous.status).toBe(401);
    });
  });
});
