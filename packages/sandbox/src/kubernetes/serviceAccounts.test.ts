import {
  ApiException,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  CLUSTER_KEY,
  failureOf,
  startTestApi,
  TestApi,
} from './__testUtils__/clients';

const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** The Status object an ApiException carries (as JSON text, as the client hands it over). */
function statusOf(error: unknown) {
  expect(error).toBeInstanceOf(ApiException);
  return JSON.parse((error as ApiException<string>).body);
}

describe('namespaces and service accounts', () => {
  let t: TestApi;
  let clock: Date;

  beforeEach(async () => {
    clock = new Date('2025-03-01T10:00:00.123Z');
    t = await startTestApi(
      {
        namespaces: ['team-a'],
        serviceAccounts: [
          { namespace: 'team-a', name: 'orders', labels: { team: 'a' } },
          {
            namespace: 'team-b',
            name: 'billing',
            annotations: {
              [ROLE_ARN_ANNOTATION]: 'arn:aws:iam::111111111111:role/billing',
            },
          },
        ],
      },
      { now: () => clock },
    );
  });
  afterEach(() => t.api.stop());

  describe('namespaces', () => {
    it('creates, gets, lists and deletes a namespace, with its default service account and contents', async () => {
      const { core } = t.clients;
      const created = await core.createNamespace({
        body: { metadata: { name: 'team-c', labels: { owner: 'c' } } },
      });
      expect(created).toMatchObject({
        kind: 'Namespace',
        metadata: {
          name: 'team-c',
          labels: { owner: 'c', 'kubernetes.io/metadata.name': 'team-c' },
        },
        status: { phase: 'Active' },
      });
      expect(created.metadata!.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.metadata!.creationTimestamp).toEqual(
        new Date('2025-03-01T10:00:00Z'),
      );

      expect((await core.readNamespace({ name: 'team-c' })).metadata!.uid).toBe(
        created.metadata!.uid,
      );
      expect(
        (await core.listNamespace()).items.map(n => n.metadata!.name),
      ).toContain('team-c');
      expect(
        (
          await core.readNamespacedServiceAccount({
            namespace: 'team-c',
            name: 'default',
          })
        ).metadata!.name,
      ).toBe('default');

      await core.createNamespacedServiceAccount({
        namespace: 'team-c',
        body: { metadata: { name: 'worker' } },
      });
      const deleted = await core.deleteNamespace({ name: 'team-c' });
      // Like the API server, the answer is the Namespace being finalized (the client types it as a Status).
      expect(deleted).toMatchObject({ kind: 'Namespace', apiVersion: 'v1' });
      expect(
        statusOf(await failureOf(core.readNamespace({ name: 'team-c' }))),
      ).toMatchObject({
        code: 404,
        reason: 'NotFound',
        message: 'namespaces "team-c" not found',
        details: { name: 'team-c', kind: 'namespaces' },
      });
      const everywhere = await core.listServiceAccountForAllNamespaces();
      expect(
        everywhere.items.filter(sa => sa.metadata!.namespace === 'team-c'),
      ).toEqual([]);

      expect(t.mutations.map(m => [m.operation, m.target])).toEqual([
        ['create Namespace', 'team-c'],
        ['create ServiceAccount', 'team-c/worker'],
        ['delete Namespace', 'team-c'],
      ]);
    });

    it('patches namespace labels, keeping the name label the API server owns', async () => {
      const patched = await t.clients.core.patchNamespace(
        {
          name: 'team-a',
          body: {
            metadata: {
              labels: { owner: 'a', 'kubernetes.io/metadata.name': null },
            },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(patched.metadata!.labels).toEqual({
        owner: 'a',
        'kubernetes.io/metadata.name': 'team-a',
      });
      expect(t.mutations.map(m => [m.operation, m.target])).toEqual([
        ['patch Namespace', 'team-a'],
      ]);
    });

    it('creates namespaces named by seeded objects, each with a default service account', async () => {
      const names = (await t.clients.core.listNamespace()).items.map(
        n => n.metadata!.name,
      );
      expect(names).toEqual([
        'default',
        'kube-node-lease',
        'kube-public',
        'kube-system',
        'team-a',
        'team-b',
      ]);
      const defaults = await t.clients.core.listServiceAccountForAllNamespaces({
        fieldSelector: 'metadata.name=default',
      });
      expect(defaults.items.map(sa => sa.metadata!.namespace)).toEqual(names);
    });

    it('refuses invalid, duplicate and protected namespaces as Kubernetes does', async () => {
      const { core } = t.clients;
      const invalid = statusOf(
        await failureOf(
          core.createNamespace({ body: { metadata: { name: 'Team_C' } } }),
        ),
      );
      expect(invalid).toMatchObject({
        code: 422,
        reason: 'Invalid',
        details: { name: 'Team_C', kind: 'Namespace' },
      });
      expect(invalid.message).toMatch(
        /^Namespace "Team_C" is invalid: metadata.name: Invalid value: "Team_C": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'/,
      );
      const long = 'n'.repeat(64);
      expect(
        statusOf(
          await failureOf(
            core.createNamespace({ body: { metadata: { name: long } } }),
          ),
        ).message,
      ).toContain('must be no more than 63 characters');
      expect(
        statusOf(
          await failureOf(
            core.createNamespace({ body: { metadata: { name: 'team-a' } } }),
          ),
        ),
      ).toMatchObject({
        code: 409,
        reason: 'AlreadyExists',
        message: 'namespaces "team-a" already exists',
      });
      expect(
        statusOf(
          await failureOf(core.deleteNamespace({ name: 'kube-system' })),
        ),
      ).toMatchObject({
        code: 403,
        reason: 'Forbidden',
        message:
          'namespaces "kube-system" is forbidden: this namespace may not be deleted',
      });
      expect(t.mutations).toEqual([]);
    });
  });

  describe('service accounts', () => {
    it('creates, gets, lists (namespaced and cluster-wide) and deletes, logging each mutation', async () => {
      const { core } = t.clients;
      clock = new Date('2025-03-02T00:00:00Z');
      const created = await core.createNamespacedServiceAccount({
        namespace: 'team-a',
        body: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: {
            name: 'payments',
            labels: { team: 'a' },
            annotations: { note: 'new' },
            uid: 'client-chosen',
          },
        },
      });
      expect(created).toMatchObject({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'payments',
          namespace: 'team-a',
          labels: { team: 'a' },
          annotations: { note: 'new' },
        },
      });
      expect(created.metadata!.uid).not.toBe('client-chosen');
      expect(Number(created.metadata!.resourceVersion)).toBeGreaterThan(0);
      expect(created.metadata!.creationTimestamp).toEqual(clock);

      const read = await core.readNamespacedServiceAccount({
        namespace: 'team-a',
        name: 'payments',
      });
      expect(read.metadata).toEqual(created.metadata);

      const inTeamA = await core.listNamespacedServiceAccount({
        namespace: 'team-a',
      });
      expect(inTeamA.kind).toBe('ServiceAccountList');
      expect(inTeamA.items.map(sa => sa.metadata!.name)).toEqual([
        'default',
        'orders',
        'payments',
      ]);

      const labelled = await core.listServiceAccountForAllNamespaces({
        labelSelector: 'team=a',
      });
      expect(
        labelled.items.map(
          sa => `${sa.metadata!.namespace}/${sa.metadata!.name}`,
        ),
      ).toEqual(['team-a/orders', 'team-a/payments']);

      const deleted = await core.deleteNamespacedServiceAccount({
        namespace: 'team-a',
        name: 'payments',
      });
      expect(deleted.metadata!.uid).toBe(created.metadata!.uid);
      expect(
        statusOf(
          await failureOf(
            core.readNamespacedServiceAccount({
              namespace: 'team-a',
              name: 'payments',
            }),
          ),
        ),
      ).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'serviceaccounts "payments" not found',
        reason: 'NotFound',
        details: { name: 'payments', kind: 'serviceaccounts' },
        code: 404,
      });

      expect(t.mutations).toEqual([
        {
          at: '2025-03-02T00:00:00.000Z',
          service: 'kubernetes',
          operation: 'create ServiceAccount',
          accountId: '111111111111',
          region: 'us-east-1',
          cluster: 'prod-use1',
          target: 'team-a/payments',
        },
        expect.objectContaining({
          operation: 'delete ServiceAccount',
          target: 'team-a/payments',
        }),
      ]);
      expect(
        t.api.store(CLUSTER_KEY).get('serviceaccounts', 'team-a', 'payments'),
      ).toBeUndefined();
    });

    it('patches labels and annotations with merge, strategic merge and JSON patches', async () => {
      const { core } = t.clients;
      const target = { namespace: 'team-b', name: 'billing' };
      const before = await core.readNamespacedServiceAccount(target);

      const merged = await core.patchNamespacedServiceAccount(
        {
          ...target,
          body: { metadata: { labels: { team: 'b', tier: 'gold' } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      expect(merged.metadata!.labels).toEqual({ team: 'b', tier: 'gold' });
      expect(merged.metadata!.annotations).toEqual({
        [ROLE_ARN_ANNOTATION]: 'arn:aws:iam::111111111111:role/billing',
      });
      expect(Number(merged.metadata!.resourceVersion)).toBeGreaterThan(
        Number(before.metadata!.resourceVersion),
      );
      expect(merged.metadata!.uid).toBe(before.metadata!.uid);

      const strategic = await core.patchNamespacedServiceAccount(
        {
          ...target,
          body: {
            metadata: {
              labels: { tier: null },
              annotations: { owner: 'group:billing' },
            },
          },
        },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
      expect(strategic.metadata!.labels).toEqual({ team: 'b' });
      expect(strategic.metadata!.annotations).toHaveProperty(
        'owner',
        'group:billing',
      );

      // The client's default patch type: a JSON patch, here removing the IRSA annotation.
      const jsonPatched = await core.patchNamespacedServiceAccount({
        ...target,
        body: [
          {
            op: 'test',
            path: '/metadata/annotations/eks.amazonaws.com~1role-arn',
            value: 'arn:aws:iam::111111111111:role/billing',
          },
          {
            op: 'remove',
            path: '/metadata/annotations/eks.amazonaws.com~1role-arn',
          },
          { op: 'add', path: '/metadata/labels/migrated', value: 'true' },
        ],
      });
      expect(jsonPatched.metadata!.annotations).toEqual({
        owner: 'group:billing',
      });
      expect(jsonPatched.metadata!.labels).toEqual({
        team: 'b',
        migrated: 'true',
      });

      const stored = t.api
        .store(CLUSTER_KEY)
        .get('serviceaccounts', 'team-b', 'billing');
      expect(stored?.metadata.annotations).toEqual({ owner: 'group:billing' });
      expect(t.mutations.map(m => m.operation)).toEqual([
        'patch ServiceAccount',
        'patch ServiceAccount',
        'patch ServiceAccount',
      ]);
    });

    it('rejects failing, stale and invalid patches without changing anything', async () => {
      const { core } = t.clients;
      const target = { namespace: 'team-a', name: 'orders' };
      const before = await core.readNamespacedServiceAccount(target);

      const failedTest = statusOf(
        await failureOf(
          core.patchNamespacedServiceAccount({
            ...target,
            body: [
              { op: 'test', path: '/metadata/labels/team', value: 'z' },
              { op: 'replace', path: '/metadata/labels/team', value: 'y' },
            ],
          }),
        ),
      );
      expect(failedTest).toMatchObject({ code: 422, reason: 'Invalid' });

      const stale = statusOf(
        await failureOf(
          core.patchNamespacedServiceAccount(
            {
              ...target,
              body: {
                metadata: { resourceVersion: '1', labels: { team: 'x' } },
              },
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          ),
        ),
      );
      expect(stale).toMatchObject({
        code: 409,
        reason: 'Conflict',
        message:
          'Operation cannot be fulfilled on serviceaccounts "orders": the object has been modified; please apply your changes to the latest version and try again',
      });

      const badLabel = statusOf(
        await failureOf(
          core.patchNamespacedServiceAccount(
            {
              ...target,
              body: { metadata: { labels: { team: 'not valid!' } } },
            },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          ),
        ),
      );
      expect(badLabel).toMatchObject({
        code: 422,
        reason: 'Invalid',
        details: { causes: [{ field: 'metadata.labels' }] },
      });
      expect(badLabel.message).toMatch(
        /^ServiceAccount "orders" is invalid: metadata.labels: Invalid value: "not valid!"/,
      );

      const rename = statusOf(
        await failureOf(
          core.patchNamespacedServiceAccount(
            { ...target, body: { metadata: { name: 'other' } } },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          ),
        ),
      );
      expect(rename).toMatchObject({
        code: 422,
        details: { causes: [{ field: 'metadata.name' }] },
      });

      const applyPatch = await failureOf(
        core.patchNamespacedServiceAccount(
          { ...target, body: { metadata: { labels: { a: 'b' } } } },
          setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply),
        ),
      );
      expect(statusOf(applyPatch)).toMatchObject({
        code: 415,
        reason: 'UnsupportedMediaType',
      });

      expect(await core.readNamespacedServiceAccount(target)).toEqual(before);
      expect(t.mutations).toEqual([]);
    });

    it('answers 404, 409 and 422 on create as the API server does', async () => {
      const { core } = t.clients;
      expect(
        statusOf(
          await failureOf(
            core.createNamespacedServiceAccount({
              namespace: 'nope',
              body: { metadata: { name: 'x' } },
            }),
          ),
        ),
      ).toMatchObject({
        code: 404,
        reason: 'NotFound',
        message: 'namespaces "nope" not found',
        details: { name: 'nope', kind: 'namespaces' },
      });

      expect(
        statusOf(
          await failureOf(
            core.createNamespacedServiceAccount({
              namespace: 'team-a',
              body: { metadata: { name: 'orders' } },
            }),
          ),
        ),
      ).toMatchObject({
        code: 409,
        reason: 'AlreadyExists',
        message: 'serviceaccounts "orders" already exists',
        details: { name: 'orders', kind: 'serviceaccounts' },
      });

      const invalid = statusOf(
        await failureOf(
          core.createNamespacedServiceAccount({
            namespace: 'team-a',
            body: { metadata: { name: 'Bad_Name' } },
          }),
        ),
      );
      expect(invalid).toMatchObject({
        code: 422,
        reason: 'Invalid',
        details: {
          name: 'Bad_Name',
          kind: 'ServiceAccount',
          causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }],
        },
      });
      expect(invalid.message).toBe(
        `ServiceAccount "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      );

      const nameless = statusOf(
        await failureOf(
          core.createNamespacedServiceAccount({
            namespace: 'team-a',
            body: { metadata: {} },
          }),
        ),
      );
      expect(nameless).toMatchObject({
        code: 422,
        message:
          'ServiceAccount "" is invalid: metadata.name: Required value: name or generateName is required',
      });

      const wrongNamespace = statusOf(
        await failureOf(
          core.createNamespacedServiceAccount({
            namespace: 'team-a',
            body: { metadata: { name: 'x', namespace: 'team-b' } },
          }),
        ),
      );
      expect(wrongNamespace).toMatchObject({
        code: 400,
        reason: 'BadRequest',
        message:
          'the namespace of the provided object does not match the namespace sent on the request',
      });
      expect(t.mutations).toEqual([]);
    });

    it('generates names from generateName and honours dryRun without storing or logging', async () => {
      const { core } = t.clients;
      const generated = await core.createNamespacedServiceAccount({
        namespace: 'team-a',
        body: { metadata: { generateName: 'job-runner-' } },
      });
      expect(generated.metadata!.name).toMatch(/^job-runner-[a-z0-9]{5}$/);
      t.mutations.length = 0;

      const dry = await core.createNamespacedServiceAccount({
        namespace: 'team-a',
        dryRun: 'All',
        body: { metadata: { name: 'planned' } },
      });
      expect(dry.metadata!.name).toBe('planned');
      await core.patchNamespacedServiceAccount(
        {
          namespace: 'team-a',
          name: 'orders',
          dryRun: 'All',
          body: { metadata: { labels: { team: 'z' } } },
        },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await core.deleteNamespacedServiceAccount({
        namespace: 'team-a',
        name: 'orders',
        dryRun: 'All',
      });

      const store = t.api.store(CLUSTER_KEY);
      expect(store.get('serviceaccounts', 'team-a', 'planned')).toBeUndefined();
      expect(
        store.get('serviceaccounts', 'team-a', 'orders')?.metadata.labels,
      ).toEqual({ team: 'a' });
      expect(t.mutations).toEqual([]);

      expect(
        statusOf(
          await failureOf(
            core.createNamespacedServiceAccount({
              namespace: 'team-a',
              dryRun: 'Yes',
              body: { metadata: { name: 'x' } },
            }),
          ),
        ),
      ).toMatchObject({
        code: 400,
        message: 'dryRun: Unsupported value: "Yes": supported values: "All"',
      });
    });
  });
});
