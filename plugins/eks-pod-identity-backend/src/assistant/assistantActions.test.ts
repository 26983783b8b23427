/*
 * The answers for assistants, invoked through Backstage's actions registry
 * as the MCP actions backend invokes them, with the calling user's
 * credentials, on the demo estate in the sandbox.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DefaultInventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';
import { refreshInventory } from '../__testUtils__/apiClient';
import { sandboxPluginConfig } from '../__testUtils__/sandboxConfig';
import {
  ADMIN,
  DEVELOPER,
  OUTSIDER,
  startPluginBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(300_000);

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
const QUEUE = 'arn:aws:sqs:us-east-1:111111111111:orders-events';

function readEntities(file: string): Entity[] {
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  return parseAllDocuments(text)
    .map(d => d.toJSON() as Entity)
    .filter(Boolean)
    .map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } }));
}

describe('assistant actions through the actions registry', () => {
  let sandbox: Sandbox;
  const registry = actionsRegistryServiceMock({
    logger: mockServices.logger.mock(),
  });
  // The mock registry names every action's plugin `test`.
  const invoke = async (name: string, input: object, user = DEVELOPER) => {
    const { actions } = await registry.list();
    return registry.invoke({
      id: actions.find(a => a.name === name)!.id,
      input: input as any,
      credentials: mockCredentials.user(user),
    });
  };

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: path.join(EXAMPLES, 'sandbox/estate.yaml'),
    });
    const backend = await startPluginBackend({
      config: sandboxPluginConfig(sandbox),
      entities: [...readEntities('entities.yaml'), ...readEntities('org.yaml')],
      analyzer: new DefaultInventoryAnalyzer(),
      features: [
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => registry,
        }),
      ],
    });
    await refreshInventory(backend.server);
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('lists the three actions as read-only and idempotent', async () => {
    const { actions } = await registry.list();
    expect(
      actions.map(a => [
        a.name,
        a.attributes.readOnly,
        a.attributes.idempotent,
      ]),
    ).toEqual([
      ['get-entity-aws-access', true, true],
      ['simulate-entity-aws-request', true, true],
      ['who-can-access-aws-resource', true, true],
    ]);
    expect(actions.every(a => !a.attributes.destructive)).toBe(true);
  });

  it('tells what a component can do in AWS, to a user who may see it', async () => {
    const { output } = (await invoke('get-entity-aws-access', {
      entityRef: 'component:default/orders-api',
    })) as { output: any };
    const prod = output.serviceAccounts.find(
      (sa: any) => sa.cluster === 'prod-use1',
    );
    expect(prod).toMatchObject({
      namespace: 'team-orders',
      serviceAccount: 'orders-api',
      roleArn: 'arn:aws:iam::111111111111:role/orders-api',
      admin: false,
    });
    expect(prod.services.map((s: any) => s.service)).toContain('sqs');
    await expect(
      invoke(
        'get-entity-aws-access',
        { entityRef: 'component:default/orders-api' },
        OUTSIDER,
      ),
    ).rejects.toThrow(
      'Entity component:default/orders-api is not in the catalog',
    );
  });

  it('answers whether a component can make a request, and names a mistyped action', async () => {
    const { output } = (await invoke('simulate-entity-aws-request', {
      entityRef: 'component:default/orders-api',
      action: 'sqs:SendMessage',
      resource: QUEUE,
    })) as { output: any };
    expect(
      output.results.find((r: any) => r.cluster === 'prod-use1'),
    ).toMatchObject({ decision: 'allowed' });
    await expect(
      invoke('simulate-entity-aws-request', {
        entityRef: 'component:default/orders-api',
        action: 'sqs:SendMesage',
        resource: QUEUE,
      }),
    ).rejects.toThrow(
      /sqs:SendMesage is not an IAM action \(did you mean .*sqs:SendMessage/,
    );
  });

  it('finds who can access a resource, for inventory readers only', async () => {
    const { output } = (await invoke(
      'who-can-access-aws-resource',
      { action: 'sqs:SendMessage', resource: QUEUE },
      ADMIN,
    )) as { output: any };
    expect(output.items).toContainEqual(
      expect.objectContaining({
        cluster: 'prod-use1',
        namespace: 'team-orders',
        serviceAccount: 'orders-api',
        mappedEntityRefs: ['component:default/orders-api'],
      }),
    );
    expect(
      output.items.every((i: any) => i.serviceAccount !== 'search-indexer'),
    ).toBe(true);
    await expect(
      invoke(
        'who-can-access-aws-resource',
        { action: 'sqs:SendMessage', resource: QUEUE },
        DEVELOPER,
      ),
    ).rejects.toThrow(
      'This needs the eks-pod-identity.inventory.read permission',
    );
  });
});
