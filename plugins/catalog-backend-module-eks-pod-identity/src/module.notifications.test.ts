/*
 * Notifications end to end: a role changes in the sandbox, the backend scans
 * it, and the module tells the owning team through the real notifications
 * backend, once per finding.
 */
import { IAMClient, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  startSandbox,
  type EstateSeed,
  type Sandbox,
} from '@pod-identity/sandbox';
import { eventually, Portal, startPortal } from './__testUtils__/startPortal';
import { trustAnalyzer } from './__testUtils__/trustAnalyzer';

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

const catalog = [
  {
    kind: 'Group',
    metadata: { name: 'team-a' },
    spec: { type: 'team', children: [] },
  },
  {
    kind: 'Group',
    metadata: { name: 'team-b' },
    spec: { type: 'team', children: [] },
  },
  {
    kind: 'Group',
    metadata: { name: 'platform' },
    spec: { type: 'team', children: [] },
  },
  { kind: 'User', metadata: { name: 'alice' }, spec: { memberOf: ['team-a'] } },
  { kind: 'User', metadata: { name: 'bob' }, spec: { memberOf: ['team-b'] } },
  {
    kind: 'Component',
    metadata: {
      name: 'api',
      annotations: { 'backstage.io/kubernetes-id': 'api' },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  },
]
  .map(e => JSON.stringify({ apiVersion: 'backstage.io/v1alpha1', ...e }))
  .join('\n---\n');

/** A sandbox seeded with the role's trust, and a portal on a fresh database. */
function portalHarness(initialTrust: Trust) {
  const dir = createMockDirectory();
  let sandbox: Sandbox;
  let portal: Portal;
  let iam: IAMClient;

  const setTrust = (policy: object) =>
    iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: 'api',
        PolicyDocument: JSON.stringify(policy),
      }),
    );
  const alice = () => portal.notificationsOf('user:default/alice');

  async function start() {
    portal = await startPortal({
      sandbox,
      catalogFiles: [dir.resolve('catalog.yaml')],
      databaseDir: dir.resolve('db'),
      platformOwner: 'group:default/platform',
      analyzer: trustAnalyzer,
    });
    // Owners are resolved through the catalog: wait until it has the component and the team's member.
    await eventually(async () => {
      const group = await portal.entity('group:default/team-a');
      const members = (group?.relations ?? [])
        .filter(r => r.type === 'hasMember')
        .map(r => r.targetRef);
      if (!members.includes('user:default/alice'))
        throw new Error('team-a has no member alice yet');
      if (!(await portal.entity('component:default/api')))
        throw new Error('component api is not in the catalog yet');
    }, 'the catalog to hold the team and the component');
  }

  /** What a scheduled run does after a scan: the inventory, then the notifier. */
  async function scanAndNotify() {
    await portal.scan();
    await portal.notify();
  }

  beforeAll(async () => {
    dir.setContent({ 'catalog.yaml': catalog, db: {} });
    sandbox = await startSandbox({ seed: estateWithTrust(initialTrust) });
    const credentials = sandbox.credentialsFor(ACCOUNT);
    iam = new IAMClient({
      region: 'us-east-1',
      endpoint: sandbox.endpoints.iam,
      credentials,
    });
    await start();
  });

  afterAll(async () => {
    await portal?.stop();
    await sandbox?.stop();
  });

  return {
    setTrust,
    alice,
    scanAndNotify,
    portal: () => portal,
    restart: async () => {
      await portal.stop();
      await start();
    },
  };
}

describe('notifications of new critical and high findings', () => {
  const { setTrust, alice, scanAndNotify, portal, restart } =
    portalHarness(podTrust);

  it('sends nothing while the component has no critical or high finding', async () => {
    await scanAndNotify();
    expect(await alice()).toEqual([]);
  });

  it('notifies the owning team once about a new critical finding, with a link to the AWS access tab', async () => {
    await setTrust(ec2Trust);
    await scanAndNotify();
    const notifications = await alice();
    expect(notifications).toHaveLength(1);
    expect(notifications[0].payload).toMatchObject({
      title: 'api: Role trust policy does not allow pods.eks.amazonaws.com',
      link: '/catalog/default/component/api/aws-access',
      severity: 'critical',
      topic: 'EKS Pod Identity',
    });
    expect(notifications[0].payload.description).toContain(
      `TRUST_MISSING_PRINCIPAL (shop-use1:team-a/api): The trust policy of ${ROLE_ARN}`,
    );
    expect(await portal().notificationsOf('user:default/bob')).toEqual([]);
  });

  it('labels the role entity with the critical severity, so the catalog can be filtered by it', async () => {
    await portal().syncEntities();
    const critical = await eventually(async () => {
      const found = await portal().query(
        'kind=resource,metadata.labels.eks-pod-identity/worst-severity=critical',
      );
      expect(found.map(e => e.metadata.name)).toEqual(['api-111111111111']);
      return found;
    }, 'the role entity with its label');
    expect(critical[0].spec).toMatchObject({
      type: 'aws-iam-role',
      owner: 'group:default/team-a',
    });
  });

  it('does not notify again at the next scan', async () => {
    await scanAndNotify();
    expect(await alice()).toHaveLength(1);
  });

  it('does not notify again after a restart', async () => {
    await restart();
    await scanAndNotify();
    expect(await alice()).toHaveLength(1);
  });

  it('does not notify when the finding is resolved, and notifies again when it comes back', async () => {
    await setTrust(podTrust);
    await scanAndNotify();
    expect(await alice()).toHaveLength(1);

    await setTrust(ec2Trust);
    await scanAndNotify();
    const notifications = await alice();
    expect(notifications).toHaveLength(2);
    expect(notifications.map(n => n.payload.title)).toEqual([
      'api: Role trust policy does not allow pods.eks.amazonaws.com',
      'api: Role trust policy does not allow pods.eks.amazonaws.com',
    ]);
  });
});

describe('the first run after installing the module', () => {
  const { setTrust, alice, scanAndNotify } = portalHarness(ec2Trust);

  it('records the critical findings the estate already has without notifying anyone', async () => {
    await scanAndNotify();
    expect(await alice()).toEqual([]);
    await scanAndNotify();
    expect(await alice()).toEqual([]);
  });

  it('notifies when such a finding is fixed and comes back', async () => {
    await setTrust(podTrust);
    await scanAndNotify();
    expect(await alice()).toEqual([]);
    await setTrust(ec2Trust);
    await scanAndNotify();
    expect((await alice()).map(n => n.payload.title)).toEqual([
      'api: Role trust policy does not allow pods.eks.amazonaws.com',
    ]);
  });
});
