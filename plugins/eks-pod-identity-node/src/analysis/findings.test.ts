import {
  FINDING_CODES,
  FindingCode,
} from '@pod-identity/plugin-eks-pod-identity-common';
import {
  account,
  ACCOUNT,
  association,
  BOUNDARY,
  cluster,
  CLUSTER,
  doc,
  healthyEstate,
  NOW,
  OTHER_ACCOUNT,
  ownedKey,
  policyArn,
  roleArn,
  workloadRole,
} from './__testUtils__/inventory';
import { ActionCatalogue } from './catalogue/ActionCatalogue';
import { DefaultInventoryAnalyzer } from './DefaultInventoryAnalyzer';
import type { AnalysisInput, AnalysisSettings } from './types';

let catalogue: ActionCatalogue;

beforeAll(async () => {
  catalogue = await ActionCatalogue.load();
}, 60_000);

function analyze(input: AnalysisInput, settings?: Partial<AnalysisSettings>) {
  return new DefaultInventoryAnalyzer({
    catalogue,
    now: () => NOW,
    settings,
  }).analyze(input);
}

const ADMIN_POLICY = {
  arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
  name: 'AdministratorAccess',
  path: '/',
  awsManaged: true,
  defaultVersionId: 'v1',
  document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
};

interface Case {
  /** An estate where the code fires, and the subject it fires on. */
  fires: () => { input: AnalysisInput; subject: string };
  /** Words the detail must contain (the exact statement, pod, node or annotation). */
  detail: RegExp[];
  /** A near miss: the same estate, fixed, where the code must not fire. */
  control: () => AnalysisInput;
  /** Words the remediation must contain, when it points somewhere particular. */
  remediation?: RegExp[];
}

/** The healthy estate with its role and association changed. */
function variant(change: (e: ReturnType<typeof healthyEstate>) => void) {
  const estate = healthyEstate();
  change(estate);
  return estate;
}

const CASES: Record<FindingCode, Case> = {
  AGENT_MISSING: {
    fires: () => {
      const e = variant(x => {
        x.clusters[0].agent = { installed: false, daemonSetPresent: false };
      });
      return { input: e, subject: CLUSTER };
    },
    detail: [/not installed/, /kube-system\/eks-pod-identity-agent DaemonSet/],
    remediation: [
      /"Install the EKS Pod Identity agent" \(\/create\/templates\/default\/eks-pod-identity-install-agent\)/,
    ],
    control: () =>
      variant(x => {
        x.clusters[0].agent = { installed: false, daemonSetPresent: false };
        x.clusters[0].cluster.autoMode = true;
      }),
  },
  TRUST_MISSING_PRINCIPAL: {
    fires: () => {
      const e = variant(x => {
        x.role.trustPolicy = doc({
          Effect: 'Allow',
          Principal: {
            Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC`,
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
        });
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [
      /no statement allowing pods\.eks\.amazonaws\.com/,
      /Federated arn:aws:iam::111111111111:oidc-provider/,
    ],
    control: () => healthyEstate(),
  },
  TRUST_MISSING_TAG_SESSION: {
    fires: () => {
      const e = variant(x => {
        x.role.trustPolicy = doc({
          Sid: 'AssumeOnly',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'team-a' },
          },
        });
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [
      /^Trust statement "AssumeOnly" \(#1\)/,
      /no statement allows sts:TagSession/,
    ],
    // The same trust is fine for an association with session tags disabled.
    control: () =>
      variant(x => {
        x.assoc.disableSessionTags = true;
        x.role.trustPolicy = doc({
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: {
              'aws:SourceArn': `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/${CLUSTER}`,
            },
          },
        });
      }),
  },
  ROLE_NOT_FOUND: {
    fires: () => {
      const e = variant(x => {
        x.accounts[0].roles = [];
      });
      return { input: e, subject: e.assoc.associationId };
    },
    detail: [
      /names the role arn:aws:iam::111111111111:role\/orders, which does not exist/,
    ],
    // An account the backend cannot read says nothing about its roles.
    control: () =>
      variant(x => {
        x.accounts[0] = { ...x.accounts[0], roles: [], complete: false };
      }),
  },
  POLICY_ADMIN: {
    fires: () => {
      const e = variant(x => {
        x.role.attachedPolicyArns = [ADMIN_POLICY.arn];
        delete x.role.permissionsBoundaryArn;
        x.accounts[0].policies.push(ADMIN_POLICY);
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [
      /statement #1 of managed policy arn:aws:iam::aws:policy\/AdministratorAccess/,
      /no permissions boundary/,
    ],
    // A boundary that does not grant everything keeps the role from being an administrator.
    control: () =>
      variant(x => {
        x.role.attachedPolicyArns = [ADMIN_POLICY.arn];
        x.accounts[0].policies.push(ADMIN_POLICY);
      }),
  },
  POLICY_PRIVILEGE_ESCALATION: {
    fires: () => {
      const e = variant(x => {
        delete x.role.permissionsBoundaryArn;
        x.role.inlinePolicies.push({
          name: 'deploy',
          document: doc({
            Sid: 'Roles',
            Effect: 'Allow',
            Action: ['iam:PassRole', 'ec2:RunInstances'],
            Resource: '*',
          }),
        });
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [
      /CreateEC2WithExistingIP \(iam:PassRole on \* \+ ec2:RunInstances/,
      /statement "Roles" of inline policy "deploy"/,
    ],
    // The boundary denies iam:*.
    control: () =>
      variant(x => {
        x.role.inlinePolicies.push({
          name: 'deploy',
          document: doc({
            Effect: 'Allow',
            Action: ['iam:PassRole', 'ec2:RunInstances'],
            Resource: '*',
          }),
        });
      }),
  },
  POLICY_LATERAL_MOVEMENT: {
    fires: () => {
      const e = variant(x => {
        x.role.inlinePolicies.push({
          name: 'hop',
          document: doc({
            Sid: 'AnyRole',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: '*',
          }),
        });
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [
      /AssumeAnyRole \(sts:AssumeRole on \*/,
      /statement "AnyRole" of inline policy "hop"/,
    ],
    // Assuming one named role is how a cross-account chain works.
    control: () =>
      variant(x => {
        x.role.inlinePolicies.push({
          name: 'hop',
          document: doc({
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: `arn:aws:iam::${OTHER_ACCOUNT}:role/inventory-reader`,
          }),
        });
      }),
  },
  PODS_PREDATE_ASSOCIATION: {
    fires: () => {
      const e = variant(x => {
        x.assoc.createdAt = '2026-11-25T00:00:00Z';
        x.assoc.modifiedAt = '2026-11-25T00:00:00Z';
      });
      return { input: e, subject: e.assoc.associationId };
    },
    detail: [
      /orders-7d9f-abcde \(started 2026-11-20T00:00:00Z\)/,
      /2026-11-25T00:00:00Z/,
    ],
    // A later change of the association does not need new pods.
    control: () =>
      variant(x => {
        x.assoc.modifiedAt = '2026-11-25T00:00:00Z';
      }),
  },
  UNSUPPORTED_COMPUTE: {
    fires: () => {
      const e = variant(x => {
        x.clusters[0].nodes = [
          {
            name: 'fargate-ip-10-0-9-9.ec2.internal',
            computeType: 'fargate',
            os: 'linux',
            labels: {},
          },
        ];
        x.clusters[0].pods[0].nodeName = 'fargate-ip-10-0-9-9.ec2.internal';
      });
      return { input: e, subject: e.assoc.associationId };
    },
    detail: [
      /orders-7d9f-abcde on Fargate node fargate-ip-10-0-9-9\.ec2\.internal/,
    ],
    control: () =>
      variant(x => {
        // Finished pods do not run anywhere any more.
        x.clusters[0].nodes.push({
          name: 'win-1',
          computeType: 'ec2',
          os: 'windows',
          labels: {},
        });
        x.clusters[0].pods.push({
          ...x.clusters[0].pods[0],
          name: 'old',
          nodeName: 'win-1',
          phase: 'Succeeded',
        });
      }),
  },
  POLICY_WILDCARD_ACTION: {
    fires: () => {
      const e = variant(x => {
        x.role.inlinePolicies[0].document = doc({
          Sid: 'Ledger',
          Effect: 'Allow',
          Action: 'dynamodb:*',
          Resource: 'arn:aws:dynamodb:us-east-1:111111111111:table/ledger',
        });
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [/statement "Ledger" of inline policy "data" \("dynamodb:\*"\)/],
    control: () =>
      variant(x => {
        x.role.inlinePolicies[0].document = doc({
          Effect: 'Allow',
          Action: 'dynamodb:Get*',
          Resource: 'arn:aws:dynamodb:us-east-1:111111111111:table/ledger',
        });
      }),
  },
  SESSION_POLICY_WITH_TAGS: {
    fires: () => {
      const e = variant(x => {
        x.assoc.sessionPolicy = doc({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
        });
      });
      return { input: e, subject: e.assoc.associationId };
    },
    detail: [/session policy while session tags are enabled/],
    control: () =>
      variant(x => {
        x.assoc.sessionPolicy = doc({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
        });
        x.assoc.disableSessionTags = true;
        // Session tags off: scope the trust by source account instead.
        x.role.trustPolicy = doc({
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: {
              'aws:SourceArn': `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/${CLUSTER}`,
            },
          },
        });
      }),
  },
  TARGET_ROLE_CHAIN_BROKEN: {
    fires: () => {
      const e = chainEstate(['sts:AssumeRole']);
      return { input: e, subject: e.clusters[0].associations[0].associationId };
    },
    detail: [/sts:TagSession/, /arn:aws:iam::222222222222:role\/reader/],
    control: () => chainEstate(['sts:AssumeRole', 'sts:TagSession']),
  },
  SERVICE_ACCOUNT_MISSING: {
    fires: () => {
      const e = variant(x => {
        x.clusters[0].serviceAccounts = [];
      });
      return { input: e, subject: e.assoc.associationId };
    },
    detail: [
      /service account orders, which does not exist in namespace team-a/,
    ],
    // Kubernetes not readable: absence proves nothing.
    control: () =>
      variant(x => {
        x.clusters[0] = {
          ...x.clusters[0],
          serviceAccounts: [],
          namespaces: [],
          pods: [],
          kubernetesError: 'timeout',
        };
      }),
  },
  ROLE_SHARED: {
    fires: () => {
      const e = variant(x => {
        const second = association('team-b', 'orders', x.role.arn);
        x.clusters[0] = cluster([x.assoc, second]);
        x.role.trustPolicy = doc({
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:RequestTag/eks-cluster-arn': x.clusters[0].cluster.arn!,
            },
          },
        });
        x.ownedServiceAccounts = new Set([ownedKey(x.assoc), ownedKey(second)]);
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [/prod:team-a\/orders, prod:team-b\/orders/],
    // ABAC on the namespace session tag keeps them apart.
    control: () => {
      const e = CASES.ROLE_SHARED.fires().input as ReturnType<
        typeof healthyEstate
      >;
      e.accounts[0].roles[0].inlinePolicies[0].document = doc({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource:
          'arn:aws:s3:::orders/${aws:PrincipalTag/kubernetes-namespace}/*',
      });
      return e;
    },
  },
  POLICY_WILDCARD_RESOURCE_WRITE: {
    fires: () => {
      const e = variant(x => {
        x.role.inlinePolicies.push({
          name: 'uploads',
          document: doc({
            Sid: 'Upload',
            Effect: 'Allow',
            Action: 's3:PutObject',
            Resource: '*',
          }),
        });
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [/s3:PutObject/, /statement "Upload" of inline policy "uploads"/],
    // Reads on * are not writes.
    control: () =>
      variant(x => {
        x.role.inlinePolicies.push({
          name: 'reads',
          document: doc({
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: '*',
          }),
        });
      }),
  },
  QUOTA_NEAR_LIMIT: {
    fires: () => {
      const e = variant(x => {
        const many = Array.from({ length: 3999 }, (_, i) =>
          association(`ns-${i}`, 'orders', x.role.arn, {
            createdAt: '2026-10-01T00:00:00Z',
          }),
        );
        x.clusters[0] = { ...x.clusters[0], associations: [x.assoc, ...many] };
      });
      return { input: e, subject: CLUSTER };
    },
    detail: [/4000 of 5000/],
    control: () =>
      variant(x => {
        const many = Array.from({ length: 3998 }, (_, i) =>
          association(`ns-${i}`, 'orders', x.role.arn),
        );
        x.clusters[0] = { ...x.clusters[0], associations: [x.assoc, ...many] };
      }),
  },
  IRSA_LEFTOVER: {
    fires: () => {
      const e = variant(x => {
        x.clusters[0].serviceAccounts[0].irsaRoleArn = roleArn('orders-irsa');
      });
      return { input: e, subject: `${CLUSTER}:team-a/orders` };
    },
    detail: [
      /eks\.amazonaws\.com\/role-arn: arn:aws:iam::111111111111:role\/orders-irsa/,
    ],
    control: () => healthyEstate(),
  },
  TRUST_UNSCOPED: {
    fires: () => {
      const e = variant(x => {
        x.role.trustPolicy = doc({
          Sid: 'Pods',
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        });
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [
      /^Trust statement "Pods" \(#1\)/,
      /testing only aws:SourceAccount/,
    ],
    // Scoped to the namespace alone is scoped.
    control: () =>
      variant(x => {
        x.role.trustPolicy = doc({
          Effect: 'Allow',
          Principal: { Service: 'pods.eks.amazonaws.com' },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringLike: { 'aws:RequestTag/kubernetes-namespace': 'team-*' },
          },
        });
      }),
  },
  NO_PERMISSIONS_BOUNDARY: {
    fires: () => {
      const e = variant(x => {
        delete x.role.permissionsBoundaryArn;
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [
      /arn:aws:iam::111111111111:role\/orders has no permissions boundary/,
    ],
    control: () => healthyEstate(),
  },
  UNOWNED_ASSOCIATION: {
    fires: () => {
      const e = variant(x => {
        x.ownedServiceAccounts = new Set();
      });
      return { input: e, subject: e.assoc.associationId };
    },
    detail: [/No catalog entity maps to prod:team-a\/orders/],
    // Without catalog data nothing is claimed.
    control: () =>
      variant(x => {
        delete x.ownedServiceAccounts;
      }),
  },
  MAPPING_CONTESTED: {
    fires: () => {
      const e = variant(x => {
        x.contestedClaims = [
          {
            cluster: CLUSTER,
            namespace: 'team-a',
            serviceAccount: 'orders',
            entityRef: 'component:default/intruder',
            corroboratedBy: ['component:default/orders'],
          },
        ];
      });
      return { input: e, subject: 'prod:team-a/orders' };
    },
    detail: [
      /component:default\/intruder claims team-a\/orders on prod/,
      /component:default\/orders has an equal or better claim/,
    ],
    control: () =>
      variant(x => {
        x.contestedClaims = [];
      }),
  },
  IRSA_ONLY: {
    fires: () => {
      const e = variant(x => {
        x.clusters[0].serviceAccounts.push({
          namespace: 'team-a',
          name: 'legacy',
          labels: {},
          annotations: { 'eks.amazonaws.com/role-arn': roleArn('legacy') },
          irsaRoleArn: roleArn('legacy'),
        });
      });
      return { input: e, subject: `${CLUSTER}:team-a/legacy` };
    },
    detail: [
      /eks\.amazonaws\.com\/role-arn: arn:aws:iam::111111111111:role\/legacy/,
    ],
    control: () => healthyEstate(),
  },
  ROLE_UNUSED: {
    fires: () => {
      const e = variant(x => {
        x.role.lastUsed = '2026-08-01T00:00:00Z';
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [/last used 2026-08-01T00:00:00Z, more than 90 days ago/],
    control: () =>
      variant(x => {
        x.role.lastUsed = '2026-09-01T00:00:00Z';
      }),
  },
  PERMISSIONS_UNUSED: {
    fires: () => {
      const e = variant(x => {
        x.role.inlinePolicies[0].document = doc(
          {
            Sid: 'ReadOrders',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:ListBucket'],
            Resource: ['arn:aws:s3:::orders', 'arn:aws:s3:::orders/*'],
          },
          { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
        );
        x.lastAccessed = new Map([
          [
            x.role.arn,
            {
              roleArn: x.role.arn,
              reportedAt: '2026-11-28T08:00:00Z',
              services: [
                { service: 's3', lastAuthenticated: '2026-11-27T10:00:00Z' },
                { service: 'sqs', lastAuthenticated: '2026-06-01T00:00:00Z' },
              ],
            },
          ],
        ]);
      });
      return { input: e, subject: e.role.arn };
    },
    detail: [
      /not used services sqs \(of s3, sqs granted\) in the last 90 days/,
      /inline policy data statement #1: sqs:SendMessage/,
    ],
    remediation: [/eks-pod-identity-right-size/],
    control: () =>
      variant(x => {
        x.lastAccessed = new Map([
          [
            x.role.arn,
            {
              roleArn: x.role.arn,
              reportedAt: '2026-11-28T08:00:00Z',
              services: [
                { service: 's3', lastAuthenticated: '2026-11-27T10:00:00Z' },
              ],
            },
          ],
        ]);
      }),
  },
  ADDON_OWNED: {
    fires: () => {
      const e = variant(x => {
        x.assoc.ownerArn = `arn:aws:eks:us-east-1:${ACCOUNT}:addon/${CLUSTER}/aws-ebs-csi-driver/1234`;
      });
      return { input: e, subject: e.assoc.associationId };
    },
    detail: [/the aws-ebs-csi-driver add-on/],
    control: () => healthyEstate(),
  },
};

/** orders chains to a reader role in another account, allowed `actions` on it. */
function chainEstate(actions: string[]) {
  const e = healthyEstate();
  const target = workloadRole('reader', { accountId: OTHER_ACCOUNT });
  target.arn = roleArn('reader', OTHER_ACCOUNT);
  target.trustPolicy = doc({
    Effect: 'Allow',
    Principal: { AWS: e.role.arn },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
  });
  target.permissionsBoundaryArn = policyArn('workload-boundary', OTHER_ACCOUNT);
  e.role.inlinePolicies.push({
    name: 'chain',
    document: doc({ Effect: 'Allow', Action: actions, Resource: target.arn }),
  });
  e.assoc.targetRoleArn = target.arn;
  e.accounts.push(
    account(
      [target],
      [{ ...BOUNDARY, arn: policyArn('workload-boundary', OTHER_ACCOUNT) }],
      {
        accountId: OTHER_ACCOUNT,
      },
    ),
  );
  return e;
}

// QUOTA_NEAR_LIMIT's cases hold 4,000 associations: a fraction of a second
// alone, over Jest's default 5 s on a 2-core machine running other lanes.
jest.setTimeout(30_000);

describe('findings', () => {
  it('reports nothing on the healthy estate', async () => {
    const analysis = await analyze(healthyEstate());
    expect(analysis.findings).toEqual([]);
  });

  it('has a case for every finding code', () => {
    expect(Object.keys(CASES).sort()).toEqual([...FINDING_CODES].sort());
  });

  describe.each(FINDING_CODES.map(code => [code]))('%s', code => {
    it('fires on its instance, with severity, title, detail and remediation', async () => {
      const { input, subject } = CASES[code].fires();
      const analysis = await analyze(input);
      const found = analysis.findings.filter(f => f.code === code);
      expect(found.map(f => f.subject.id)).toEqual([subject]);
      const [f] = found;
      for (const pattern of CASES[code].detail)
        expect(f.detail).toMatch(pattern);
      expect(f.remediation.length).toBeGreaterThan(40);
      for (const pattern of CASES[code].remediation ?? [])
        expect(f.remediation).toMatch(pattern);
      expect(f.title.length).toBeGreaterThan(10);
    });

    it('stays quiet on its near miss', async () => {
      const analysis = await analyze(CASES[code].control());
      expect(analysis.findings.map(f => f.code)).not.toContain(code);
    });
  });
});

describe('settings', () => {
  it('takes the unused-role age, quota share and boundary policy from settings', async () => {
    const e = variant(x => {
      x.role.lastUsed = '2026-11-01T00:00:00Z';
      delete x.role.permissionsBoundaryArn;
    });
    const strict = await analyze(e, {
      unusedRoleDays: 14,
      permissionsBoundary: 'required',
      quotaWarningRatio: 0.0002,
    });
    expect(strict.findings.map(f => [f.code, f.severity])).toEqual(
      expect.arrayContaining([
        ['ROLE_UNUSED', 'info'],
        ['NO_PERMISSIONS_BOUNDARY', 'high'],
        ['QUOTA_NEAR_LIMIT', 'medium'],
      ]),
    );
    const relaxed = await analyze(e, { permissionsBoundary: 'off' });
    expect(relaxed.findings.map(f => f.code)).toEqual([]);
  });

  it('raises TRUST_UNSCOPED to high when the installation requires scoped trust', async () => {
    const e = variant(x => {
      x.role.trustPolicy = doc({
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
      });
    });
    const unscoped = (settings?: Partial<AnalysisSettings>) =>
      analyze(e, settings).then(a =>
        a.findings
          .filter(f => f.code === 'TRUST_UNSCOPED')
          .map(f => [f.severity, /requires scoped trust/.test(f.detail)]),
      );
    expect(await unscoped()).toEqual([['low', false]]);
    expect(await unscoped({ scopedTrust: 'required' })).toEqual([
      ['high', true],
    ]);
  });
});
