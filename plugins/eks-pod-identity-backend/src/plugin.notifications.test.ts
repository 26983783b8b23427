/*
 * Finding notifications end to end: a role changes in the sandbox, the
 * backend scans it, and the plugin tells the owner of the component whose
 * service account uses the role, once per finding, across restarts.
 */
import { IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import { DefaultInventoryAnalyzer } from '@pod-identity/plugin-eks-pod-identity-node';
import {
  startSandbox,
  type EstateSeed,
  type Sandbox,
} from '@pod-identity/sandbox';
import { NOTIFIER_TASK_ID } from './notifications/scheduleFindingNotifications';
import { sandboxPluginConfig } from './__testUtils__/sandboxConfig';
import { sharedDatabase } from './__testUtils__/sharedDatabase';
import { refreshInventory } from './__testUtils__/apiClient';
import { startPluginBackend } from './__testUtils__/testBackend';

jest.setTimeout(400_000);

const ACCOUNT = '111111111111';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/api`;
const podTrust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    },
  ],
};
const ec2Trust = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ],
};
type Trust = typeof podTrust | typeof ec2Trust;

const estateWithTrust = (trustPolicy: Trust): EstateSeed => ({
  accounts: [
    {
      id: ACCOUNT,
      iam: { roles: [{ name: 'api', trustPolicy }] },
      clusters: [
        {
          name: 'shop-use1',
          region: 'us-east-1',
          addons: [
            {
              name: 'eks-pod-identity-agent',
              version: 'v1.3.4-eksbuild.1',
              status: 'ACTIVE',
            },
          ],
          associations: [
            { namespace: 'team-a', serviceAccount: 'api', role: 'api' },
          ],
          kubernetes: {
            namespaces: ['team-a'],
            nodes: [
              { name: 'node-1', labels: { 'kubernetes.io/os': 'linux' } },
            ],
            serviceAccounts: [{ namespace: 'team-a', name: 'api' }],
            workloads: [
              {
                kind: 'Deployment',
                namespace: 'team-a',
                name: 'api',
                labels: { 'backstage.io/kubernetes-id': 'api' },
                serviceAccountName: 'api',
              },
            ],
          },
        },
      ],
    },
  ],
});

const API_COMPONENT: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'api' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-a',
  },
};

const TRUST_TITLE =
  'api: Role trust policy does not allow pods.eks.amazonaws.com';

/** A sandbox seeded with the role's trust, and the plugin on a database that survives restarts. */
function harness(initialTrust: Trust) {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let db: Awaited<ReturnType<typeof sharedDatabase>>;
  let sandbox: Sandbox;
  let iam: IAMClient;
  let backend: Awaited<ReturnType<typeof startPluginBackend>>;
  let scheduler: SchedulerService;
  const sent: NotificationSendOptions[] = [];

  async function start() {
    backend = await startPluginBackend({
      config: sandboxPluginConfig(sandbox),
      entities: [API_COMPONENT],
      analyzer: new DefaultInventoryAnalyzer(),
      knex: db.connect(),
      features: [
        // The tests decide when the scan and the notifier run.
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            async send(notification: NotificationSendOptions) {
              sent.push(notification);
            },
          }),
        }),
        createBackendModule({
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
        }),
      ],
    });
  }

  beforeAll(async () => {
    db = await sharedDatabase(databases, 'SQLITE_3');
    sandbox = await startSandbox({ seed: estateWithTrust(initialTrust) });
    iam = new IAMClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.iam,
      credentials: sandbox.credentialsFor(ACCOUNT),
    });
    await start();
  });

  afterAll(async () => {
    await backend?.stop();
    await db?.close();
    await sandbox?.stop();
  });

  return {
    sent,
    setTrust: (policy: Trust) =>
      iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: 'api',
          PolicyDocument: JSON.stringify(policy),
        }),
      ),
    /** What a scheduled run does after a scan: the inventory, then the notifier. */
    async scanAndNotify() {
      await refreshInventory(backend.server);
      await scheduler.triggerTask(NOTIFIER_TASK_ID);
    },
    restart: async () => {
      await backend.stop();
      await start();
    },
  };
}

describe('notifications of new critical and high findings', () => {
  const { sent, setTrust, scanAndNotify, restart } = harness(podTrust);

  it('sends nothing while the component has no critical or high finding', async () => {
    await scanAndNotify();
    expect(sent).toEqual([]);
  });

  it('notifies the owner of the component once about a new critical finding, with a link to the AWS access tab', async () => {
    await setTrust(ec2Trust);
    await scanAndNotify();
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: 'component:default/api',
    });
    expect(sent[0].payload).toMatchObject({
      title: TRUST_TITLE,
      link: '/catalog/default/component/api/aws-access',
      severity: 'critical',
      topic: 'EKS Pod Identity',
    });
    expect(sent[0].payload.description).toContain(
      `TRUST_MISSING_PRINCIPAL (shop-use1:team-a/api):`,
    );
    expect(sent[0].payload.description).toContain(ROLE_ARN);
  });

  it('does not notify again at the next scan', async () => {
    await scanAndNotify();
    expect(sent).toHaveLength(1);
  });

  it('does not notify again after a restart', async () => {
    await restart();
    await scanAndNotify();
    expect(sent).toHaveLength(1);
  });

  it('does not notify when the finding is resolved, and notifies again when it comes back', async () => {
    await setTrust(podTrust);
    await scanAndNotify();
    expect(sent).toHaveLength(1);

    await setTrust(ec2Trust);
    await scanAndNotify();
    expect(sent.map(n => n.payload.title)).toEqual([TRUST_TITLE, TRUST_TITLE]);
  });
});

describe('the first run after installing the plugin', () => {
  const { sent, setTrust, scanAndNotify } = harness(ec2Trust);

  it('records the critical findings the estate already has without notifying anyone', async () => {
    await scanAndNotify();
    expect(sent).toEqual([]);
    await scanAndNotify();
    expect(sent).toEqual([]);
  });

  it('notifies when such a finding is fixed and comes back', async () => {
    await setTrust(podTrust);
    await scanAndNotify();
    expect(sent).toEqual([]);
    await setTrust(ec2Trust);
    await scanAndNotify();
    expect(sent.map(n => n.payload.title)).toEqual([TRUST_TITLE]);
  });
});
