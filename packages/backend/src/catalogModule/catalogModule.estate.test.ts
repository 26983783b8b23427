/*
 * The entity provider on the embedded default's estate: the real scanner
 * reads the sandbox, the backend serves it, the module turns it into catalog
 * entities and the real catalog relates them to the demo components.
 */
import {
  CreatePodIdentityAssociationCommand,
  DeletePodIdentityAssociationCommand,
  EKSClient,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import { createMockDirectory } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import path from 'node:path';
import { eventually, Portal, startPortal } from './__testUtils__/startPortal';

jest.setTimeout(600_000);

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const PLATFORM_OWNER = 'group:default/security-team';

// Beside the demo catalog: a cluster entity someone already wrote (by another
// provider's ARN annotation), and a second team claiming the reporting batch's
// service account, so that role has two owners.
const extraCatalog = [
  {
    kind: 'Resource',
    metadata: {
      name: 'eu-production',
      annotations: {
        'amazonaws.com/arn':
          'arn:aws:eks:eu-west-1:111111111111:cluster/prod-euw1',
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'team-storefront' },
  },
  {
    kind: 'Component',
    metadata: {
      name: 'sales-dashboard',
      annotations: {
        'eks-pod-identity/service-accounts':
          'data-euw1:team-data/reporting-batch',
      },
    },
    spec: { type: 'website', lifecycle: 'production', owner: 'team-payments' },
  },
]
  .map(e => JSON.stringify({ apiVersion: 'backstage.io/v1alpha1', ...e }))
  .join('\n---\n');

const roleEntities = (portal: Portal) =>
  portal.query('kind=resource,spec.type=aws-iam-role');
const roleArnOf = (e: Entity) =>
  e.metadata.annotations!['eks-pod-identity/role-arn'];
const relationsOf = (e: Entity | undefined, type: string) =>
  (e?.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();

describe('IAM roles and clusters of the demo estate as catalog entities', () => {
  const dir = createMockDirectory();
  let sandbox: Sandbox;
  let portal: Portal;
  let usedRoleArns: string[];

  beforeAll(async () => {
    dir.setContent({ 'extra.yaml': extraCatalog, db: {} });
    sandbox = await startSandbox({
      seed: path.join(EXAMPLES, 'sandbox/estate.yaml'),
    });
    usedRoleArns = [
      ...new Set(
        sandbox
          .exportEstate()
          .accounts.flatMap(a => a.clusters ?? [])
          .flatMap(c => c.associations ?? [])
          .flatMap(a => [a.role, a.targetRoleArn ?? []].flat()),
      ),
    ].sort();

    portal = await startPortal({
      sandbox,
      catalogFiles: [
        path.join(EXAMPLES, 'entities.yaml'),
        path.join(EXAMPLES, 'org.yaml'),
        dir.resolve('extra.yaml'),
      ],
      databaseDir: dir.resolve('db'),
      platformOwner: PLATFORM_OWNER,
    });
    // The scan maps service accounts to the entities the catalog holds at that moment.
    await eventually(async () => {
      for (const ref of [
        'component:default/ci-runner',
        'component:default/sales-dashboard',
        'resource:default/eu-production',
      ]) {
        if (!(await portal.entity(ref)))
          throw new Error(`${ref} is not in the catalog yet`);
      }
    }, 'the demo catalog');
    await portal.scan();
    await portal.syncEntities();
    await eventually(async () => {
      const count = (await roleEntities(portal)).length;
      if (count !== usedRoleArns.length)
        throw new Error(`${count} of ${usedRoleArns.length} role entities`);
    }, 'the role entities');
  });

  afterAll(async () => {
    await portal?.stop();
    await sandbox?.stop();
  });

  it('has exactly one entity per IAM role an association uses, as its role or its target role', async () => {
    const roles = await roleEntities(portal);
    expect(usedRoleArns).toHaveLength(21);
    expect(roles.map(roleArnOf).sort()).toEqual(usedRoleArns);
    const ordersProd = roles.find(
      e => roleArnOf(e) === 'arn:aws:iam::111111111111:role/orders-api',
    )!;
    expect(ordersProd.metadata).toMatchObject({
      name: 'orders-api-111111111111',
      title: 'orders-api',
      annotations: {
        'eks-pod-identity/role-arn':
          'arn:aws:iam::111111111111:role/orders-api',
        'eks-pod-identity/account-id': '111111111111',
      },
      labels: { 'eks-pod-identity/worst-severity': 'none' },
    });
  });

  it('makes the owner of the using components own the role, and the platform group when none or several', async () => {
    const ownerOf = async (name: string) =>
      (await portal.entity(`resource:default/${name}`))?.spec?.owner;
    expect(await ownerOf('orders-api-111111111111')).toBe(
      'group:default/team-orders',
    );
    expect(await ownerOf('orders-api-222222222222')).toBe(
      'group:default/team-orders',
    );
    // One component in two namespaces.
    expect(await ownerOf('event-relay-111111111111')).toBe(
      'group:default/platform-team',
    );
    // 4,000 associations, one component.
    expect(await ownerOf('ci-runner-222222222222')).toBe(
      'group:default/platform-team',
    );
    // A cross-account target role belongs to whoever chains into it.
    expect(await ownerOf('inventory-reader-333333333333')).toBe(
      'group:default/team-data',
    );
    // Add-on owned, no component.
    expect(
      await ownerOf('AmazonEKSPodIdentityAmazonEBSCSIDriverRole-111111111111'),
    ).toBe(PLATFORM_OWNER);
    // reporting-batch (team-data) and sales-dashboard (team-payments).
    expect(await ownerOf('reporting-batch-333333333333')).toBe(PLATFORM_OWNER);
  });

  it('relates components to their roles, and roles to their clusters and target roles, through the catalog', async () => {
    const ordersApi = await portal.entity('component:default/orders-api');
    expect(relationsOf(ordersApi, 'dependsOn')).toEqual([
      'resource:default/orders-api-111111111111',
      'resource:default/orders-api-222222222222',
    ]);
    const inventorySync = await portal.entity(
      'resource:default/inventory-sync-111111111111',
    );
    expect(relationsOf(inventorySync, 'dependencyOf')).toEqual([
      'component:default/inventory-sync',
    ]);
    expect(relationsOf(inventorySync, 'dependsOn')).toEqual([
      'resource:default/inventory-reader-333333333333',
      'resource:default/prod-use1',
    ]);
    const reader = await portal.entity(
      'resource:default/inventory-reader-333333333333',
    );
    expect(relationsOf(reader, 'dependsOn')).toEqual([
      'resource:default/prod-use1',
      'resource:default/staging-use1',
    ]);
    expect(relationsOf(reader, 'ownedBy')).toEqual(['group:default/team-data']);
  });

  it('has a cluster entity per cluster, except the one the catalog already holds', async () => {
    const clusters = await portal.query(
      'kind=resource,spec.type=kubernetes-cluster',
    );
    expect(clusters.map(e => e.metadata.name).sort()).toEqual([
      'ci-use1',
      'data-euw1',
      'eu-production',
      'prod-use1',
      'staging-euw1',
      'staging-use1',
    ]);
    const prodUse1 = clusters.find(e => e.metadata.name === 'prod-use1')!;
    expect(prodUse1.metadata.annotations).toMatchObject({
      'eks-pod-identity/cluster-arn':
        'arn:aws:eks:us-east-1:111111111111:cluster/prod-use1',
      'eks-pod-identity/account-id': '111111111111',
      'eks-pod-identity/region': 'us-east-1',
    });
    expect(prodUse1.spec).toEqual({
      type: 'kubernetes-cluster',
      owner: PLATFORM_OWNER,
    });
    // Roles on prod-euw1 depend on the existing entity.
    const productCatalog = await portal.entity(
      'resource:default/product-catalog-111111111111',
    );
    expect(relationsOf(productCatalog, 'dependsOn')).toEqual([
      'resource:default/eu-production',
    ]);
  });

  it('labels roles and clusters with their worst finding, so the catalog can be filtered to the critical ones', async () => {
    const names = async (filter: string) =>
      (await portal.query(filter)).map(e => e.metadata.name).sort();
    // examples/README.md: the demo's critical findings about roles, and AGENT_MISSING on staging-euw1.
    expect(
      await names(
        'kind=resource,spec.type=aws-iam-role,metadata.labels.eks-pod-identity/worst-severity=critical',
      ),
    ).toEqual([
      'airflow-worker-333333333333',
      'deploy-bot-111111111111',
      'notification-sender-111111111111',
      'order-archiver-111111111111',
      'search-indexer-111111111111',
    ]);
    expect(
      await names(
        'kind=resource,spec.type=kubernetes-cluster,metadata.labels.eks-pod-identity/worst-severity=critical',
      ),
    ).toEqual(['staging-euw1']);
    // The clean control cluster's role.
    const productCatalog = await portal.entity(
      'resource:default/product-catalog-111111111111',
    );
    expect(productCatalog?.metadata.labels).toEqual({
      'eks-pod-identity/worst-severity': 'none',
    });
  });

  it('removes the entity of a role that is no longer used at the next run', async () => {
    const eks = new EKSClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.eks,
      credentials: sandbox.credentialsFor('111111111111'),
    });
    const { associations } = await eks.send(
      new ListPodIdentityAssociationsCommand({
        clusterName: 'prod-use1',
        namespace: 'team-orders',
        serviceAccount: 'invoice-renderer',
      }),
    );
    expect(associations).toHaveLength(1);
    await eks.send(
      new DeletePodIdentityAssociationCommand({
        clusterName: 'prod-use1',
        associationId: associations![0].associationId!,
      }),
    );

    await portal.scan('prod-use1');
    await portal.syncEntities();
    await eventually(async () => {
      expect(
        await portal.entity('resource:default/invoice-renderer-111111111111'),
      ).toBeUndefined();
      const component = await portal.entity(
        'component:default/invoice-renderer',
      );
      // Its mailer's role, granted to it by a template, stays.
      expect(relationsOf(component, 'dependsOn')).toEqual([
        'resource:default/bs-team-orders-invoice-mailer-111111111111',
      ]);
    }, 'the unused role to disappear');
    expect((await roleEntities(portal)).map(roleArnOf).sort()).toEqual(
      usedRoleArns.filter(
        arn => arn !== 'arn:aws:iam::111111111111:role/invoice-renderer',
      ),
    );
  });
  it('relates a component to a role granted to it by tag, though nothing maps it otherwise', async () => {
    const eks = new EKSClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.eks,
      credentials: sandbox.credentialsFor('111111111111'),
    });
    // As the grant-access action makes it: tagged with the verified entity ref.
    await eks.send(
      new CreatePodIdentityAssociationCommand({
        clusterName: 'prod-use1',
        namespace: 'team-storefront',
        serviceAccount: 'storefront-web',
        roleArn: 'arn:aws:iam::111111111111:role/product-catalog',
        tags: { 'backstage.io/entity-ref': 'component:default/storefront-web' },
      }),
    );

    await portal.scan('prod-use1');
    await portal.syncEntities();
    await eventually(async () => {
      const storefront = await portal.entity(
        'component:default/storefront-web',
      );
      expect(relationsOf(storefront, 'dependsOn')).toEqual([
        'resource:default/product-catalog-111111111111',
      ]);
    }, 'the granted role to be related to the component');
  });
});
