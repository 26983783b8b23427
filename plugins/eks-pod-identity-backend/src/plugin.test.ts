import type { Finding } from '@pod-identity/plugin-eks-pod-identity-common';
import request from 'supertest';
import type { InventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';
import {
  alphaInventory,
  BOUNDARY,
  betaRole,
  dataReaderArn,
  entities,
  estateScanner,
  ghostRoleArn,
  ordersRole,
  paymentsRole,
  S3_READ,
} from './__testUtils__/estate';
import {
  ADMIN,
  as,
  DEVELOPER,
  OUTSIDER,
  startPluginBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

async function scannedBackend(options: { analyzer?: InventoryAnalyzer } = {}) {
  const scanner = estateScanner();
  const backend = await startPluginBackend({ scanner, entities, ...options });
  const res = await request(backend.server)
    .post('/api/eks-pod-identity/v1/refresh')
    .set(as(ADMIN))
    .send({});
  expect(res.status).toBe(202);
  return { backend, scanner, http: () => request(backend.server) };
}

describe('eks-pod-identity backend', () => {
  describe('authentication and permissions', () => {
    it('serves /health without credentials and refuses anonymous API calls with 401', async () => {
      const { http } = await scannedBackend();
      await http()
        .get('/api/eks-pod-identity/health')
        .expect(200, { status: 'ok' });
      for (const path of [
        '/v1/clusters',
        '/v1/associations',
        '/v1/entity/default/component/orders/access',
        `/v1/roles/${encodeURIComponent(ordersRole.arn)}`,
      ]) {
        const res = await http().get(`/api/eks-pod-identity${path}`);
        expect(res.status).toBe(401);
        expect(res.body.error.name).toBe('AuthenticationError');
      }
      await http()
        .post('/api/eks-pod-identity/v1/refresh')
        .send({})
        .expect(401);
    });

    it('answers 403 on governance routes and refresh without the plugin permissions', async () => {
      const { http } = await scannedBackend();
      for (const path of [
        '/v1/clusters',
        '/v1/associations',
        `/v1/roles/${encodeURIComponent(ordersRole.arn)}`,
      ]) {
        const res = await http()
          .get(`/api/eks-pod-identity${path}`)
          .set(as(DEVELOPER));
        expect(res.status).toBe(403);
        expect(res.body.error).toEqual({
          name: 'NotAllowedError',
          message: expect.stringContaining('eks-pod-identity.inventory.read'),
        });
      }
      const refresh = await http()
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(DEVELOPER))
        .send({});
      expect(refresh.status).toBe(403);
      expect(refresh.body.error.message).toContain('eks-pod-identity.refresh');
    });

    it('authorizes entity access through the catalog: 404 for a caller who cannot see the entity', async () => {
      const { http } = await scannedBackend();
      await http()
        .get('/api/eks-pod-identity/v1/entity/default/component/orders/access')
        .set(as(DEVELOPER))
        .expect(200);
      const hidden = await http()
        .get('/api/eks-pod-identity/v1/entity/default/component/orders/access')
        .set(as(OUTSIDER));
      const missing = await http()
        .get('/api/eks-pod-identity/v1/entity/default/component/nope/access')
        .set(as(ADMIN));
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hidden.body.error.name).toBe('NotFoundError');
      // The answer does not tell a hidden entity from a missing one.
      expect(hidden.body.error.message).toBe(
        'Entity component:default/orders is not in the catalog',
      );
    });
  });

  describe('GET /v1/clusters', () => {
    it('lists every cluster with its scan status and agent', async () => {
      const { http } = await scannedBackend();
      const res = await http()
        .get('/api/eks-pod-identity/v1/clusters')
        .set(as(ADMIN))
        .expect(200);
      expect(res.body).toEqual({
        items: [
          {
            name: 'alpha',
            accountId: '111111111111',
            region: 'us-east-1',
            title: 'Alpha',
            status: 'ok',
            stale: false,
            agent: {
              installed: true,
              addonStatus: 'ACTIVE',
              addonVersion: 'v1.3.4-eksbuild.1',
            },
            associationCount: 4,
            lastScanAt: '2026-11-01T10:00:00.000Z',
          },
          {
            name: 'beta',
            accountId: '222222222222',
            region: 'eu-west-1',
            status: 'ok',
            stale: false,
            agent: {
              installed: true,
              addonStatus: 'ACTIVE',
              addonVersion: 'v1.3.4-eksbuild.1',
            },
            associationCount: 1,
            lastScanAt: '2026-11-01T10:00:00.000Z',
          },
        ],
        totalCount: 2,
      });
    });

    it('shows a cluster whose Kubernetes API is down as error with its last good data, and never fails the request', async () => {
      const { http, scanner } = await scannedBackend();
      scanner.inventories.set('beta', {
        ...scanner.inventories.get('beta')!,
        serviceAccounts: [],
        workloads: [],
        pods: [],
        nodes: [],
        namespaces: [],
        kubernetesError:
          'Kubernetes API of beta is unreachable: connect ECONNREFUSED',
        scannedAt: '2026-11-01T11:00:00.000Z',
      });
      await http()
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(ADMIN))
        .send({})
        .expect(202);

      const clusters = await http()
        .get('/api/eks-pod-identity/v1/clusters')
        .set(as(ADMIN))
        .expect(200);
      expect(
        clusters.body.items.map((c: any) => [
          c.name,
          c.status,
          c.stale,
          c.error,
        ]),
      ).toEqual([
        ['alpha', 'ok', false, undefined],
        [
          'beta',
          'error',
          true,
          'Kubernetes API of beta is unreachable: connect ECONNREFUSED',
        ],
      ]);
      expect(clusters.body.items[1].lastScanAt).toBe(
        '2026-11-01T10:00:00.000Z',
      );

      // The entity tab still answers from beta's last good Kubernetes data.
      const access = await http()
        .get('/api/eks-pod-identity/v1/entity/default/component/orders/access')
        .set(as(ADMIN))
        .expect(200);
      expect(
        access.body.clusters.find((c: any) => c.name === 'beta'),
      ).toMatchObject({ status: 'error', stale: true });
      expect(
        access.body.items.filter((i: any) => i.cluster === 'beta'),
      ).toEqual([
        expect.objectContaining({
          namespace: 'team-orders',
          serviceAccount: 'orders',
          serviceAccountExists: true,
        }),
      ]);
    });
    it('keeps a cluster whose account could not be listed, stale with the error, and its roles', async () => {
      const { http, scanner } = await scannedBackend();
      scanner.clusters = scanner.clusters.filter(c => c.name !== 'beta');
      scanner.discoveryErrors = [
        {
          accountId: '222222222222',
          region: 'eu-west-1',
          error:
            'AccessDeniedException: not authorized to perform eks:ListClusters',
        },
      ];
      await http()
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(ADMIN))
        .send({})
        .expect(202);
      const clusters = await http()
        .get('/api/eks-pod-identity/v1/clusters')
        .set(as(ADMIN))
        .expect(200);
      expect(clusters.body.items[1]).toMatchObject({
        name: 'beta',
        status: 'error',
        stale: true,
        associationCount: 1,
        error: expect.stringContaining('eks:ListClusters'),
      });
      await http()
        .get(
          `/api/eks-pod-identity/v1/roles/${encodeURIComponent(betaRole.arn)}`,
        )
        .set(as(ADMIN))
        .expect(200);

      // Once listed again and gone, it is removed.
      scanner.discoveryErrors = [];
      await http()
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(ADMIN))
        .send({})
        .expect(202);
      const after = await http()
        .get('/api/eks-pod-identity/v1/clusters')
        .set(as(ADMIN))
        .expect(200);
      expect(after.body.items.map((c: any) => c.name)).toEqual(['alpha']);
      await http()
        .get(
          `/api/eks-pod-identity/v1/roles/${encodeURIComponent(betaRole.arn)}`,
        )
        .set(as(ADMIN))
        .expect(404);
    });
  });

  describe('GET /v1/associations', () => {
    it('returns associations with decoded session policies, mapped entities and (until analysis lands) no findings', async () => {
      const { http } = await scannedBackend();
      const res = await http()
        .get(
          '/api/eks-pod-identity/v1/associations?cluster=alpha&namespace=team-payments',
        )
        .set(as(ADMIN))
        .expect(200);
      const expected = alphaInventory().associations[2];
      expect(res.body).toEqual({
        totalCount: 1,
        items: [
          {
            id: expected.associationId,
            arn: expected.associationArn,
            cluster: 'alpha',
            namespace: 'team-payments',
            serviceAccount: 'payments',
            roleArn: paymentsRole.arn,
            targetRoleArn: dataReaderArn,
            disableSessionTags: true,
            sessionPolicy: expected.sessionPolicy,
            createdAt: expected.createdAt,
            modifiedAt: expected.modifiedAt,
            tags: {},
            mappedEntityRefs: [
              'component:default/payments',
              'component:default/selected',
            ],
            findings: [],
          },
        ],
      });
    });

    it('pages with an opaque cursor through every association exactly once', async () => {
      const { http } = await scannedBackend();
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await http()
          .get('/api/eks-pod-identity/v1/associations')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(as(ADMIN))
          .expect(200);
        expect(res.body.totalCount).toBe(5);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(
          ...res.body.items.map(
            (a: any) => `${a.cluster}:${a.namespace}/${a.serviceAccount}`,
          ),
        );
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([
        'alpha:team-orders/orders',
        'alpha:team-orders/orders-worker',
        'alpha:team-payments/payments',
        'alpha:team-search/search',
        'beta:team-orders/orders',
      ]);
    });

    it('filters by cluster, namespace, service account, role (as role or target role) and owner', async () => {
      const { http } = await scannedBackend();
      const list = async (query: Record<string, string>) => {
        const res = await http()
          .get('/api/eks-pod-identity/v1/associations')
          .query(query)
          .set(as(ADMIN))
          .expect(200);
        return res.body.items.map(
          (a: any) => `${a.cluster}:${a.namespace}/${a.serviceAccount}`,
        );
      };
      expect(await list({ cluster: 'beta' })).toEqual([
        'beta:team-orders/orders',
      ]);
      expect(await list({ namespace: 'team-orders' })).toEqual([
        'alpha:team-orders/orders',
        'alpha:team-orders/orders-worker',
        'beta:team-orders/orders',
      ]);
      expect(await list({ serviceAccount: 'orders' })).toEqual([
        'alpha:team-orders/orders',
        'beta:team-orders/orders',
      ]);
      expect(await list({ roleArn: ordersRole.arn })).toEqual([
        'alpha:team-orders/orders',
        'alpha:team-orders/orders-worker',
      ]);
      expect(await list({ roleArn: dataReaderArn })).toEqual([
        'alpha:team-payments/payments',
      ]);
      expect(await list({ cluster: 'nowhere' })).toEqual([]);
      // By the mapped entity, or by its owner (a bare name is a group).
      expect(await list({ owner: 'component:default/payments' })).toEqual([
        'alpha:team-payments/payments',
      ]);
      expect(await list({ owner: 'group:default/team-orders' })).toEqual([
        'alpha:team-orders/orders',
        'beta:team-orders/orders',
      ]);
      expect(await list({ owner: 'Team-Orders' })).toEqual([
        'alpha:team-orders/orders',
        'beta:team-orders/orders',
      ]);
    });

    it.each([
      [{ limit: '0' }, 'limit'],
      [{ limit: '501' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ severity: 'urgent' }, 'severity'],
      [{ finding: 'NOT_A_CODE' }, 'finding'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ clusterName: 'alpha' }, 'clusterName'],
      [{ owner: 'group:' }, 'owner'],
    ])('answers 400 naming the field for %j', async (query, field) => {
      const { http } = await scannedBackend();
      const res = await http()
        .get('/api/eks-pod-identity/v1/associations')
        .query(query)
        .set(as(ADMIN));
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(`'${field}'`);
    });

    it('filters by finding code and severity once an analyzer supplies findings', async () => {
      const finding = (
        code: Finding['code'],
        severity: Finding['severity'],
        subject: Finding['subject'],
      ): Finding => ({
        code,
        severity,
        title: code,
        detail: `detail of ${code}`,
        remediation: 'fix it',
        subject,
      });
      const [orders, , payments] = alphaInventory().associations;
      const analyzer: InventoryAnalyzer = {
        async analyze() {
          return {
            findings: [
              finding('ROLE_SHARED', 'medium', {
                type: 'role',
                id: ordersRole.arn,
              }),
              finding('SESSION_POLICY_WITH_TAGS', 'high', {
                type: 'association',
                id: payments.associationId,
              }),
              finding('IRSA_LEFTOVER', 'low', {
                type: 'serviceAccount',
                id: 'alpha:team-orders/orders-worker',
              }),
            ],
            associationAccess: id =>
              id === orders.associationId
                ? { services: [], admin: true }
                : undefined,
            roleAccess: () => undefined,
          };
        },
      };
      const { http } = await scannedBackend({ analyzer });
      const list = async (query: Record<string, string>) =>
        (
          await http()
            .get('/api/eks-pod-identity/v1/associations')
            .query(query)
            .set(as(ADMIN))
            .expect(200)
        ).body.items;

      expect(
        (await list({ finding: 'ROLE_SHARED' })).map(
          (a: any) => a.serviceAccount,
        ),
      ).toEqual(['orders', 'orders-worker']);
      expect(
        (await list({ severity: 'high' })).map((a: any) => a.serviceAccount),
      ).toEqual(['payments']);
      const [worker] = await list({ finding: 'IRSA_LEFTOVER' });
      // Worst first.
      expect(worker.findings.map((f: Finding) => f.code)).toEqual([
        'ROLE_SHARED',
        'IRSA_LEFTOVER',
      ]);
      const [first] = await list({
        serviceAccount: 'orders',
        cluster: 'alpha',
      });
      expect(first.access).toEqual({ services: [], admin: true });
    });
  });

  describe('GET /v1/roles/:roleArn', () => {
    it('returns the role with decoded trust, managed, inline and boundary documents and its users', async () => {
      const { http } = await scannedBackend();
      const res = await http()
        .get(
          `/api/eks-pod-identity/v1/roles/${encodeURIComponent(
            ordersRole.arn,
          )}`,
        )
        .set(as(ADMIN))
        .expect(200);
      const [orders, worker] = alphaInventory().associations;
      expect(res.body).toEqual({
        arn: ordersRole.arn,
        name: 'orders',
        accountId: '111111111111',
        path: '/apps/',
        trustPolicy: ordersRole.trustPolicy,
        managedPolicies: [
          {
            arn: S3_READ.arn,
            name: S3_READ.name,
            awsManaged: true,
            defaultVersionId: 'v3',
            document: S3_READ.document,
          },
        ],
        inlinePolicies: ordersRole.inlinePolicies,
        permissionsBoundaryArn: BOUNDARY.arn,
        permissionsBoundary: BOUNDARY.document,
        tags: { owner: 'team-orders' },
        createDate: ordersRole.createDate,
        lastUsed: '2026-10-30T00:00:00.000Z',
        lastUsedRegion: 'us-east-1',
        maxSessionDuration: 3600,
        usedBy: [
          {
            cluster: 'alpha',
            namespace: 'team-orders',
            serviceAccount: 'orders',
            associationId: orders.associationId,
          },
          {
            cluster: 'alpha',
            namespace: 'team-orders',
            serviceAccount: 'orders-worker',
            associationId: worker.associationId,
          },
        ],
        findings: [],
      });
      // Slashes of the role path may also come unencoded.
      await http()
        .get(`/api/eks-pod-identity/v1/roles/${ordersRole.arn}`)
        .set(as(ADMIN))
        .expect(200);
    });

    it('answers 404 saying why for a role that does not exist or cannot be read, 400 for a bad ARN', async () => {
      const { http } = await scannedBackend();
      const ghost = await http()
        .get(
          `/api/eks-pod-identity/v1/roles/${encodeURIComponent(ghostRoleArn)}`,
        )
        .set(as(ADMIN));
      expect(ghost.status).toBe(404);
      expect(ghost.body.error.message).toContain(
        'does not exist in account 111111111111',
      );
      const unreadable = await http()
        .get(
          `/api/eks-pod-identity/v1/roles/${encodeURIComponent(dataReaderArn)}`,
        )
        .set(as(ADMIN));
      expect(unreadable.status).toBe(404);
      expect(unreadable.body.error.message).toContain(
        'account 333333333333 is not readable',
      );
      const bad = await http()
        .get('/api/eks-pod-identity/v1/roles/orders')
        .set(as(ADMIN));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'roleArn'");
    });
  });

  describe('GET /v1/entity/:namespace/:kind/:name/access', () => {
    it('maps kubernetes-id to the workloads of every cluster and their service accounts', async () => {
      const { http } = await scannedBackend();
      const res = await http()
        .get('/api/eks-pod-identity/v1/entity/default/component/orders/access')
        .set(as(ADMIN))
        .expect(200);
      expect(res.body.entityRef).toBe('component:default/orders');
      expect(res.body.scannedAt).toBe('2026-11-01T10:00:00.000Z');
      expect(res.body.clusters.map((c: any) => c.name)).toEqual([
        'alpha',
        'beta',
      ]);
      const [alphaDefault, alphaOrders, betaOrders] = res.body.items;
      expect(res.body.items).toHaveLength(3);
      // The Job's pod template names no service account: Kubernetes uses `default`.
      expect(alphaDefault).toEqual({
        cluster: 'alpha',
        namespace: 'team-orders',
        serviceAccount: 'default',
        source: 'kubernetes-id',
        serviceAccountExists: true,
        access: { services: [], admin: false },
        findings: [],
      });
      expect(alphaOrders).toMatchObject({
        cluster: 'alpha',
        serviceAccount: 'orders',
        association: {
          roleArn: ordersRole.arn,
          mappedEntityRefs: ['component:default/orders'],
        },
        role: {
          arn: ordersRole.arn,
          name: 'orders',
          accountId: '111111111111',
          state: 'found',
          path: '/apps/',
          permissionsBoundaryArn: BOUNDARY.arn,
          managedPolicyArns: [S3_READ.arn],
          inlinePolicyNames: ['queue'],
        },
      });
      expect(betaOrders).toMatchObject({
        cluster: 'beta',
        role: { arn: betaRole.arn, state: 'found' },
      });
    });

    it('uses the service-accounts annotation first, with * meaning every cluster', async () => {
      const { http } = await scannedBackend();
      const res = await http()
        .get(
          '/api/eks-pod-identity/v1/entity/default/component/payments/access',
        )
        .set(as(ADMIN))
        .expect(200);
      expect(
        res.body.items.map((i: any) => [
          i.cluster,
          i.namespace,
          i.serviceAccount,
          i.source,
          i.serviceAccountExists,
        ]),
      ).toEqual([
        ['alpha', 'team-payments', 'payments', 'annotation', true],
        ['alpha', 'team-shared', 'reporter', 'annotation', false],
        ['beta', 'team-shared', 'reporter', 'annotation', false],
      ]);
      expect(res.body.items[0]).toMatchObject({
        role: { arn: paymentsRole.arn, state: 'found' },
        targetRole: {
          arn: dataReaderArn,
          name: 'data-reader',
          accountId: '333333333333',
          state: 'notReadable',
        },
      });
    });

    it('honours the label selector and namespace annotations', async () => {
      const { http } = await scannedBackend();
      const res = await http()
        .get(
          '/api/eks-pod-identity/v1/entity/default/component/selected/access',
        )
        .set(as(ADMIN))
        .expect(200);
      expect(
        res.body.items.map(
          (i: any) => `${i.cluster}:${i.namespace}/${i.serviceAccount}`,
        ),
      ).toEqual(['alpha:team-payments/payments']);
    });

    it('answers an entity without mapping annotations with no items, and a malformed annotation with 400', async () => {
      const { http } = await scannedBackend();
      const none = await http()
        .get('/api/eks-pod-identity/v1/entity/default/component/nothing/access')
        .set(as(ADMIN))
        .expect(200);
      expect(none.body).toEqual({
        entityRef: 'component:default/nothing',
        clusters: [],
        items: [],
      });
      const broken = await http()
        .get('/api/eks-pod-identity/v1/entity/default/component/broken/access')
        .set(as(ADMIN));
      expect(broken.status).toBe(400);
      expect(broken.body.error.message).toContain(
        'eks-pod-identity/service-accounts',
      );
    });
  });

  describe('snapshot responses', () => {
    it('are revalidated by ETag, gzipped on request, and change with the snapshot', async () => {
      const { http, scanner } = await scannedBackend();
      const path = '/api/eks-pod-identity/v1/associations?cluster=alpha';
      const first = await http()
        .get(path)
        .set(as(ADMIN))
        .set('Accept-Encoding', 'identity')
        .expect(200);
      const etag = first.headers.etag;
      expect(etag).toMatch(/^W\/"/);
      await http()
        .get(path)
        .set(as(ADMIN))
        .set('If-None-Match', etag)
        .expect(304);

      const gzipped = await http()
        .get(path)
        .set(as(ADMIN))
        .set('Accept-Encoding', 'gzip')
        .expect(200);
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      expect(gzipped.body).toEqual(first.body);

      // Another entity sees its own answer, not a cached one.
      const payments = await http()
        .get(
          '/api/eks-pod-identity/v1/entity/default/component/payments/access',
        )
        .set(as(ADMIN))
        .expect(200);
      expect(payments.body.entityRef).toBe('component:default/payments');

      scanner.inventories.set('alpha', {
        ...alphaInventory(),
        associations: alphaInventory().associations.slice(0, 1),
      });
      await http()
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(ADMIN))
        .send({})
        .expect(202);
      const after = await http()
        .get(path)
        .set(as(ADMIN))
        .set('If-None-Match', etag)
        .expect(200);
      expect(after.headers.etag).not.toBe(etag);
      expect(after.body.totalCount).toBe(1);
    });
  });

  describe('POST /v1/refresh', () => {
    it('rescans only the named cluster while the last full scan is recent', async () => {
      const { http, scanner } = await scannedBackend();
      expect(scanner.scans).toEqual([undefined]);
      await http()
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(ADMIN))
        .send({ cluster: 'beta' })
        .expect(202, { accepted: true, cluster: 'beta' });
      expect(scanner.scans).toEqual([undefined, ['beta']]);
    });

    it('answers 404 for an unknown cluster and 400 for a bad body', async () => {
      const { http } = await scannedBackend();
      const unknown = await http()
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(ADMIN))
        .send({ cluster: 'gamma' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain("'gamma'");
      const bad = await http()
        .post('/api/eks-pod-identity/v1/refresh')
        .set(as(ADMIN))
        .send({ cluster: 42 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'cluster'");
    });
  });
});
