/*
 * The access history end to end, as the demo portal runs it: a grant made
 * through a software template shows in the component's history with the user
 * who ran the task, and a change made directly in AWS (the sandbox, through
 * the real EKS client) shows as made outside Backstage.
 */
import {
  EKSClient,
  ListPodIdentityAssociationsCommand,
  UpdatePodIdentityAssociationCommand,
} from '@aws-sdk/client-eks';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import type { AccessChange } from '@pod-identity/plugin-eks-pod-identity-common';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import path from 'node:path';
import scaffolderModuleEksPodIdentity from '@pod-identity/plugin-scaffolder-backend-module-eks-pod-identity';
import {
  demoConfig,
  demoEntities,
  portalClient,
  PROD,
  ROOT,
  within,
} from './__testUtils__/demoPortal';

jest.setTimeout(180_000);

describe('access history through the templates and the sandbox', () => {
  let sandbox: Sandbox;
  let baseUrl: string;
  const { inventory, refresh, runTemplate } = portalClient(() => baseUrl);

  const changes = async (query: {
    entityRef?: string;
    limit?: number;
    cursor?: string;
  }) => (await inventory().GET('/v1/changes', { params: { query } })).data!;
  const historyOf = async (entityRef: string): Promise<AccessChange[]> =>
    (await changes({ entityRef })).items;

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: path.join(ROOT, 'examples/sandbox/estate.yaml'),
    });
    const entities = demoEntities();
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleEksPodIdentity,
        eksPodIdentityPlugin,
        eventsServiceFactory,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalogServiceMock({ entities }),
        }),
        mockServices.rootConfig.factory({ data: demoConfig(sandbox) }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;
    // The first scan is the history's baseline.
    await refresh();
    await within(
      60_000,
      async () => (await inventory().GET('/v1/clusters')).data!,
      body => body.items.every(c => c.status !== 'pending'),
      'The first scan',
    );
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('shows a grant made through a template in the component history, with the user who ran it', async () => {
    await runTemplate('eks-pod-identity-grant-access', {
      component: 'component:default/payments-api',
      cluster: 'prod-use1',
      namespace: 'team-payments',
      permissions: [{ preset: 's3-read', resource: 'payments-reports/' }],
    });
    const history = await within(
      10_000,
      () => historyOf('component:default/payments-api'),
      items => items.some(c => c.kind === 'association.created'),
      'The grant in the history of payments-api',
    );
    expect(history.find(c => c.kind === 'association.created')).toMatchObject({
      cluster: 'prod-use1',
      namespace: 'team-payments',
      serviceAccount: 'payments-api',
      roleArn: `arn:aws:iam::${PROD}:role/backstage/bs-team-payments-payments-api`,
      actor: 'user:default/guest',
      madeBy: 'user:default/guest',
      source: expect.stringMatching(/^eks-pod-identity:/),
    });
  });

  it('shows a change made directly in AWS as made outside Backstage', async () => {
    const eks = new EKSClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.eks,
      credentials: sandbox.credentialsFor(PROD),
    });
    const { associations } = await eks.send(
      new ListPodIdentityAssociationsCommand({
        clusterName: 'prod-use1',
        namespace: 'team-orders',
        serviceAccount: 'orders-api',
      }),
    );
    await eks.send(
      new UpdatePodIdentityAssociationCommand({
        clusterName: 'prod-use1',
        associationId: associations![0].associationId!,
        roleArn: `arn:aws:iam::${PROD}:role/notification-sender`,
        // Its trust policy does not allow sts:TagSession.
        disableSessionTags: true,
      }),
    );
    await refresh('prod-use1');
    const history = await within(
      60_000,
      () => historyOf('component:default/orders-api'),
      items => items.some(c => c.kind === 'association.updated'),
      'The direct change in the history of orders-api',
    );
    const change = history.find(c => c.kind === 'association.updated')!;
    expect(change).toMatchObject({
      serviceAccount: 'orders-api',
      fields: ['role', 'session tags'],
      summary:
        'Association prod-use1:team-orders/orders-api: role changed from orders-api to notification-sender, session tags changed',
      madeBy: 'outside Backstage',
    });
    expect(change.actor).toBeUndefined();

    // The governance feed pages through every change, newest first.
    const first = await changes({ limit: 1 });
    expect(Number(first.items[0].id)).toBeGreaterThanOrEqual(Number(change.id));
    const next = await changes({ limit: 1, cursor: first.nextCursor });
    expect(Number(next.items[0].id)).toBeLessThan(Number(first.items[0].id));
  });
});
