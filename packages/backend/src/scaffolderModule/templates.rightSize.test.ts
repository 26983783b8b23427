/*
 * Right-sizing through the template, on the embedded default: the demo
 * estate's last-accessed data raises PERMISSIONS_UNUSED on the roles with
 * unused grants and not on the fully used control; the role route's proposal
 * fills the right-size template as the finding's link does; the scaffolder's
 * dry run (what the template editor calls) changes nothing and says what
 * goes; the real run narrows the policy in IAM, the finding clears, and the
 * component's access is what the dry run said it would be.
 */
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import eksPodIdentityPlugin from '@pod-identity/plugin-eks-pod-identity-backend';
import {
  roleArnOf,
  SEEN_BY_INVENTORY,
  type AccessSummary,
  type PolicyDocument,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { startSandbox, type Sandbox } from '@pod-identity/sandbox';
import scaffolderModuleEksPodIdentity from '@pod-identity/plugin-scaffolder-backend-module-eks-pod-identity';
import path from 'node:path';
import {
  demoConfig,
  demoEntities,
  portalClient,
  PROD,
  ROOT,
  templateEntities,
  within,
} from './__testUtils__/demoPortal';

jest.setTimeout(240_000);

/** The backend's daily read of IAM's last-accessed data (its README). */
const LAST_ACCESSED_TASK_ID = 'eks-pod-identity-last-accessed';

const role = (name: string, rolePath = '/') =>
  roleArnOf({ partition: 'aws', accountId: PROD, path: rolePath, name });
/** Made by the grant template, so the right-size template may narrow it. */
const MAILER = role('bs-team-orders-invoice-mailer', '/backstage/');
const ORDERS = role('orders-api');
const PAYMENTS = role('payments-worker');
/** The clean control: uses everything it is granted. */
const CONTROL = role('product-catalog');

const withoutUsage = (summary: AccessSummary): AccessSummary => ({
  ...summary,
  services: summary.services.map(({ usage: _usage, ...service }) => service),
});

/** `Statements removed: [...]` and the like, from the template's output text. */
function dumped(text: string, label: string) {
  const line = text.split('\n').find(l => l.startsWith(`${label}: `));
  if (!line) throw new Error(`No "${label}" in the template output:\n${text}`);
  return JSON.parse(line.slice(label.length + 2));
}

describe('the right-size template through the scaffolder', () => {
  let sandbox: Sandbox;
  let iam: IAMClient;
  let baseUrl: string;
  const { api, inventory, refresh, entityAccess, runTemplate, taskOutput } =
    portalClient(() => baseUrl);

  const unusedPermissionRoles = async () => {
    const { data } = await inventory().GET('/v1/findings', {
      params: { query: { code: 'PERMISSIONS_UNUSED', limit: 100 } },
    });
    return data!.items.map(f => f.subject.id).sort();
  };
  const inlinePolicy = async (roleName: string, policyName: string) => {
    const { PolicyDocument: doc } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
    );
    return JSON.parse(decodeURIComponent(doc!)) as PolicyDocument;
  };
  const mailerAccess = async (): Promise<AccessSummary | undefined> => {
    const { items } = await entityAccess('invoice-renderer');
    return items.find(i => i.serviceAccount === 'invoice-mailer')?.access;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: path.join(ROOT, 'examples/sandbox/estate.yaml'),
      // IAM's report jobs take seconds; the test need not wait for them.
      lastAccessedJobMs: 50,
    });
    iam = new IAMClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.iam,
      credentials: sandbox.credentialsFor(PROD),
    });
    const entities = demoEntities();
    // The plugin's own scheduler, to run the daily last-accessed read now.
    let scheduler: SchedulerService | undefined;
    const schedulerProbe = createBackendModule({
      pluginId: 'eks-pod-identity',
      moduleId: 'test-scheduler',
      register(env) {
        env.registerInit({
          deps: { s: coreServices.scheduler },
          async init({ s }) {
            scheduler = s;
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        schedulerProbe,
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
    await refresh();
    await scheduler!.triggerTask(LAST_ACCESSED_TASK_ID);
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('narrows the policy the finding names, clears the finding, and leaves the access the dry run showed', async () => {
    const flagged = await within(
      10_000,
      unusedPermissionRoles,
      arns => arns.includes(MAILER),
      'PERMISSIONS_UNUSED after the first last-accessed read',
    );
    expect(flagged).toEqual([ORDERS, PAYMENTS, MAILER].sort());
    expect(flagged).not.toContain(CONTROL);
    // Findings that were there when the portal started are not history.
    const { data: startup } = await inventory().GET('/v1/changes', {
      params: { query: { limit: 100 } },
    });
    expect(startup!.items).toEqual([]);

    // What the finding's "Right-size this role" link puts in the form.
    const { data: detail } = await inventory().GET('/v1/roles/{roleArn}', {
      params: { path: { roleArn: MAILER } },
    });
    const proposal = detail!.rightSizing!.inlinePolicies.find(p => p.document)!;
    expect(proposal.removedActions).toEqual([
      'sqs:SendMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
    ]);
    const values = {
      component: 'component:default/invoice-renderer',
      roleArn: MAILER,
      cluster: detail!.usedBy[0].cluster,
      policyName: proposal.policyName,
      policyDocument: JSON.stringify(proposal.document, null, 2),
    };
    const granted = await inlinePolicy(
      'bs-team-orders-invoice-mailer',
      proposal.policyName,
    );
    const accessBefore = (await mailerAccess())!;

    // The dry run of the template editor, with the template as on disk.
    const template = templateEntities().find(
      t => t.metadata.name === 'eks-pod-identity-right-size',
    );
    const dryRun = await api('POST', '/api/scaffolder/v2/dry-run', {
      template,
      values,
      directoryContents: [],
    });
    const dryText: string = dryRun.output.text[0].content;
    const removed = dumped(dryText, 'Statements removed');
    const accessAfter: AccessSummary = dumped(dryText, 'Effective access after');
    expect(removed).toEqual([
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Resource: [`arn:aws:sqs:us-east-1:${PROD}:invoice-emails`],
      },
    ]);
    expect(dumped(dryText, 'Statements added')).toEqual([]);
    expect(
      await inlinePolicy('bs-team-orders-invoice-mailer', proposal.policyName),
    ).toEqual(granted);

    const task = await runTemplate('eks-pod-identity-right-size', values);
    const text: string = (await taskOutput(task)).text[0].content;
    expect(dumped(text, 'Statements removed')).toEqual(removed);
    expect(
      await inlinePolicy('bs-team-orders-invoice-mailer', proposal.policyName),
    ).toEqual(proposal.document);

    await refresh('prod-use1');
    const after = await within(
      30_000,
      unusedPermissionRoles,
      arns => !arns.includes(MAILER),
      'PERMISSIONS_UNUSED gone from the right-sized role',
    );
    // Nothing else was touched.
    expect(after).toEqual([ORDERS, PAYMENTS].sort());
    // Exactly what the dry run said, plus the usage annotation of IAM's
    // last-accessed report, which the inventory reads and a dry run cannot.
    expect(accessAfter.services.every(sv => sv.usage === undefined)).toBe(true);
    expect(withoutUsage((await mailerAccess())!)).toEqual(accessAfter);
    expect(accessAfter.services.map(s => s.service)).toEqual(['s3']);
    expect(accessBefore.services.map(s => s.service)).toEqual(['s3', 'sqs']);

    // The history: the narrowed policy by the user who ran the task, the
    // finding resolved as the inventory saw it.
    const { data: history } = await inventory().GET('/v1/changes', {
      params: { query: { entityRef: 'component:default/invoice-renderer' } },
    });
    expect(
      history!.items.map(c => [c.kind, c.roleArn, c.findingCode, c.madeBy]),
    ).toEqual([
      ['finding.resolved', MAILER, 'PERMISSIONS_UNUSED', SEEN_BY_INVENTORY],
      ['role.permissions-changed', MAILER, undefined, 'user:default/guest'],
    ]);
  });
});
