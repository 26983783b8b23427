/*
 * The GitOps template (eks-pod-identity-new-service) rendered by the real
 * scaffolder backend with this module, as a dry run against the sandbox: its
 * files must be exactly the documents the setup action plans, and nothing may
 * change in AWS. The templates that change AWS and show in the inventory API
 * run with the backend plugin in the demo backend
 * (packages/backend/src/scaffolderModule).
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubScaffolderModule from '@backstage/plugin-scaffolder-backend-module-github';
import type { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createSetupAction } from './actions/setup';
import { PROD } from './__testUtils__/estate';
import { Harness, runAction, startHarness } from './__testUtils__/harness';
import { scaffolderModuleEksPodIdentity } from './module';

jest.setTimeout(120_000);

const TEMPLATES = path.resolve(__dirname, '../templates');

describe('the GitOps template through the scaffolder backend (dry run)', () => {
  let harness: Harness;
  let baseUrl: string;

  async function dryRun(body: JsonObject) {
    const res = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.user.header('user:default/guest'),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`dry-run: ${res.status} ${await res.text()}`);
    return res.json();
  }

  beforeAll(async () => {
    harness = await startHarness();
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubScaffolderModule,
        scaffolderModuleEksPodIdentity,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalogServiceMock({ entities: [] }),
        }),
        mockServices.rootConfig.factory({
          data: {
            ...(harness.config.get() as JsonObject),
            integrations: {
              github: [{ host: 'github.com', token: 'not-a-real-token' }],
            },
          },
        }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}`;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('eks-pod-identity-new-service renders the catalog entry, manifests and Terraform of the planned role (dry run)', async () => {
    harness.sandbox.clearMutations();
    const dir = path.join(TEMPLATES, 'eks-pod-identity-new-service');
    const template = yaml.parse(
      fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
    );
    const files = (sub: string): string[] =>
      fs
        .readdirSync(path.join(dir, sub), { withFileTypes: true })
        .flatMap(f =>
          f.isDirectory()
            ? files(path.join(sub, f.name))
            : [path.join(sub, f.name)],
        );
    const result = await dryRun({
      template,
      values: {
        name: 'returns-api',
        owner: 'group:default/team-orders',
        cluster: 'prod-use1',
        namespace: 'team-returns',
        image: 'busybox:stable',
        permissions: [{ preset: 'sqs-consume', resource: 'returns-events' }],
        repoUrl: 'github.com?owner=example&repo=returns-api',
      },
      secrets: {},
      directoryContents: files('.').map(p => ({
        path: p,
        base64Content: fs.readFileSync(path.join(dir, p)).toString('base64'),
      })),
    });

    expect(harness.sandbox.mutations()).toEqual([]);
    const rendered = Object.fromEntries(
      result.directoryContents.map((f: any) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect(Object.keys(rendered).sort()).toEqual([
      'catalog-info.yaml',
      'kubernetes/deployment.yaml',
      'kubernetes/serviceaccount.yaml',
      'terraform/main.tf',
      'terraform/permissions-policy.json',
      'terraform/trust-policy.json',
    ]);
    const entity = yaml.parse(rendered['catalog-info.yaml']);
    expect(
      entity.metadata.annotations['eks-pod-identity/service-accounts'],
    ).toBe('prod-use1:team-returns/returns-api');
    expect(entity.spec.owner).toBe('group:default/team-orders');
    const deployment = yaml.parse(rendered['kubernetes/deployment.yaml']);
    expect(deployment.spec.template.spec.serviceAccountName).toBe(
      'returns-api',
    );

    // The documents are exactly those the setup action makes for this request
    // (setup.test.ts shows its planned role equals the role a real run creates).
    const { outputs } = await runAction(
      createSetupAction(harness.deps),
      {
        cluster: 'prod-use1',
        namespace: 'team-returns',
        serviceAccount: 'returns-api',
        createNamespace: true,
        permissions: [{ preset: 'sqs-consume', resource: 'returns-events' }],
        tags: { owner: 'team-orders', component: 'returns-api' },
      },
      { isDryRun: true },
    );
    expect(rendered['terraform/trust-policy.json']).toBe(
      `${outputs.role.trustPolicy}\n`,
    );
    expect(rendered['terraform/permissions-policy.json']).toBe(
      `${outputs.role.permissionsPolicy}\n`,
    );
    const trust = JSON.parse(rendered['terraform/trust-policy.json']);
    expect(trust.Statement[0].Condition.StringEquals).toEqual({
      'aws:SourceAccount': PROD,
      'aws:RequestTag/kubernetes-namespace': 'team-returns',
      'aws:RequestTag/kubernetes-service-account': 'returns-api',
    });
    expect(
      JSON.parse(rendered['terraform/permissions-policy.json']).Statement,
    ).toEqual([
      expect.objectContaining({
        Action: expect.arrayContaining([
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
        ]),
        Resource: [`arn:aws:sqs:us-east-1:${PROD}:returns-events`],
      }),
    ]);
    const tf = rendered['terraform/main.tf'];
    expect(tf).toContain(
      'name                 = "bs-team-returns-returns-api"',
    );
    expect(tf).toContain('path                 = "/backstage/"');
    expect(tf).toContain(
      `permissions_boundary = "arn:aws:iam::${PROD}:policy/backstage-boundary"`,
    );
    expect(tf).toContain('"owner" = "team-orders"');
    expect(tf).toContain('resource "aws_eks_pod_identity_association" "this"');
    expect(tf).toContain('resource "kubernetes_service_account" "this"');
    expect(tf).toContain(
      'policy = file("${path.module}/permissions-policy.json")',
    );
    expect(result.log.map((l: any) => l.body.message).join('\n')).toMatch(
      /Performing dry run of creating pull request/,
    );
  });
});
