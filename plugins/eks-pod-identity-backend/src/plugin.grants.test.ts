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
  type Association,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { DefaultInventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import { sandboxPluginConfig } from './__testUtils__/sandboxConfig';
import {
  ADMIN,
  as,
  DEVELOPER,
  startPluginBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(300_000);

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const API = '/api/eks-pod-identity';
const ROLE = 'arn:aws:iam::111111111111:role/orders-api';

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
  let server: Parameters<typeof request>[0];
  const get = (url: string, user = ADMIN) =>
    request(server).get(`${API}${url}`).set(as(user));

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
        roleArn: 'arn:aws:iam::111111111111:role/product-catalog',
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
    server = backend.server;
    await request(server)
      .post(`${API}/v1/refresh`)
      .set(as(ADMIN))
      .send({})
      .expect(202);
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('shows the granted service account on the entity, which does not annotate it', async () => {
    const res = await get(
      '/v1/entity/default/component/orders-api/access',
      DEVELOPER,
    ).expect(200);
    expect(
      res.body.items.map((i: any) => [
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
        'arn:aws:iam::222222222222:role/orders-api',
      ],
    ]);
    const granted = res.body.items[1];
    expect(granted.access.services.map((s: any) => s.service)).toContain('s3');
    expect(granted.contestedBy).toBeUndefined();
  });

  it('makes the entity the owner of the association: no UNOWNED_ASSOCIATION, counted for its group', async () => {
    const res = await get(
      '/v1/associations?cluster=prod-use1&serviceAccount=orders-worker',
    ).expect(200);
    const [association] = res.body.items as Association[];
    expect(association.mappedEntityRefs).toEqual([
      'component:default/orders-api',
    ]);
    expect(association.owner).toBe('group:default/team-orders');
    expect(association.findings.map(f => f.code)).not.toContain(
      'UNOWNED_ASSOCIATION',
    );
    const byOwner = await get(
      '/v1/associations?owner=group:default/team-orders&serviceAccount=orders-worker',
    ).expect(200);
    expect(byOwner.body.items).toHaveLength(1);
  });

  it('counts a grant for the owner of an entity that has no mapping annotation', async () => {
    const res = await get(
      '/v1/associations?owner=group:default/team-storefront&cluster=prod-use1',
    ).expect(200);
    expect(
      res.body.items.map((a: Association) => [
        a.serviceAccount,
        a.mappedEntityRefs,
      ]),
    ).toEqual([['storefront-web', ['component:default/storefront-web']]]);
    const report = await get('/v1/governance/owners').expect(200);
    const storefront = report.body.items.find(
      (r: any) => r.owner === 'group:default/team-storefront',
    );
    // product-catalog on prod-euw1, and the grant on prod-use1.
    expect(storefront.associationCount).toBe(2);
    const access = await get(
      '/v1/entity/default/component/storefront-web/access',
      DEVELOPER,
    ).expect(200);
    expect(access.body.items).toEqual([
      expect.objectContaining({
        cluster: 'prod-use1',
        serviceAccount: 'storefront-web',
        source: 'grant',
      }),
    ]);
  });

  it('contests an unbacked claim on the granted service account, and hides it from a non-reader', async () => {
    const forDeveloper = await get(
      '/v1/entity/default/component/orders-peek/access',
      DEVELOPER,
    ).expect(200);
    expect(forDeveloper.body.items).toEqual([]);
    const simulated = await request(server)
      .post(`${API}/v1/simulate`)
      .set(as(DEVELOPER))
      .send({
        entityRef: 'component:default/orders-peek',
        action: 's3:GetObject',
        resource: 'arn:aws:s3:::orders-data/x',
      })
      .expect(200);
    expect(simulated.body.results).toEqual([]);

    const forReader = await get(
      '/v1/entity/default/component/orders-peek/access',
    ).expect(200);
    expect(forReader.body.items).toEqual([
      expect.objectContaining({
        serviceAccount: 'orders-worker',
        contestedBy: ['component:default/orders-api'],
      }),
    ]);
    const findings = await get(
      '/v1/findings?code=MAPPING_CONTESTED&cluster=prod-use1',
    ).expect(200);
    expect(findings.body.items.map((f: any) => f.subject.id)).toContain(
      'prod-use1:team-orders/orders-worker',
    );
  });

  it('lets a kubernetes-id two entities declare back neither: both claims are contested until a grant settles it', async () => {
    for (const name of ['payments-copycat', 'payments-worker']) {
      const forDeveloper = await get(
        `/v1/entity/default/component/${name}/access`,
        DEVELOPER,
      ).expect(200);
      expect({ name, items: forDeveloper.body.items }).toEqual({
        name,
        items: [],
      });
    }
    const forReader = await get(
      '/v1/entity/default/component/payments-copycat/access',
    ).expect(200);
    expect(
      forReader.body.items.map((i: any) => [i.cluster, i.contestedBy]),
    ).toEqual([
      ['prod-use1', ['component:default/payments-worker']],
      ['staging-euw1', ['component:default/payments-worker']],
      ['staging-use1', ['component:default/payments-worker']],
    ]);
    const findings = await get(
      '/v1/findings?code=MAPPING_CONTESTED&cluster=prod-use1',
    ).expect(200);
    expect(
      findings.body.items
        .filter((f: any) => f.subject.id.endsWith('/payments-worker'))
        .map((f: any) => f.detail.split(' claims ')[0])
        .sort(),
    ).toEqual([
      'component:default/payments-copycat',
      'component:default/payments-worker',
    ]);
  });
});
