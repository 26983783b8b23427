/*
 * Mapping by the grant itself, end to end: an association made the way the
 * scaffolder actions make it (tagged backstage.io/entity-ref) in the sandbox,
 * through the real EKS client, shows on that entity's access route although
 * the entity does not name the service account, and counts for its owner.
 */
import {
  CreatePodIdentityAssociationCommand,
  EKSClient,
} from '@aws-sdk/client-eks';
import type { Entity } from '@backstage/catalog-model';
import {
  ENTITY_REF_TAG_KEY,
  roleArnOf,
  type EksPodIdentityApiClient,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { DefaultInventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  apiClient,
  entityAccess,
  refreshInventory,
} from './__testUtils__/apiClient';
import { sandboxPluginConfig } from './__testUtils__/sandboxConfig';
import {
  ADMIN,
  DEVELOPER,
  startPluginBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(300_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const ROLE = roleArnOf({
  partition: 'aws',
  accountId: '111111111111',
  name: 'orders-api',
});

function readEntities(file: string): Entity[] {
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  return parseAllDocuments(text)
    .map(d => d.toJSON() as Entity)
    .filter(Boolean)
    .map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } }));
}

/** Claims the granted service account by annotation, without any backing. */
const CLAIMER: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    namespace: 'default',
    name: 'orders-peek',
    annotations: {
      'eks-pod-identity/service-accounts':
        'prod-use1:team-orders/orders-worker',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'team-storefront',
  },
};

/** Declares payments-worker's kubernetes-id as its own. */
const COPYCAT: Entity = {
  ...CLAIMER,
  metadata: {
    namespace: 'default',
    name: 'payments-copycat',
    annotations: { 'backstage.io/kubernetes-id': 'payments-worker' },
  },
};

describe('mapping by the grant', () => {
  let sandbox: Sandbox;
  let admin: EksPodIdentityApiClient;
  let developer: EksPodIdentityApiClient;
  const associations = async (query: {
    cluster?: string;
    serviceAccount?: string;
    owner?: string;
  }) => (await admin.GET('/v1/associations', { params: { query } })).data!;
  const contestedFindings = async () =>
    (
      await admin.GET('/v1/findings', {
        params: { query: { code: 'MAPPING_CONTESTED', cluster: 'prod-use1' } },
      })
    ).data!;

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: path.join(EXAMPLES, 'sandbox/estate.yaml'),
    });
    const eks = new EKSClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.eks,
      credentials: sandbox.credentialsFor('111111111111'),
    });
    await eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: 'prod-use1',
        namespace: 'team-orders',
        serviceAccount: 'orders-worker',
        roleArn: ROLE,
        tags: { [ENTITY_REF_TAG_KEY]: 'component:default/orders-api' },
      }),
    );
    // storefront-web has no mapping annotation at all.
    await eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: 'prod-use1',
        namespace: 'team-storefront',
        serviceAccount: 'storefront-web',
        roleArn: roleArnOf({
          partition: 'aws',
          accountId: '111111111111',
          name: 'product-catalog',
        }),
        tags: { [ENTITY_REF_TAG_KEY]: 'component:default/storefront-web' },
      }),
    );
    const backend = await startPluginBackend({
      config: sandboxPluginConfig(sandbox),
      entities: [
        ...readEntities('entities.yaml'),
        ...readEntities('org.yaml'),
        CLAIMER,
        COPYCAT,
      ],
      analyzer: new DefaultInventoryAnalyzer(),
    });
    const server = backend.server;
    admin = apiClient(server, ADMIN);
    developer = apiClient(server, DEVELOPER);
    await refreshInventory(server);
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('shows the granted service account on the entity, which does not annotate it', async () => {
    const res = await entityAccess(developer, 'orders-api');
    expect(
      res.items.map(i => [
        `${i.cluster}:${i.namespace}/${i.serviceAccount}`,
        i.source,
        i.association?.roleArn,
      ]),
    ).toEqual([
      ['prod-use1:team-orders/orders-api', 'annotation', ROLE],
      ['prod-use1:team-orders/orders-worker', 'grant', ROLE],
      [
        'staging-use1:team-orders/orders-api',
        'annotation',
        roleArnOf({
          partition: 'aws',
          accountId: '222222222222',
          name: 'orders-api',
        }),
      ],
    ]);
    const granted = res.items[1];
    expect(granted.access!.services.map(s => s.service)).toContain('s3');
    expect(granted.contestedBy).toBeUndefined();
  });

  it('makes the entity the owner of the association: no UNOWNED_ASSOCIATION, counted for its group', async () => {
    const [association] = (
      await associations({
        cluster: 'prod-use1',
        serviceAccount: 'orders-worker',
      })
    ).items;
    expect(association.mappedEntityRefs).toEqual([
      'component:default/orders-api',
    ]);
    expect(association.owner).toBe('group:default/team-orders');
    expect(association.findings.map(f => f.code)).not.toContain(
      'UNOWNED_ASSOCIATION',
    );
    const byOwner = await associations({
      owner: 'group:default/team-orders',
      serviceAccount: 'orders-worker',
    });
    expect(byOwner.items).toHaveLength(1);
  });

  it('counts a grant for the owner of an entity that has no mapping annotation', async () => {
    const res = await associations({
      owner: 'group:default/team-storefront',
      cluster: 'prod-use1',
    });
    expect(res.items.map(a => [a.serviceAccount, a.mappedEntityRefs])).toEqual([
      ['storefront-web', ['component:default/storefront-web']],
    ]);
    const { data: report } = await admin.GET('/v1/governance/owners');
    const storefront = report!.items.find(
      r => r.owner === 'group:default/team-storefront',
    )!;
    // product-catalog on prod-euw1, and the grant on prod-use1.
    expect(storefront.associationCount).toBe(2);
    const access = await entityAccess(developer, 'storefront-web');
    expect(access.items).toEqual([
      expect.objectContaining({
        cluster: 'prod-use1',
        serviceAccount: 'storefront-web',
        source: 'grant',
      }),
    ]);
  });

  it('contests an unbacked claim on the granted service account, and hides it from a non-reader', async () => {
    const forDeveloper = await entityAccess(developer, 'orders-peek');
    expect(forDeveloper.items).toEqual([]);
    const { data: simulated } = await developer.POST('/v1/simulate', {
      body: {
        entityRef: 'component:default/orders-peek',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::orders-data/x',
      },
    });
    expect(simulated!.results).toEqual([]);

    const forReader = await entityAccess(admin, 'orders-peek');
    expect(forReader.items).toEqual([
      expect.objectContaining({
        serviceAccount: 'orders-worker',
        contestedBy: ['component:default/orders-api'],
      }),
    ]);
    const findings = await contestedFindings();
    expect(findings.items.map(f => f.subject.id)).toContain(
      'prod-use1:team-orders/orders-worker',
    );
  });

  it('lets a kubernetes-id two entities declare back neither: both claims are contested until a grant settles it', async () => {
    for (const name of ['payments-copycat', 'payments-worker']) {
      const forDeveloper = await entityAccess(developer, name);
      expect({ name, items: forDeveloper.items }).toEqual({
        name,
        items: [],
      });
    }
    const forReader = await entityAccess(admin, 'payments-copycat');
    expect(forReader.items.map(i => [i.cluster, i.contestedBy])).toEqual([
      ['prod-use1', ['component:default/payments-worker']],
      ['staging-euw1', ['component:default/payments-worker']],
      ['staging-use1', ['component:default/payments-worker']],
    ]);
    const findings = await contestedFindings();
    expect(
      findings.items
        .filter(f => f.subject.id.endsWith('/payments-worker'))
        .map(f => f.detail.split(' claims ')[0])
        .sort(),
    ).toEqual([
      'component:default/payments-copycat',
      'component:default/payments-worker',
    ]);
  });
});
