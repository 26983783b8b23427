/*
 * The shipped writer and IRSA-migration policies are minimal: removing any
 * one of their Allow actions from backstage-reader makes a named action fail
 * with the sentence that names the permission and the file, and leaves
 * nothing half-created. (Sufficiency is every other test of this package:
 * they all run as backstage-reader under exactly these files.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  AwsClientFactory,
  DefaultIamGateway,
} from '@pod-identity/plugin-eks-pod-identity-node';
import {
  READER_ROLE_NAME,
  sandboxAwsConfig,
  SHIPPED_POLICY_NAMES,
} from '@pod-identity/sandbox';
import { PROD, PROD_CLUSTER } from './__testUtils__/estate';
import { Harness, runAction, startHarness } from './__testUtils__/harness';
import { createAgentInstallAction } from './actions/agentInstall';
import { createAssociationDeleteAction } from './actions/associationDelete';
import { createIrsaMigrateAction } from './actions/irsaMigrate';
import { createSetupAction } from './actions/setup';

jest.setTimeout(120_000);

type Statement = { Effect: string; Action: string | string[] };
type Policy = { Version: string; Statement: Statement[] };
const FILES = {
  writer: 'policies/writer-policy.json',
  irsaMigration: 'policies/irsa-migration-policy.json',
} as const;
const read = (file: string): Policy =>
  JSON.parse(readFileSync(resolve(__dirname, '..', file), 'utf8'));

const cluster = { accountId: PROD, region: 'us-east-1', name: PROD_CLUSTER };
const setupInput = {
  cluster: PROD_CLUSTER,
  namespace: 'team-returns',
  serviceAccount: 'returns-worker',
  createNamespace: true,
  permissions: [{ preset: 'sqs-consume', resource: 'returns-events' }],
  managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
  tags: { owner: 'team-orders' },
  entityRef: 'component:default/returns-worker',
};
const roleName = 'bs-team-returns-returns-worker';
const target = {
  cluster: PROD_CLUSTER,
  namespace: 'team-returns',
  serviceAccount: 'returns-worker',
  entityRef: 'component:default/returns-worker',
};

/** Which action needs a permission, and how to run it. */
const SCENARIOS: Record<string, 'setup' | 'delete' | 'migrate' | 'agent'> = {
  'iam:CreateRole': 'setup',
  'iam:TagRole': 'setup',
  'iam:PutRolePolicy': 'setup',
  'iam:AttachRolePolicy': 'setup',
  'iam:PassRole': 'setup',
  'eks:CreatePodIdentityAssociation': 'setup',
  'iam:DeleteRolePolicy': 'delete',
  'iam:DetachRolePolicy': 'delete',
  'iam:DeleteRole': 'delete',
  'eks:DeletePodIdentityAssociation': 'delete',
  'eks:CreateAddon': 'agent',
  'eks:DescribeAddonVersions': 'agent',
  'eks:DeleteAddon': 'agent',
};
const MIGRATION_SCENARIOS: Record<string, 'migrate'> = {
  'iam:UpdateAssumeRolePolicy': 'migrate',
  'iam:PassRole': 'migrate',
};

const allowedActions = (policy: Policy) =>
  policy.Statement.filter(s => s.Effect === 'Allow').flatMap(s =>
    [s.Action].flat(),
  );

function without(policy: Policy, action: string): Policy {
  return {
    ...policy,
    Statement: policy.Statement.map(s => ({
      ...s,
      Action: [s.Action]
        .flat()
        .filter(a => s.Effect !== 'Allow' || a !== action),
    })).filter(s => s.Action.length > 0),
  };
}

describe('the shipped writer policies', () => {
  let harness: Harness;

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.stop());

  /** Changes backstage-reader's policy as the account's administrator would. */
  async function replace(name: string, policy: Policy) {
    const clients = AwsClientFactory.fromConfig(
      new ConfigReader({
        aws: sandboxAwsConfig(harness.sandbox, undefined, {
          administrator: true,
        }),
        eksPodIdentity: { endpoints: harness.sandbox.endpoints },
      }),
    );
    try {
      await new DefaultIamGateway(clients).putRolePolicy(
        PROD,
        READER_ROLE_NAME,
        name,
        policy as never,
      );
    } finally {
      await clients.destroy();
    }
  }

  const refusal = (action: string, file: string) =>
    `${READER_ROLE_NAME} in ${PROD} lacks ${action} (add it from plugins/scaffolder-backend-module-eks-pod-identity/${file})`;

  it('names every Allow action in a scenario', () => {
    expect(allowedActions(read(FILES.writer)).sort()).toEqual(
      Object.keys(SCENARIOS).sort(),
    );
    expect(allowedActions(read(FILES.irsaMigration)).sort()).toEqual(
      Object.keys(MIGRATION_SCENARIOS).sort(),
    );
  });

  const scenarios = (kind: string) =>
    Object.entries(SCENARIOS)
      .filter(([, scenario]) => scenario === kind)
      .map(([action]) => action);

  it.each(scenarios('setup'))(
    'without %s, setup fails naming it, and leaves nothing half-made',
    async action => {
      await replace(
        SHIPPED_POLICY_NAMES.writer,
        without(read(FILES.writer), action),
      );
      // The optional IRSA-migration policy passes roles too; without it, the writer's PassRole is needed.
      await replace(
        SHIPPED_POLICY_NAMES.irsaMigration,
        without(read(FILES.irsaMigration), action),
      );
      await expect(
        runAction(createSetupAction(harness.deps), setupInput),
      ).rejects.toThrow(refusal(action, FILES.writer));
      expect(await harness.deps.iam.readRole(PROD, roleName)).toBeUndefined();
      expect(
        await harness.deps.eks.listAssociations(cluster, {
          namespace: 'team-returns',
          serviceAccount: 'returns-worker',
        }),
      ).toEqual([]);
    },
  );

  it.each(scenarios('delete'))(
    'without %s, association:delete with deleteRole fails naming it',
    async action => {
      await runAction(createSetupAction(harness.deps), setupInput);
      await replace(
        SHIPPED_POLICY_NAMES.writer,
        without(read(FILES.writer), action),
      );
      await expect(
        runAction(createAssociationDeleteAction(harness.deps), {
          ...target,
          deleteRole: true,
        }),
      ).rejects.toThrow(refusal(action, FILES.writer));
    },
  );

  it.each(scenarios('agent'))(
    'without %s, agent:install fails naming it, and leaves no add-on',
    async action => {
      // prod-use1 without its agent: the installation has something to do.
      await harness.deps.eks.deleteAddon(cluster, 'eks-pod-identity-agent');
      await replace(
        SHIPPED_POLICY_NAMES.writer,
        without(read(FILES.writer), action),
      );
      const install = createAgentInstallAction(harness.deps, {
        pollIntervalMs: 50,
        // DeleteAddon only undoes: an installation that does not get ACTIVE in time.
        waitTimeoutMs: action === 'eks:DeleteAddon' ? 100 : undefined,
      });
      await expect(
        runAction(install, {
          cluster: PROD_CLUSTER,
          ...(action === 'eks:DescribeAddonVersions'
            ? { version: 'v1.3.8-eksbuild.1' }
            : {}),
        }),
      ).rejects.toThrow(refusal(action, FILES.writer));
      // Without DeleteAddon the add-on that did not get ACTIVE is left (and the error says so); otherwise none was made.
      const left = await harness.deps.eks.describeAddon(
        cluster,
        'eks-pod-identity-agent',
      );
      expect(Boolean(left)).toBe(action === 'eks:DeleteAddon');
    },
  );

  it.each(Object.keys(MIGRATION_SCENARIOS))(
    'without %s in the IRSA-migration policy, irsa:migrate fails naming it',
    async action => {
      await replace(
        SHIPPED_POLICY_NAMES.irsaMigration,
        without(read(FILES.irsaMigration), action),
      );
      await expect(
        runAction(createIrsaMigrateAction(harness.deps), {
          cluster: PROD_CLUSTER,
          namespace: 'team-payments',
          serviceAccount: 'payments-api',
          tags: { owner: 'team-payments' },
          entityRef: 'component:default/payments-api',
        }),
      ).rejects.toThrow(refusal(action, FILES.irsaMigration));
    },
  );
});
