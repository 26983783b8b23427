import {
  evaluateRequest,
  PolicyDocument,
  PolicyStatement,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RoleRecord } from '../inventory/types';
import {
  account,
  association,
  BOUNDARY,
  cluster,
  doc,
  healthyEstate,
  NOW,
  OTHER_ACCOUNT,
  policyArn,
  roleArn,
  workloadRole,
} from './__testUtils__/inventory';
import { AccessCalculator } from './access/AccessCalculator';
import { ActionCatalogue } from './catalogue/ActionCatalogue';
import { DefaultInventoryAnalyzer } from './DefaultInventoryAnalyzer';
import { InventoryIndex } from './InventoryIndex';
import type { AnalysisInput } from './types';
import type { AccessSummary } from '@pod-identity/plugin-eks-pod-identity-common';

let catalogue: ActionCatalogue;

beforeAll(async () => {
  catalogue = await ActionCatalogue.load();
}, 60_000);

const analyze = (input: AnalysisInput) =>
  new DefaultInventoryAnalyzer({ catalogue, now: () => NOW }).analyze(input);

const service = (summary: AccessSummary | undefined, name: string) =>
  summary?.services.find(s => s.service === name);

describe('access summary', () => {
  it('counts the effective actions per service and level, with their resources', async () => {
    const e = healthyEstate();
    const analysis = await analyze(e);
    const access = analysis.associationAccess(e.assoc.associationId);
    expect(access).toEqual({
      services: [
        {
          service: 's3',
          levels: {
            List: 1,
            Read: 1,
            Write: 0,
            'Permissions management': 0,
            Tagging: 0,
          },
          wildcardResource: false,
          resources: ['arn:aws:s3:::orders', 'arn:aws:s3:::orders/*'],
        },
      ],
      admin: false,
    });
    expect(analysis.roleAccess(e.role.arn)).toEqual(access);
  });

  it('intersects identity policies with the boundary and the session policy, and removes denied actions', async () => {
    const e = healthyEstate();
    e.role.inlinePolicies[0].document = doc(
      { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::orders/*' },
      { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
    );
    // BOUNDARY allows s3:GetObject and s3:PutObject (of s3), no dynamodb.
    e.assoc.disableSessionTags = true;
    e.assoc.sessionPolicy = doc(
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: '*',
      },
      {
        Effect: 'Deny',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::orders/*',
      },
    );
    const analysis = await analyze(e);
    expect(
      service(analysis.roleAccess(e.role.arn), 's3')?.levels,
    ).toMatchObject({ Read: 1, Write: 1 });
    expect(
      service(analysis.roleAccess(e.role.arn), 'dynamodb'),
    ).toBeUndefined();
    expect(analysis.associationAccess(e.assoc.associationId)?.services).toEqual(
      [
        expect.objectContaining({
          service: 's3',
          levels: expect.objectContaining({ Read: 1, Write: 0 }),
        }),
      ],
    );
  });

  it('counts an action of a composite level in each of its parts', async () => {
    const e = healthyEstate();
    e.role.inlinePolicies[0].document = doc({
      Effect: 'Allow',
      Action: 'iam:PutRolePolicy',
      Resource: '*',
    });
    delete e.role.permissionsBoundaryArn;
    const analysis = await analyze(e);
    expect(catalogue.get('iam:PutRolePolicy')?.levels).toEqual([
      'Permissions management',
      'Write',
    ]);
    expect(service(analysis.roleAccess(e.role.arn), 'iam')).toMatchObject({
      levels: {
        'Permissions management': 1,
        Write: 1,
        Read: 0,
        List: 0,
        Tagging: 0,
      },
      wildcardResource: true,
      resources: ['*'],
    });
  });

  it('counts an action only where a granted resource pattern can name its resource type', async () => {
    const e = healthyEstate();
    e.role.inlinePolicies[0].document = doc({
      Effect: 'Allow',
      Action: 's3:*',
      Resource: 'arn:aws:s3:::orders/*',
    });
    delete e.role.permissionsBoundaryArn;
    const analysis = await analyze(e);
    const s3 = service(analysis.roleAccess(e.role.arn), 's3')!;
    const counted = catalogue
      .expand('s3:*')
      .filter(a => catalogue.appliesTo(a, 'arn:aws:s3:::orders/*'))
      .map(a => a.name);
    expect(counted).toContain('s3:GetObject');
    expect(counted).not.toContain('s3:CreateBucket');
    expect(counted).not.toContain('s3:ListAllMyBuckets');
    expect(
      Object.values(s3.levels).reduce((a: number, b: number) => a + b, 0),
    ).toBeGreaterThanOrEqual(counted.length);
  });

  it('settles principal-tag conditions and variables per association, and leaves them open for the role alone', async () => {
    const role = workloadRole('ci', {
      namespace: 'ci-0042',
      serviceAccount: 'runner',
    });
    role.trustPolicy = doc({
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringLike: { 'aws:RequestTag/kubernetes-namespace': 'ci-*' },
      },
    });
    role.inlinePolicies[0].document = doc(
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource:
          'arn:aws:s3:::cache/${aws:PrincipalTag/kubernetes-namespace}/*',
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: 'arn:aws:sqs:us-east-1:111111111111:builds',
        Condition: {
          StringEquals: { 'aws:PrincipalTag/kubernetes-namespace': 'ci-0042' },
        },
      },
    );
    const a42 = association('ci-0042', 'runner', role.arn);
    const a43 = association('ci-0043', 'runner', role.arn);
    const off = association('ci-0044', 'runner', role.arn, {
      disableSessionTags: true,
    });
    const analysis = await analyze({
      clusters: [cluster([a42, a43, off])],
      accounts: [account([role])],
    });

    expect(
      analysis
        .associationAccess(a42.associationId)!
        .services.map(s => [s.service, s.resources]),
    ).toEqual([
      ['s3', ['arn:aws:s3:::cache/ci-0042/*']],
      ['sqs', ['arn:aws:sqs:us-east-1:111111111111:builds']],
    ]);
    expect(
      analysis
        .associationAccess(a43.associationId)!
        .services.map(s => [s.service, s.resources]),
    ).toEqual([['s3', ['arn:aws:s3:::cache/ci-0043/*']]]);
    // No session tags: the variable has no value and the condition cannot hold.
    expect(
      analysis
        .associationAccess(off.associationId)!
        .services.map(s => s.service),
    ).toEqual(['s3']);
    expect(
      analysis
        .roleAccess(role.arn)!
        .services.map(s => [s.service, s.resources]),
    ).toEqual([
      ['s3', ['arn:aws:s3:::cache/${aws:PrincipalTag/kubernetes-namespace}/*']],
      ['sqs', ['arn:aws:sqs:us-east-1:111111111111:builds']],
    ]);
  });

  it('reports admin only when * on * survives the boundary and the session policy', async () => {
    const admin = {
      ...BOUNDARY,
      arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      name: 'AdministratorAccess',
      document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
    };
    const e = healthyEstate();
    e.role.attachedPolicyArns = [admin.arn];
    delete e.role.permissionsBoundaryArn;
    e.accounts[0].policies.push(admin);
    const bounded = workloadRole('bounded', {
      attachedPolicyArns: [admin.arn],
    });
    const narrowed = association('team-a', 'narrowed', e.role.arn, {
      disableSessionTags: true,
      sessionPolicy: doc({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
      }),
    });
    e.accounts[0].roles.push(bounded);
    e.clusters[0] = cluster([e.assoc, narrowed]);
    const analysis = await analyze(e);
    expect(analysis.roleAccess(e.role.arn)?.admin).toBe(true);
    expect(analysis.roleAccess(e.role.arn)!.services.length).toBeGreaterThan(
      300,
    );
    expect(analysis.associationAccess(e.assoc.associationId)?.admin).toBe(true);
    expect(analysis.associationAccess(narrowed.associationId)).toEqual({
      services: [
        expect.objectContaining({
          service: 's3',
          levels: expect.objectContaining({ Read: 1 }),
        }),
      ],
      admin: false,
    });
    expect(analysis.roleAccess(bounded.arn)?.admin).toBe(false);
  });

  it('gives the target role’s access for a chained association, none for a missing role, and no answer for an unreadable one', async () => {
    const e = healthyEstate();
    const target: RoleRecord = {
      ...workloadRole('reader'),
      arn: roleArn('reader', OTHER_ACCOUNT),
      accountId: OTHER_ACCOUNT,
      permissionsBoundaryArn: undefined,
      inlinePolicies: [
        {
          name: 'table',
          document: doc({
            Effect: 'Allow',
            Action: 'dynamodb:Query',
            Resource: 'arn:aws:dynamodb:eu-west-1:222222222222:table/stock',
          }),
        },
      ],
    };
    e.assoc.targetRoleArn = target.arn;
    const ghost = association('team-a', 'ghost', roleArn('ghost'));
    const foreign = association(
      'team-a',
      'foreign',
      roleArn('x', '333333333333'),
    );
    e.clusters[0] = cluster([e.assoc, ghost, foreign]);
    e.accounts.push(account([target], [], { accountId: OTHER_ACCOUNT }));
    const analysis = await analyze(e);
    expect(
      analysis
        .associationAccess(e.assoc.associationId)
        ?.services.map(s => s.service),
    ).toEqual(['dynamodb']);
    expect(analysis.associationAccess(ghost.associationId)).toEqual({
      services: [],
      admin: false,
    });
    expect(analysis.associationAccess(foreign.associationId)).toBeUndefined();
  });

  it('gives the associations of one role one summary, its usage included, the same as the role’s own', async () => {
    const e = healthyEstate();
    const twin = association('team-a', 'orders-worker', e.role.arn);
    e.clusters[0] = cluster([e.assoc, twin]);
    e.lastAccessed = new Map([
      [
        e.role.arn,
        {
          roleArn: e.role.arn,
          reportedAt: '2026-11-28T08:00:00Z',
          services: [
            { service: 's3', lastAuthenticated: '2026-11-27T10:00:00Z' },
          ],
        },
      ],
    ]);
    const analysis = await analyze(e);
    const access = analysis.associationAccess(e.assoc.associationId);
    expect(service(access, 's3')?.usage).toBeDefined();
    // The read model holds a summary per association: one object, not a copy each.
    expect(analysis.associationAccess(twin.associationId)).toBe(access);
    expect(analysis.roleAccess(e.role.arn)).toBe(access);
  });
});

/*
 * The summary against the evaluation engine: on random policy sets over a
 * few actions and concrete resources, an action is counted exactly when the
 * engine allows it on some resource, and every counted pattern, filled in,
 * is allowed by the engine.
 */
describe('access summary agrees with the evaluation engine', () => {
  const RESOURCES: Record<string, string[]> = {
    's3:GetObject': [
      'arn:aws:s3:::b1/k1',
      'arn:aws:s3:::b1/k2',
      'arn:aws:s3:::b2/k1',
    ],
    's3:PutObject': [
      'arn:aws:s3:::b1/k1',
      'arn:aws:s3:::b1/k2',
      'arn:aws:s3:::b2/k1',
    ],
    'dynamodb:GetItem': [
      'arn:aws:dynamodb:us-east-1:111111111111:table/t1',
      'arn:aws:dynamodb:us-east-1:111111111111:table/t2',
    ],
    'sqs:SendMessage': ['arn:aws:sqs:us-east-1:111111111111:q1'],
  };
  /** A resource of the action's type that no generated pattern names. */
  const FRESH: Record<string, string> = {
    's3:GetObject': 'arn:aws:s3:::fresh/fresh',
    's3:PutObject': 'arn:aws:s3:::fresh/fresh',
    'dynamodb:GetItem': 'arn:aws:dynamodb:us-east-1:111111111111:table/fresh',
    'sqs:SendMessage': 'arn:aws:sqs:us-east-1:111111111111:fresh',
  };
  const ACTIONS = [...Object.keys(RESOURCES), 's3:*', 's3:Get*', '*'];
  /** The generated actions plus a few neighbours, so wildcards expand quickly. */
  const small = () =>
    new ActionCatalogue(
      [
        's3:GetObject',
        's3:PutObject',
        's3:DeleteObject',
        's3:ListBucket',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'sqs:SendMessage',
      ].map(name => catalogue.get(name)!),
    );
  const PATTERNS = [
    '*',
    'arn:aws:s3:::b1/*',
    ...new Set(Object.values(RESOURCES).flat()),
  ];

  function random(seed: number) {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state / 0x80000000;
    };
  }

  function statement(
    rnd: () => number,
    effect: 'Allow' | 'Deny',
  ): PolicyStatement {
    const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
    const actions = [pick(ACTIONS), ...(rnd() < 0.4 ? [pick(ACTIONS)] : [])];
    const resources = [
      pick(PATTERNS),
      ...(rnd() < 0.4 ? [pick(PATTERNS)] : []),
    ];
    return {
      Effect: effect,
      ...(rnd() < 0.15 ? { NotAction: actions } : { Action: actions }),
      ...(effect === 'Deny' && rnd() < 0.15
        ? { NotResource: resources }
        : { Resource: resources }),
    };
  }

  function policy(
    rnd: () => number,
    allows: number,
    denies: number,
  ): PolicyDocument {
    return doc(
      ...Array.from({ length: allows }, () => statement(rnd, 'Allow')),
      ...Array.from({ length: denies }, () => statement(rnd, 'Deny')),
    );
  }

  it('on 300 random policy sets', () => {
    const seed = Number(process.env.ACCESS_SEED ?? 20261128);
    const rnd = random(seed);
    const problems: string[] = [];
    const subset = small();
    for (let n = 0; n < 300; n++) {
      const role = workloadRole(`r${n}`, {
        inlinePolicies: [
          {
            name: 'p',
            document: policy(
              rnd,
              1 + Math.floor(rnd() * 3),
              rnd() < 0.5 ? 1 : 0,
            ),
          },
        ],
        permissionsBoundaryArn: rnd() < 0.6 ? policyArn('b') : undefined,
      });
      const boundary = {
        ...BOUNDARY,
        arn: policyArn('b'),
        name: 'b',
        document: policy(rnd, 1 + Math.floor(rnd() * 2), rnd() < 0.3 ? 1 : 0),
      };
      const sessionPolicy =
        rnd() < 0.4 ? policy(rnd, 1 + Math.floor(rnd() * 2), 0) : undefined;
      const index = new InventoryIndex({
        clusters: [],
        accounts: [account([role], [boundary])],
      });
      const calculator = new AccessCalculator(index, subset);
      const { actions } = calculator.of(role, { kind: 'irsa' }, sessionPolicy);
      const policies = index.policiesOf(role);
      const engine = (action: string, resource: string) =>
        evaluateRequest({
          ...policies,
          ...(sessionPolicy
            ? { sessionPolicy: { document: sessionPolicy } }
            : {}),
          request: { action, resource },
        }).decision;

      for (const [action, resources] of Object.entries(RESOURCES)) {
        const counted =
          [...actions].find(([a]) => a.name === action)?.[1] ?? [];
        const allowedSomewhere = resources.some(
          r => engine(action, r) === 'allowed',
        );
        if (allowedSomewhere && counted.length === 0) {
          problems.push(
            `case ${n}: ${action} allowed by the engine but not counted`,
          );
        }
        for (const pattern of counted) {
          const sample =
            pattern === '*' ? FRESH[action] : pattern.replace(/\*/g, 'fresh');
          if (engine(action, sample) !== 'allowed') {
            problems.push(
              `case ${n}: ${action} counted on ${pattern} but the engine denies ${sample}`,
            );
          }
        }
      }
      if (problems.length > 0) {
        problems.push(
          JSON.stringify({
            seed,
            identity: role.inlinePolicies[0].document,
            boundary: role.permissionsBoundaryArn
              ? boundary.document
              : undefined,
            sessionPolicy,
          }),
        );
        break;
      }
    }
    expect(problems).toEqual([]);
  });
});
