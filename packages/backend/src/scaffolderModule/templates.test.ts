/*
 * The software templates, executed by the scaffolder backend exactly as
 * the demo portal runs them: the real scaffolder plugin with this module, the
 * demo config's eksPodIdentity block (guardrails included), the embedded
 * default's estate in the sandbox, and the EKS Pod Identity backend plugin,
 * whose inventory API must then show what the templates made. (The GitOps
 * template's dry run is tested in the scaffolder module itself.)
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubScaffolderModule from '@backstage/plugin-scaffolder-backend-module-github';
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import { roleArnOf } from '@pod-identity/plugin-eks-pod-identity-common';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import path from 'node:path';
import scaffolderModuleEksPodIdentity from '@pod-identity/plugin-scaffolder-backend-module-eks-pod-identity';
import {
  demoConfig,
  demoEntities,
  hasS3Access,
  portalClient,
  PROD,
  ROOT,
  within,
} from './__testUtils__/demoPortal';

jest.setTimeout(180_000);

describe('software templates through the scaffolder backend', () => {
  let sandbox: Sandbox;
  let baseUrl: string;

  const { inventory, refresh, entityAccess, runTemplate, taskOutput } =
    portalClient(() => baseUrl);
  const roleIn = (accountId: string, name: string, rolePath = '/') =>
    roleArnOf({ partition: 'aws', accountId, path: rolePath, name });

  /** What the inventory API shows for one service account, after a fresh scan. */
  async function associationsOf(
    cluster: string,
    namespace: string,
    serviceAccount: string,
  ) {
    await refresh(cluster);
    const { data } = await inventory().GET('/v1/associations', {
      params: { query: { cluster, namespace, serviceAccount } },
    });
    return data!.items;
  }

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: path.join(ROOT, 'examples/sandbox/estate.yaml'),
    });
    const entities = demoEntities();
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        githubScaffolderModule,
        scaffolderModuleEksPodIdentity,
        eksPodIdentityPlugin,
        // Backstage's own events service (one bus for every plugin), as a portal has.
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
    // The first scan covers every cluster; later ones refresh only the cluster a test changed.
    await refresh();
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('shows granted access on the entity within 10 s of the task, with no refresh, and a revoke as fast', async () => {
    const accessOf = async () => {
      const { items } = await entityAccess('payments-api');
      return items.find(
        i => i.cluster === 'prod-use1' && i.serviceAccount === 'payments-api',
      );
    };
    expect(hasS3Access(await accessOf())).toBe(false);

    const task = await runTemplate('eks-pod-identity-grant-access', {
      component: 'component:default/payments-api',
      cluster: 'prod-use1',
      namespace: 'team-payments',
      permissions: [{ preset: 's3-read', resource: 'payments-reports/' }],
    });
    const granted = await within(
      10_000,
      accessOf,
      item => Boolean(item?.association) && hasS3Access(item),
      'The granted S3 access on the access API after the task',
    );
    expect(granted!.role!.arn).toBe(
      roleIn(PROD, 'bs-team-payments-payments-api', '/backstage/'),
    );
    // The task's link opens the tab that shows it.
    expect((await taskOutput(task)).links).toContainEqual({
      title: 'AWS access of the component',
      url: 'http://localhost:3000/catalog/default/component/payments-api/aws-access',
    });

    await runTemplate('eks-pod-identity-revoke-access', {
      component: 'component:default/payments-api',
      cluster: 'prod-use1',
      namespace: 'team-payments',
      serviceAccount: 'payments-api',
      deleteRole: true,
    });
    await within(
      10_000,
      accessOf,
      item => !item?.association && !hasS3Access(item),
      'The revoke on the access API after the task',
    );
  });

  it('eks-pod-identity-grant-access gives a component access that its AWS access tab then shows', async () => {
    const task = await runTemplate('eks-pod-identity-grant-access', {
      component: 'component:default/payments-api',
      cluster: 'prod-use1',
      namespace: 'team-payments',
      permissions: [
        { preset: 's3-read', resource: 'payments-reports/daily/' },
        { preset: 'dynamodb-read', resource: 'payments-ledger' },
      ],
    });

    const roleArn = roleIn(
      PROD,
      'bs-team-payments-payments-api',
      '/backstage/',
    );
    const output = await taskOutput(task);
    expect(output.links).toContainEqual({
      title: 'AWS access of the component',
      url: 'http://localhost:3000/catalog/default/component/payments-api/aws-access',
    });
    const [association] = await associationsOf(
      'prod-use1',
      'team-payments',
      'payments-api',
    );
    expect(association).toMatchObject({
      roleArn,
      tags: expect.objectContaining({
        owner: 'team-payments',
        component: 'payments-api',
      }),
    });
    const access = await entityAccess('payments-api');
    const item = access.items.find(i => i.cluster === 'prod-use1')!;
    expect(item.association!.id).toBe(association.id);
    expect(item.role!.arn).toBe(roleArn);
    expect(item.access!.services.map(s => s.service)).toEqual(
      expect.arrayContaining(['s3', 'dynamodb']),
    );
  });

  it('eks-pod-identity-revoke-access deletes that association and the role, and the inventory drops it', async () => {
    const task = await runTemplate('eks-pod-identity-revoke-access', {
      component: 'component:default/payments-api',
      cluster: 'prod-use1',
      namespace: 'team-payments',
      serviceAccount: 'payments-api',
      deleteRole: true,
    });

    expect((await taskOutput(task)).text[0].content).toMatch(
      /Association deleted: true[\s\S]*Role deleted: true/,
    );
    expect(
      await associationsOf('prod-use1', 'team-payments', 'payments-api'),
    ).toEqual([]);
  });

  it('eks-pod-identity-migrate-irsa gives the IRSA role dual trust and an association', async () => {
    await runTemplate('eks-pod-identity-migrate-irsa', {
      component: 'component:default/payments-api',
      cluster: 'prod-use1',
      namespace: 'team-payments',
      serviceAccount: 'payments-api',
    });

    const [association] = await associationsOf(
      'prod-use1',
      'team-payments',
      'payments-api',
    );
    const irsaRole = roleIn(PROD, 'payments-api-irsa');
    expect(association.roleArn).toBe(irsaRole);
    const { data: role } = await inventory().GET('/v1/roles/{roleArn}', {
      params: { path: { roleArn: irsaRole } },
    });
    const statements = role!.trustPolicy!.Statement;
    const principals = (
      Array.isArray(statements) ? statements : [statements]
    ).map(s => s.Principal);
    expect(principals).toEqual([
      { Federated: expect.stringContaining(':oidc-provider/') },
      { Service: 'pods.eks.amazonaws.com' },
    ]);
  });

  it('eks-pod-identity-cross-account chains to the target role and prints its trust policy', async () => {
    const targetRoleArn = roleIn('333333333333', 'inventory-reader');
    const task = await runTemplate('eks-pod-identity-cross-account', {
      component: 'component:default/storefront-web',
      cluster: 'prod-use1',
      namespace: 'team-storefront',
      targetRoleArn,
    });

    const [association] = await associationsOf(
      'prod-use1',
      'team-storefront',
      'storefront-web',
    );
    expect(association).toMatchObject({
      roleArn: roleIn(PROD, 'bs-team-storefront-storefront-web', '/backstage/'),
      targetRoleArn,
    });
    const text = (await taskOutput(task)).text[0].content;
    const trust = JSON.parse(/```json\n([\s\S]*?)```/.exec(text)![1]);
    expect(trust.Statement[0]).toMatchObject({
      Principal: { AWS: association.roleArn },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { StringEquals: { 'sts:ExternalId': expect.any(String) } },
    });
  });

  it('eks-pod-identity-install-agent installs the agent on a cluster without it, and AGENT_MISSING clears on the next read', async () => {
    const agentMissing = async () => {
      await refresh('staging-euw1');
      const { data } = await inventory().GET('/v1/findings', {
        params: { query: { cluster: 'staging-euw1', code: 'AGENT_MISSING' } },
      });
      return data!.items;
    };
    expect(await agentMissing()).toHaveLength(1);

    const task = await runTemplate('eks-pod-identity-install-agent', {
      cluster: 'staging-euw1',
    });

    expect((await taskOutput(task)).text[0].content).toMatch(
      /eks-pod-identity-agent v\S+\s+is ACTIVE on staging-euw1\s+\(installed by this run: true\)/,
    );
    expect(await agentMissing()).toEqual([]);
  });
});
