/*
 * A finding on a role reaches the catalog: the backend scans a role whose
 * trust policy does not allow pods, and the module labels the role's entity
 * with the worst severity, so the catalog can be filtered by it. (The owners'
 * notifications about such findings are the backend plugin's; its
 * plugin.notifications.test.ts covers them.)
 */
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

const estate: EstateSeed = {
  accounts: [
    {
      id: ACCOUNT,
      iam: { roles: [{ name: 'api', trustPolicy: ec2Trust }] },
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
};

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

describe('the role entity of a role with a critical finding', () => {
  const dir = createMockDirectory();
  let sandbox: Sandbox;
  let portal: Portal;

  beforeAll(async () => {
    dir.setContent({ 'catalog.yaml': catalog, db: {} });
    sandbox = await startSandbox({ seed: estate });
    portal = await startPortal({
      sandbox,
      catalogFiles: [dir.resolve('catalog.yaml')],
      databaseDir: dir.resolve('db'),
      platformOwner: 'group:default/platform',
      analyzer: trustAnalyzer,
    });
    // Owners are resolved through the catalog: wait until it has the component.
    await eventually(async () => {
      if (!(await portal.entity('component:default/api')))
        throw new Error('component api is not in the catalog yet');
    }, 'the catalog to hold the component');
  });

  afterAll(async () => {
    await portal?.stop();
    await sandbox?.stop();
  });

  it('is labelled with the critical severity and owned by the team of the component using it', async () => {
    await portal.scan();
    await portal.syncEntities();
    const critical = await eventually(async () => {
      const found = await portal.query(
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
});
