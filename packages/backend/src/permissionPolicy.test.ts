/*
 * The production permission policy, through a backend that runs it: the
 * permission backend with the policy module, the EKS Pod Identity backend
 * plugin, and the scaffolder with the eks-pod-identity actions, all against
 * the sandbox's demo estate.
 */
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import {
  sandboxAwsConfig,
  startSandbox,
  type Sandbox,
} from '@pod-identity/sandbox';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import { createEksPodIdentityApiClient } from '@pod-identity/plugin-eks-pod-identity-common';
import eksPodIdentityScaffolderModule from '@pod-identity/plugin-scaffolder-backend-module-eks-pod-identity';
import type { Request } from 'express';
import path from 'node:path';
import permissionPolicyModule from './permissionPolicy';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../../..');
const PLATFORM_USER = 'user:default/alice';
const TEAM_USER = 'user:default/bob';
const GROUPS: Record<string, string[]> = {
  [PLATFORM_USER]: ['group:default/platform-team'],
  [TEAM_USER]: ['group:default/team-payments'],
};

/** Plans a grant (nothing is written) after a step of another plugin. */
const TEMPLATE = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'plan-access', namespace: 'default' },
  spec: {
    type: 'service',
    steps: [
      {
        id: 'hello',
        action: 'debug:log',
        input: { message: 'another plugin’s action runs for everyone' },
      },
      {
        id: 'plan',
        action: 'eks-pod-identity:setup',
        input: {
          planOnly: true,
          cluster: 'prod-use1',
          namespace: 'team-payments',
          serviceAccount: 'policy-test',
          permissions: [{ preset: 's3-read', resource: 'payments-reports/' }],
          tags: { owner: 'payments-team' },
        },
      },
    ],
  },
};

describe('EksPodIdentityPermissionPolicy in a backend', () => {
  let sandbox: Sandbox;
  let baseUrl: string;

  function call(user: string, method: string, route: string, body?: unknown) {
    return fetch(`${baseUrl}${route}`, {
      method,
      headers: {
        Authorization: mockCredentials.user.header(user),
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** The plugin's generated client, signed in as `user`. */
  const eksPodIdentity = (user: string) =>
    createEksPodIdentityApiClient({
      baseUrl: `${baseUrl}/api/eks-pod-identity`,
      headers: { Authorization: mockCredentials.user.header(user) },
    });

  /** Runs the template as `user`; resolves with its final status and log. */
  async function runTemplate(user: string) {
    const created = await call(user, 'POST', '/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/plan-access',
      values: {},
    });
    const body = await created.json();
    if (created.status !== 201) {
      throw new Error(
        `POST /v2/tasks: ${created.status} ${JSON.stringify(body)}`,
      );
    }
    const { id } = body;
    for (;;) {
      const task = await (
        await call(user, 'GET', `/api/scaffolder/v2/tasks/${id}`)
      ).json();
      if (['completed', 'failed', 'cancelled'].includes(task.status)) {
        const events = await (
          await call(user, 'GET', `/api/scaffolder/v2/tasks/${id}/events`)
        ).json();
        const log = events.map((e: any) => e.body.message ?? '').join('\n');
        return { status: task.status as string, log };
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: path.join(ROOT, 'examples/sandbox/estate.yaml'),
    });
    const config: JsonObject = {
      app: { baseUrl: 'http://localhost:3000' },
      permission: { enabled: true },
      aws: sandboxAwsConfig(sandbox, ['111111111111']),
      eksPodIdentity: {
        endpoints: sandbox.endpoints,
        discovery: [{ accountId: '111111111111', regions: ['us-east-1'] }],
        guardrails: {
          allowedNamespaces: ['team-*'],
          roleNamePrefix: 'bs-',
          requiredTags: ['owner'],
        },
        permissions: { platformGroup: 'platform-team' },
      },
    };
    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        permissionPolicyModule,
        eksPodIdentityPlugin,
        scaffolderPlugin,
        eksPodIdentityScaffolderModule,
        mockServices.rootConfig.factory({ data: config }),
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalogServiceMock({ entities: [TEMPLATE] }),
        }),
        // A plugin calling another on a user's behalf is that user with the
        // plugin as actor, as with real tokens; the mock drops the actor, and
        // the permission backend refuses conditional decisions to a user
        // calling it without one.
        createServiceFactory({
          service: coreServices.httpAuth,
          deps: { plugin: coreServices.pluginMetadata },
          factory({ plugin }) {
            const httpAuth = mockServices.httpAuth({
              pluginId: plugin.getId(),
            });
            return Object.assign(Object.create(httpAuth), {
              async credentials(req: Request, options?: any) {
                const credentials = await httpAuth.credentials(req, options);
                const { principal } = credentials as { principal: any };
                const onBehalf = req.headers.authorization?.startsWith(
                  'Bearer mock-service-token:',
                );
                return onBehalf && principal.userEntityRef
                  ? mockCredentials.user(principal.userEntityRef, {
                      actor: { subject: 'plugin' },
                    })
                  : credentials;
              },
            });
          },
        }),
        // Group membership as the catalog would resolve it at sign-in.
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () => ({
            async getUserInfo(credentials) {
              const { userEntityRef } = credentials.principal as {
                userEntityRef: string;
              };
              return {
                userEntityRef,
                ownershipEntityRefs: [userEntityRef, ...GROUPS[userEntityRef]],
              };
            },
          }),
        }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('refuses the inventory to a user outside the platform group', async () => {
    const client = eksPodIdentity(TEAM_USER);
    await expect(client.GET('/v1/clusters')).rejects.toMatchObject({
      response: { status: 403 },
    });
    await expect(
      client.POST('/v1/refresh', { body: {} }),
    ).rejects.toMatchObject({ response: { status: 403 } });
  });

  it('shows the inventory to a member of the platform group', async () => {
    const { response } = await eksPodIdentity(PLATFORM_USER).GET(
      '/v1/clusters',
    );
    expect(response.status).toBe(200);
  });

  it('refuses the eks-pod-identity actions to a user outside the action groups, and only those', async () => {
    const { status, log } = await runTemplate(TEAM_USER);
    expect(status).toBe('failed');
    expect(log).toContain('another plugin’s action runs for everyone');
    expect(log).toMatch(/not allowed|unauthorized/i);
    expect(log).toContain('eks-pod-identity:setup');
  });

  it('runs the eks-pod-identity actions for a member of the platform group', async () => {
    const { status, log } = await runTemplate(PLATFORM_USER);
    expect({ status, log }).toMatchObject({ status: 'completed' });
  });
});
