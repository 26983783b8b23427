/*
 * An AI assistant's path to the suite: an MCP client speaking Streamable HTTP
 * to Backstage's MCP actions backend, which serves the eks-pod-identity
 * plugin's actions (backend.actions.pluginSources) from the real actions
 * registry, on the demo estate in the sandbox. Permissions are the production
 * policy's (../permissionPolicy.ts) for the demo org's users.
 */
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  createServiceFactory,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  stringifyEntityRef,
  type Entity,
  type UserEntity,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import {
  sandboxAwsConfig,
  sandboxDiscovery,
  startSandbox,
  type Sandbox,
} from '@pod-identity/sandbox';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '@backstage/types';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { EksPodIdentityPermissionPolicy } from '../permissionPolicy';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../../../..');
const PLATFORM_ENGINEER = 'user:default/dana.kowalski';
const ORDERS_DEVELOPER = 'user:default/amara.okafor';
const QUEUE = 'arn:aws:sqs:us-east-1:111111111111:orders-events';

function readEntities(file: string): Entity[] {
  const text = fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');
  return parseAllDocuments(text)
    .map(d => d.toJSON() as Entity)
    .filter(Boolean)
    .map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } }));
}

function readAppConfig(file: string) {
  return parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
}

/** The production policy deciding for a demo user, with the groups the demo org gives them. */
function productionPolicyPermissions(entities: Entity[]) {
  const policy = EksPodIdentityPermissionPolicy.fromConfig(
    new ConfigReader({
      eksPodIdentity: {
        permissions: { platformGroup: 'group:default/platform-team' },
      },
    }),
  );
  const ownership = (userEntityRef: string) => {
    const user = entities.find(
      e => e.kind === 'User' && stringifyEntityRef(e) === userEntityRef,
    ) as UserEntity | undefined;
    return [
      userEntityRef,
      ...(user?.spec.memberOf ?? []).map(g => `group:default/${g}`),
    ];
  };
  return mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      Promise.all(
        requests.map(async request => {
          const principal = credentials.principal as {
            type: string;
            userEntityRef?: string;
          };
          const user = principal.userEntityRef
            ? ({
                info: {
                  userEntityRef: principal.userEntityRef,
                  ownershipEntityRefs: ownership(principal.userEntityRef),
                },
              } as PolicyQueryUser)
            : undefined;
          return policy.handle(request as PolicyQuery, user);
        }),
      ) as any,
  });
}

const ENTITIES = [
  ...readEntities('entities.yaml'),
  ...readEntities('org.yaml'),
];
const DEMO_BACKEND_CONFIG = readAppConfig('app-config.yaml').backend;

let sandbox: Sandbox;
const clients: Client[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    seed: path.join(ROOT, 'examples/sandbox/estate.yaml'),
  });
});

afterAll(async () => {
  await Promise.all(clients.map(c => c.close()));
  await sandbox?.stop();
});

/** The MCP actions backend and the eks-pod-identity plugin on the sandbox, with the demo's `backend.actions`. */
async function startMcpBackend(
  services: ServiceFactory[],
  backendConfig: JsonObject = {},
) {
  const backend = await startTestBackend({
    features: [
      mcpActionsPlugin,
      eksPodIdentityPlugin,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalogServiceMock({ entities: ENTITIES }),
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: {
          backend: { actions: DEMO_BACKEND_CONFIG.actions, ...backendConfig },
          aws: sandboxAwsConfig(sandbox),
          eksPodIdentity: {
            endpoints: sandbox.endpoints,
            discovery: sandboxDiscovery(sandbox.exportEstate()),
          },
        },
      }),
      ...services,
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return { backend, baseUrl: `http://localhost:${port}` };
}

/** An MCP client as an assistant runs it, sending the given Authorization header. */
async function connect(baseUrl: string, authorization?: string) {
  const client = new Client({ name: 'assistant', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`${baseUrl}/api/mcp-actions/v1`),
      {
        requestInit: {
          headers: authorization ? { Authorization: authorization } : {},
        },
      },
    ),
  );
  clients.push(client);
  return client;
}

describe('the MCP actions backend serving the eks-pod-identity actions', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let baseUrl: string;
  const asUser = (ref: string) =>
    connect(baseUrl, mockCredentials.user.header(ref));

  beforeAll(async () => {
    ({ backend, baseUrl } = await startMcpBackend([
      productionPolicyPermissions(ENTITIES).factory,
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ]));
    const scan = await fetch(`${baseUrl}/api/eks-pod-identity/v1/refresh`, {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.user.header(PLATFORM_ENGINEER),
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    if (scan.status !== 202) throw new Error(`Scan answered ${scan.status}`);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('lists the read-only actions as tools, each to whom it may answer', async () => {
    const toolsOf = async (user: string) =>
      (await (await asUser(user)).listTools()).tools;
    const platformTools = await toolsOf(PLATFORM_ENGINEER);
    expect(
      platformTools.map(t => [t.name, t.annotations?.readOnlyHint]).sort(),
    ).toEqual([
      ['eks-pod-identity.get-entity-aws-access', true],
      ['eks-pod-identity.simulate-entity-aws-request', true],
      ['eks-pod-identity.who-can-access-aws-resource', true],
    ]);
    expect(
      platformTools.find(
        t => t.name === 'eks-pod-identity.get-entity-aws-access',
      )?.inputSchema.required,
    ).toEqual(['entityRef']);
    // Who-can-access reads the whole inventory: its visibility permission hides it from others.
    expect((await toolsOf(ORDERS_DEVELOPER)).map(t => t.name).sort()).toEqual([
      'eks-pod-identity.get-entity-aws-access',
      'eks-pod-identity.simulate-entity-aws-request',
    ]);
  });

  it('answers what a demo component can do in AWS', async () => {
    const client = await asUser(ORDERS_DEVELOPER);
    const result = await client.callTool({
      name: 'eks-pod-identity.get-entity-aws-access',
      arguments: { entityRef: 'component:default/orders-api' },
    });
    expect(result.isError).toBeFalsy();
    const output = result.structuredContent as any;
    expect(output.entityRef).toBe('component:default/orders-api');
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
    // The text content an assistant reads is the same answer.
    expect(JSON.parse((result.content as any)[0].text)).toEqual(output);
  });

  it('refuses an answer the caller holds no permission for, and gives it to one who does', async () => {
    const input = {
      name: 'eks-pod-identity.who-can-access-aws-resource',
      arguments: { action: 'sqs:SendMessage', resource: QUEUE },
    };
    const refused = await (await asUser(ORDERS_DEVELOPER)).callTool(input);
    expect(refused).toMatchObject({
      isError: true,
      content: [
        {
          type: 'text',
          text: 'NotFoundError: Action "eks-pod-identity.who-can-access-aws-resource" not found',
        },
      ],
    });
    expect(refused.structuredContent).toBeUndefined();

    const allowed = await (await asUser(PLATFORM_ENGINEER)).callTool(input);
    expect(allowed.isError).toBeFalsy();
    expect((allowed.structuredContent as any).items).toContainEqual(
      expect.objectContaining({
        cluster: 'prod-use1',
        serviceAccount: 'orders-api',
        mappedEntityRefs: ['component:default/orders-api'],
      }),
    );
  });

  it('turns away a client without a Backstage token', async () => {
    await expect(connect(baseUrl)).rejects.toThrow(/401/);
  });
});

describe('the demo MCP token', () => {
  it('lets an MCP client in with the real Backstage auth services, and no other token', async () => {
    const { backend, baseUrl } = await startMcpBackend(
      [authServiceFactory, httpAuthServiceFactory, permissionsServiceFactory],
      { auth: DEMO_BACKEND_CONFIG.auth },
    );
    try {
      const token = DEMO_BACKEND_CONFIG.auth.externalAccess[0].options.token;
      const client = await connect(baseUrl, `Bearer ${token}`);
      const { tools } = await client.listTools();
      expect(tools.map(t => t.name).sort()).toEqual([
        'eks-pod-identity.get-entity-aws-access',
        'eks-pod-identity.simulate-entity-aws-request',
        'eks-pod-identity.who-can-access-aws-resource',
      ]);
      const result = await client.callTool({
        name: 'eks-pod-identity.get-entity-aws-access',
        arguments: { entityRef: 'component:default/orders-api' },
      });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        entityRef: 'component:default/orders-api',
      });
      await expect(
        connect(baseUrl, `Bearer ${token.replace(/.$/, '_')}`),
      ).rejects.toThrow(/401/);
    } finally {
      await backend.stop();
    }
  });

  it('is gone once app-config.production.yaml is layered over app-config.yaml', () => {
    const demo = ConfigReader.fromConfigs([
      { context: 'app-config.yaml', data: readAppConfig('app-config.yaml') },
    ]);
    const production = ConfigReader.fromConfigs([
      { context: 'app-config.yaml', data: readAppConfig('app-config.yaml') },
      {
        context: 'app-config.production.yaml',
        data: readAppConfig('app-config.production.yaml'),
      },
    ]);
    const staticTokens = (config: ConfigReader) =>
      (config.getOptionalConfigArray('backend.auth.externalAccess') ?? [])
        .filter(a => a.getString('type') === 'static')
        .map(a => a.getString('options.subject'));
    expect(staticTokens(demo)).toEqual(['demo-mcp-client']);
    expect(staticTokens(production)).toEqual([]);
    expect(production.getStringArray('backend.actions.pluginSources')).toEqual([
      'eks-pod-identity',
    ]);
  });
});
