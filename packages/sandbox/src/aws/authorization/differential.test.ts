/*
 * Differential test of the sandbox's authorization against the project's
 * evaluator (itself differentially tested against another engine in
 * -common): generated identity policies on a role, real SDK calls as that
 * role, and the evaluator's answer for the action and resource the service
 * authorization reference names. What this checks is the sandbox's side:
 * which action and resource each operation is evaluated as, the context it
 * supplies, and how it gathers a role's policies.
 */
import {
  DescribeClusterCommand,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import {
  CreateRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { evaluateRequest } from '@pod-identity/plugin-eks-pod-identity-common';
import { startSandbox } from '../../sandbox';
import type { PolicyDocument, PolicyStatement, Sandbox } from '../../types';
import { awsClients, MAIN, smallEstate } from '../../__testUtils__/aws';

const CASES = 40;

jest.setTimeout(60_000);
const CLUSTER = `arn:aws:eks:us-east-1:${MAIN}:cluster/prod`;
const ROLE = `arn:aws:iam::${MAIN}:role/orders-api`;

/** The operations probed: the SDK call, and what IAM evaluates it as. */
const PROBES = [
  {
    action: 'eks:ListClusters',
    resource: '*',
    call: (c: ReturnType<typeof awsClients>) =>
      c.eks.send(new ListClustersCommand({})),
  },
  {
    action: 'eks:DescribeCluster',
    resource: CLUSTER,
    call: (c: ReturnType<typeof awsClients>) =>
      c.eks.send(new DescribeClusterCommand({ name: 'prod' })),
  },
  {
    action: 'iam:GetRole',
    resource: ROLE,
    call: (c: ReturnType<typeof awsClients>) =>
      c.iam.send(new GetRoleCommand({ RoleName: 'orders-api' })),
  },
  {
    action: 'iam:ListRoles',
    resource: '*',
    call: (c: ReturnType<typeof awsClients>) =>
      c.iam.send(new ListRolesCommand({})),
  },
];

const ACTIONS = [
  'eks:ListClusters',
  'eks:DescribeCluster',
  'eks:Describe*',
  'eks:*',
  'iam:GetRole',
  'iam:Get*',
  'iam:List*',
  '*',
];
const RESOURCES = [
  '*',
  CLUSTER,
  `arn:aws:eks:*:${MAIN}:cluster/p*`,
  `arn:aws:eks:us-east-1:${MAIN}:cluster/other`,
  ROLE,
  `arn:aws:iam::${MAIN}:role/*`,
  'arn:aws:iam::${aws:PrincipalAccount}:role/orders-*',
];
const CONDITIONS: Array<Record<string, Record<string, string>> | undefined> = [
  undefined,
  { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
  { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
  { StringEquals: { 'aws:PrincipalAccount': MAIN } },
  { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${MAIN}:role/diff-*` } },
];

/** A small deterministic generator, so a failure reproduces. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function generate(random: () => number): PolicyDocument {
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const statements: PolicyStatement[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const condition = pick(CONDITIONS);
    statements.push({
      Effect: random() < 0.8 ? 'Allow' : 'Deny',
      Action: [pick(ACTIONS), pick(ACTIONS)],
      Resource: [pick(RESOURCES)],
      ...(condition && { Condition: condition }),
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

describe('sandbox authorization against the evaluator', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: smallEstate(),
      consistencyDelayMs: 0,
    });
  });
  afterAll(() => sandbox.stop());

  it(`agrees on ${CASES} generated policies × ${PROBES.length} operations`, async () => {
    const random = prng(20261203);
    const admin = awsClients(sandbox);
    const disagreements: string[] = [];
    const outcomes = { allowed: 0, denied: 0 };
    for (let i = 0; i < CASES; i++) {
      const document = generate(random);
      const name = `diff-${i}`;
      const { Role } = await admin.iam.send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${MAIN}:root` },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        }),
      );
      await admin.iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName: 'generated',
          PolicyDocument: JSON.stringify(document),
        }),
      );
      const { Credentials } = await admin.sts.send(
        new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'diff' }),
      );
      const session = awsClients(sandbox, {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      });
      for (const probe of PROBES) {
        const expected = evaluateRequest({
          identityPolicies: [
            { name: 'generated', document: document as never },
          ],
          request: {
            action: probe.action,
            resource: probe.resource,
            context: {
              'aws:RequestedRegion': 'us-east-1',
              'aws:PrincipalAccount': MAIN,
              'aws:PrincipalArn': Role!.Arn!,
            },
          },
        }).decision;
        const allowed = await probe.call(session).then(
          () => true,
          (error: Error) => {
            if (!/^AccessDenied/.test(error.name)) throw error;
            return false;
          },
        );
        outcomes[allowed ? 'allowed' : 'denied']++;
        if (allowed !== (expected === 'allowed')) {
          disagreements.push(
            `${name} ${probe.action}: sandbox ${
              allowed ? 'allowed' : 'denied'
            }, evaluator ${expected}: ${JSON.stringify(document)}`,
          );
        }
      }
    }
    expect(disagreements).toEqual([]);
    // Both answers occur often enough for the agreement to mean something.
    expect(outcomes.allowed).toBeGreaterThan(20);
    expect(outcomes.denied).toBeGreaterThan(20);
  });
});
