/**
 * The Kubernetes access the module ships for the scaffolder's writes
 * (kubernetes/writer-access-entry.json + kubernetes/writer-rbac.yaml) is
 * enough for every Kubernetes call the actions make — ensureServiceAccount's
 * reads and creates, their undo, IRSA migration's patch — and nothing in it
 * is spare: without any one (resource, verb), that named call is refused.
 * Against the sandbox, which authorizes as EKS does; whatever identity the
 * harness signs in with is given only the shipped entry.
 */
import path from 'node:path';
import fs from 'node:fs';
import yaml from 'yaml';
import type { KubernetesClusterClient } from '@pod-identity/plugin-eks-pod-identity-node';
import type { EstateSeed, KubernetesSeed } from '@pod-identity/sandbox';
import { PROD, PROD_CLUSTER, testEstate } from '../__testUtils__/estate';
import { Harness, startHarness } from '../__testUtils__/harness';

jest.setTimeout(60_000);

const SHIPPED = path.resolve(__dirname, '../../kubernetes');
const cluster = { accountId: PROD, region: 'us-east-1', name: PROD_CLUSTER };

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

/** Each (resource, verb) of the RBAC, and the call of the actions that needs it. */
const CALLS: Record<
  string,
  { call: string; run: (k: KubernetesClusterClient) => Promise<unknown> }
> = {
  'get namespaces': {
    call: 'readNamespace (is the namespace there?)',
    run: k => k.readNamespace('team-orders'),
  },
  'create namespaces': {
    call: 'createNamespace (createNamespace: true)',
    run: k => k.createNamespace('team-new'),
  },
  'delete namespaces': {
    call: 'deleteNamespace (undo of a namespace the action created)',
    run: k => k.deleteNamespace('team-orders'),
  },
  'get serviceaccounts': {
    call: 'readServiceAccount (reuse an existing one)',
    run: k => k.readServiceAccount('team-orders', 'orders-api'),
  },
  'create serviceaccounts': {
    call: 'createServiceAccount',
    run: k => k.createServiceAccount('team-orders', 'orders-worker'),
  },
  'patch serviceaccounts': {
    call: 'patchServiceAccount (IRSA migration drops the annotation)',
    run: k =>
      k.patchServiceAccount('team-orders', 'orders-api', {
        annotations: { 'example.com/x': 'y' },
      }),
  },
  'delete serviceaccounts': {
    call: 'deleteServiceAccount (undo of a service account the action created)',
    run: k => k.deleteServiceAccount('team-orders', 'orders-api'),
  },
};

const shipped = yaml
  .parseAllDocuments(
    fs.readFileSync(path.join(SHIPPED, 'writer-rbac.yaml'), 'utf8'),
  )
  .map(d => d.toJS());

/** The test estate with the writer's entry (from the shipped file) as the only way in to prod-use1. */
function estate(rbac: KubernetesSeed['rbac']): EstateSeed {
  const seed = testEstate();
  const account = seed.accounts.find(a => a.id === PROD)!;
  const prod = account.clusters!.find(c => c.name === PROD_CLUSTER)!;
  prod.accessConfig = { bootstrapClusterCreatorAdminPermissions: false };
  // Whichever identity the harness signs in with: the account's keys, or the backend's role.
  prod.accessEntries = [
    `arn:aws:iam::${PROD}:user/sandbox`,
    `arn:aws:iam::${PROD}:role/backstage-reader`,
  ].map(principalArn => ({
    principalArn,
    file: path.join(SHIPPED, 'writer-access-entry.json'),
  }));
  prod.kubernetes = { ...prod.kubernetes, rbac };
  return seed;
}

const failureOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (e: { code?: number; body?: string }) => ({
      code: e.code,
      message: JSON.parse(e.body ?? '{}').message as string,
    }),
  );

describe('the writer RBAC and access entry the scaffolder module ships', () => {
  it('binds one ClusterRole to the group the access entry names', () => {
    const entry = JSON.parse(
      fs.readFileSync(path.join(SHIPPED, 'writer-access-entry.json'), 'utf8'),
    );
    expect(shipped.map(o => o.kind)).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
    ]);
    expect(shipped[1].subjects.map((s: { name: string }) => s.name)).toEqual(
      entry.kubernetesGroups,
    );
  });

  it('is enough for every Kubernetes call of the actions, and for nothing else', async () => {
    const harness = await startHarness({
      seed: estate([path.join(SHIPPED, 'writer-rbac.yaml')]),
    });
    try {
      const k = harness.deps.kubernetes.forCluster(cluster);
      for (const name of [
        'get namespaces',
        'create namespaces',
        'get serviceaccounts',
        'create serviceaccounts',
        'patch serviceaccounts',
        'delete serviceaccounts',
        'delete namespaces',
      ]) {
        await expect(CALLS[name].run(k)).resolves.not.toThrow();
      }
      expect(await failureOf(k.listPods())).toMatchObject({ code: 403 });
    } finally {
      await harness.stop();
    }
  });

  it('has nothing spare: without each (resource, verb), the call that needs it is refused', async () => {
    const rules = shipped[0].rules as Rule[];
    const pairs = rules.flatMap((rule, ri) =>
      rule.resources.flatMap(resource =>
        rule.verbs.map(verb => ({ ri, resource, verb })),
      ),
    );
    expect(pairs.map(p => `${p.verb} ${p.resource}`).sort()).toEqual(
      Object.keys(CALLS).sort(),
    );

    for (const { ri, resource, verb } of pairs) {
      const reduced = rules.flatMap((rule, i) => {
        if (i !== ri) return [rule];
        const others = rule.resources.filter(r => r !== resource);
        const verbs = rule.verbs.filter(v => v !== verb);
        return [
          ...(others.length ? [{ ...rule, resources: others }] : []),
          ...(verbs.length ? [{ ...rule, resources: [resource], verbs }] : []),
        ];
      });
      let harness: Harness | undefined;
      try {
        harness = await startHarness({
          seed: estate([{ ...shipped[0], rules: reduced }, shipped[1]]),
        });
        const { call, run } = CALLS[`${verb} ${resource}`];
        const failure = await failureOf(
          run(harness.deps.kubernetes.forCluster(cluster)),
        );
        expect({ without: `${verb} ${resource}`, call, failure }).toEqual({
          without: `${verb} ${resource}`,
          call,
          failure: {
            code: 403,
            message: expect.stringContaining(
              `cannot ${verb} resource "${resource}"`,
            ),
          },
        });
      } finally {
        await harness?.stop();
      }
    }
  });
});
