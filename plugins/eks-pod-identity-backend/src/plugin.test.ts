import type {
  EksPodIdentityApiOperations,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
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
  apiClient,
  entityAccess,
  refreshInventory,
  refusalOf,
} from './__testUtils__/apiClient';
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
  const server = backend.server;
  const refresh = () => refreshInventory(server);
  await refresh();
  return {
    backend,
    scanner,
    client: apiClient(server, ADMIN),
    /** A full refresh as an admin, answered 202. */
    refresh,
    /** The client signed in as `user`, or anonymous without one. */
    clientAs: (user?: string) => apiClient(server, user),
    /** For what the spec cannot say: headers, caching, unencoded paths. */
    http: () => request(backend.server),
  };
}

type AssociationsQuery = NonNullable<
  EksPodIdentityApiOperations['GetAssociations']['parameters']['query']
>;

describe('eks-pod-identity backend', () => {
  describe('authentication and permissions', () => {
    it('serves /health without credentials and refuses anonymous API calls with 401', async () => {
      const { clientAs } = await scannedBackend();
      const anonymous = clientAs();
      const { data: health } = await anonymous.GET('/health');
      expect(health).toEqual({ status: 'ok' });
      for (const call of [
        anonymous.GET('/v1/clusters'),
        anonymous.GET('/v1/associations'),
        anonymous.GET('/v1/entity/{namespace}/{kind}/{name}/access', {
          params: {
            path: { namespace: 'default', kind: 'component', name: 'orders' },
          },
        }),
        anonymous.GET('/v1/roles/{roleArn}', {
          params: { path: { roleArn: ordersRole.arn } },
        }),
      ]) {
        const refused = await refusalOf(call);
        expect(refused.status).toBe(401);
        expect(refused.error.name).toBe('AuthenticationError');
      }
      const refresh = await refusalOf(
        anonymous.POST('/v1/refresh', { body: {} }),
      );
      expect(refresh.status).toBe(401);
    });

    it('answers 403 on governance routes and refresh without the plugin permissions', async () => {
      const { clientAs } = await scannedBackend();
      const developer = clientAs(DEVELOPER);
      for (const call of [
        developer.GET('/v1/clusters'),
        developer.GET('/v1/associations'),
        developer.GET('/v1/roles/{roleArn}', {
          params: { path: { roleArn: ordersRole.arn } },
        }),
      ]) {
        const refused = await refusalOf(call);
        expect(refused.status).toBe(403);
        expect(refused.error).toEqual({
          name: 'NotAllowedError',
          message: expect.stringContaining('eks-pod-identity.inventory.read'),
        });
      }
      const refresh = await refusalOf(
        developer.POST('/v1/refresh', { body: {} }),
      );
      expect(refresh.status).toBe(403);
      expect(refresh.error.message).toContain('eks-pod-identity.refresh');
    });

    it('authorizes entity access through the catalog: 404 for a caller who cannot see the entity', async () => {
      const { client, clientAs } = await scannedBackend();
      const access = (name: string) => ({
        params: { path: { namespace: 'default', kind: 'component', name } },
      });
      const path = '/v1/entity/{namespace}/{kind}/{name}/access';
      const { response } = await clientAs(DEVELOPER).GET(
        path,
        access('orders'),
      );
      expect(response.status).toBe(200);
      const hidden = await refusalOf(
        clientAs(OUTSIDER).GET(path, access('orders')),
      );
      const missing = await refusalOf(client.GET(path, access('nope')));
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hidden.error.name).toBe('NotFoundError');
      // The answer does not tell a hidden entity from a missing one.
      expect(hidden.error.message).toBe(
        'Entity component:default/orders is not in the catalog',
      );
    });
  });

  describe('GET /v1/clusters', () => {
    it('lists every cluster with its scan status and agent', async () => {
      const { client } = await scannedBackend();
      const { data } = await client.GET('/v1/clusters');
      expect(data).toEqual({
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
      const { client, refresh, scanner } = await scannedBackend();
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
      await refresh();

      const { data: clusters } = await client.GET('/v1/clusters');
      expect(
        clusters!.items.map(c => [c.name, c.status, c.stale, c.error]),
      ).toEqual([
        ['alpha', 'ok', false, undefined],
        [
          'beta',
          'error',
          true,
          'Kubernetes API of beta is unreachable: connect ECONNREFUSED',
        ],
      ]);
      expect(clusters!.items[1].lastScanAt).toBe('2026-11-01T10:00:00.000Z');

      // The entity tab still answers from beta's last good Kubernetes data.
      const { data: access } = await client.GET(
        '/v1/entity/{namespace}/{kind}/{name}/access',
        {
          params: {
            path: { namespace: 'default', kind: 'component', name: 'orders' },
          },
        },
      );
      expect(access!.clusters.find(c => c.name === 'beta')).toMatchObject({
        status: 'error',
        stale: true,
      });
      expect(access!.items.filter(i => i.cluster === 'beta')).toEqual([
        expect.objectContaining({
          namespace: 'team-orders',
          serviceAccount: 'orders',
          serviceAccountExists: true,
        }),
      ]);
    });
    it('keeps a cluster whose account could not be listed, stale with the error, and its roles', async () => {
      const { client, refresh, scanner } = await scannedBackend();
      const betaRoleDetail = () =>
        client.GET('/v1/roles/{roleArn}', {
          params: { path: { roleArn: betaRole.arn } },
        });
      scanner.clusters = scanner.clusters.filter(c => c.name !== 'beta');
      scanner.discoveryErrors = [
        {
          accountId: '222222222222',
          region: 'eu-west-1',
          error:
            'AccessDeniedException: not authorized to perform eks:ListClusters',
        },
      ];
      await refresh();
      const { data: clusters } = await client.GET('/v1/clusters');
      expect(clusters!.items[1]).toMatchObject({
        name: 'beta',
        status: 'error',
        stale: true,
        associationCount: 1,
        error: expect.stringContaining('eks:ListClusters'),
      });
      expect((await betaRoleDetail()).data!.arn).toBe(betaRole.arn);

      // Once listed again and gone, it is removed.
      scanner.discoveryErrors = [];
      await refresh();
      const { data: after } = await client.GET('/v1/clusters');
      expect(after!.items.map(c => c.name)).toEqual(['alpha']);
      expect((await refusalOf(betaRoleDetail())).status).toBe(404);
    });
  });

  describe('GET /v1/associations', () => {
    it('returns associations with decoded session policies, mapped entities and (until analysis lands) no findings', async () => {
      const { client } = await scannedBackend();
      const { data } = await client.GET('/v1/associations', {
        params: { query: { cluster: 'alpha', namespace: 'team-payments' } },
      });
      const expected = alphaInventory().associations[2];
      expect(data).toEqual({
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
      const { client } = await scannedBackend();
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const { data } = await client.GET('/v1/associations', {
          params: { query: { limit: 2, cursor } },
        });
        expect(data!.totalCount).toBe(5);
        expect(data!.items.length).toBeLessThanOrEqual(2);
        seen.push(
          ...data!.items.map(
            a => `${a.cluster}:${a.namespace}/${a.serviceAccount}`,
          ),
        );
        cursor = data!.nextCursor;
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
      const { client } = await scannedBackend();
      const list = async (query: AssociationsQuery) => {
        const { data } = await client.GET('/v1/associations', {
          params: { query },
        });
        return data!.items.map(
          a => `${a.cluster}:${a.namespace}/${a.serviceAccount}`,
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
      const { client } = await scannedBackend();
      const refused = await refusalOf(
        client.GET('/v1/associations', {
          // Deliberately outside the spec: the route must refuse it.
          params: { query: query as AssociationsQuery },
        }),
      );
      expect(refused.status).toBe(400);
      expect(refused.error.name).toBe('InputError');
      expect(refused.error.message).toContain(`'${field}'`);
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
      const { client } = await scannedBackend({ analyzer });
      const list = async (query: AssociationsQuery) =>
        (await client.GET('/v1/associations', { params: { query } })).data!
          .items;

      expect(
        (await list({ finding: 'ROLE_SHARED' })).map(a => a.serviceAccount),
      ).toEqual(['orders', 'orders-worker']);
      expect(
        (await list({ severity: 'high' })).map(a => a.serviceAccount),
      ).toEqual(['payments']);
      const [worker] = await list({ finding: 'IRSA_LEFTOVER' });
      // Worst first.
      expect(worker.findings.map(f => f.code)).toEqual([
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
      const { client, http } = await scannedBackend();
      const { data } = await client.GET('/v1/roles/{roleArn}', {
        params: { path: { roleArn: ordersRole.arn } },
      });
      const [orders, worker] = alphaInventory().associations;
      expect(data).toEqual({
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
      const { client } = await scannedBackend();
      const role = (roleArn: string) =>
        refusalOf(
          client.GET('/v1/roles/{roleArn}', { params: { path: { roleArn } } }),
        );
      const ghost = await role(ghostRoleArn);
      expect(ghost.status).toBe(404);
      expect(ghost.error.message).toContain(
        'does not exist in account 111111111111',
      );
      const unreadable = await role(dataReaderArn);
      expect(unreadable.status).toBe(404);
      expect(unreadable.error.message).toContain(
        'account 333333333333 is not readable',
      );
      const bad = await role('orders');
      expect(bad.status).toBe(400);
      expect(bad.error.message).toContain("'roleArn'");
    });
  });

  describe('GET /v1/entity/:namespace/:kind/:name/access', () => {
    it('maps kubernetes-id to the workloads of every cluster and their service accounts', async () => {
      const { client } = await scannedBackend();
      const data = await entityAccess(client, 'orders');
      expect(data.entityRef).toBe('component:default/orders');
      expect(data.scannedAt).toBe('2026-11-01T10:00:00.000Z');
      expect(data.clusters.map(c => c.name)).toEqual(['alpha', 'beta']);
      const [alphaDefault, alphaOrders, betaOrders] = data.items;
      expect(data.items).toHaveLength(3);
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
      const { client } = await scannedBackend();
      const data = await entityAccess(client, 'payments');
      expect(
        data.items.map(i => [
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
      expect(data.items[0]).toMatchObject({
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
      const { client } = await scannedBackend();
      const data = await entityAccess(client, 'selected');
      expect(
        data.items.map(i => `${i.cluster}:${i.namespace}/${i.serviceAccount}`),
      ).toEqual(['alpha:team-payments/payments']);
    });

    it('answers an entity without mapping annotations with no items, and a malformed annotation with 400', async () => {
      const { client } = await scannedBackend();
      expect(await entityAccess(client, 'nothing')).toEqual({
        entityRef: 'component:default/nothing',
        clusters: [],
        items: [],
      });
      const broken = await refusalOf(entityAccess(client, 'broken'));
      expect(broken.status).toBe(400);
      expect(broken.error.message).toContain(
        'eks-pod-identity/service-accounts',
      );
    });
  });

  describe('snapshot responses', () => {
    it('are revalidated by ETag, gzipped on request, and change with the snapshot', async () => {
      const { client, http, refresh, scanner } = await scannedBackend();
      const alphaAssociations = () =>
        client.GET('/v1/associations', {
          params: { query: { cluster: 'alpha' } },
        });
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
      expect(gzipped.text).toBe(first.text);
      // What the cache answers is what the spec describes.
      expect(JSON.parse(first.text)).toEqual((await alphaAssociations()).data);

      // Another entity sees its own answer, not a cached one.
      expect((await entityAccess(client, 'payments')).entityRef).toBe(
        'component:default/payments',
      );

      scanner.inventories.set('alpha', {
        ...alphaInventory(),
        associations: alphaInventory().associations.slice(0, 1),
      });
      await refresh();
      const after = await client.GET('/v1/associations', {
        params: { query: { cluster: 'alpha' } },
        headers: { 'If-None-Match': etag },
      });
      expect(after.response.status).toBe(200);
      expect(after.response.headers.get('etag')).not.toBe(etag);
      expect(after.data!.totalCount).toBe(1);
    });
  });

  describe('POST /v1/refresh', () => {
    it('rescans only the named cluster while the last full scan is recent', async () => {
      const { client, scanner } = await scannedBackend();
      expect(scanner.scans).toEqual([undefined]);
      const { data, response } = await client.POST('/v1/refresh', {
        body: { cluster: 'beta' },
      });
      expect(response.status).toBe(202);
      expect(data).toEqual({ accepted: true, cluster: 'beta' });
      expect(scanner.scans).toEqual([undefined, ['beta']]);
    });

    it('answers 404 for an unknown cluster and 400 for a bad body', async () => {
      const { client } = await scannedBackend();
      const unknown = await refusalOf(
        client.POST('/v1/refresh', { body: { cluster: 'gamma' } }),
      );
      expect(unknown.status).toBe(404);
      expect(unknown.error.message).toContain("'gamma'");
      const bad = await refusalOf(
        client.POST('/v1/refresh', {
          // Deliberately outside the spec: the route must refuse it.
          body: { cluster: 42 as unknown as string },
        }),
      );
      expect(bad.status).toBe(400);
      expect(bad.error.message).toContain("'cluster'");
    });
  });
});
