import type {
  Association,
  ClusterStatus,
  Finding,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { buildEntities, BuildEntitiesInput } from './buildEntities';

const cluster = (name: string): ClusterStatus => ({
  name,
  accountId: '111111111111',
  region: 'us-east-1',
  status: 'ok',
  agent: { installed: true },
  associationCount: 1,
  lastScanAt: '2026-11-28T00:00:00.000Z',
});

let n = 0;
const association = (extra: Partial<Association>): Association => ({
  id: `a-${++n}`,
  arn: `arn:aws:eks:us-east-1:111111111111:podidentityassociation/alpha/a-${n}`,
  cluster: 'alpha',
  namespace: 'team',
  serviceAccount: `sa-${n}`,
  roleArn: 'arn:aws:iam::111111111111:role/app',
  disableSessionTags: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  modifiedAt: '2026-01-01T00:00:00.000Z',
  tags: {},
  mappedEntityRefs: [],
  findings: [],
  ...extra,
});

const finding = (
  severity: Finding['severity'],
  subject: Finding['subject'],
): Finding => ({
  code: 'TRUST_UNSCOPED',
  severity,
  title: 't',
  detail: 'd',
  remediation: 'r',
  subject,
});

function build(input: Partial<BuildEntitiesInput>) {
  return buildEntities({
    clusters: [cluster('alpha')],
    associations: [],
    ownerOfEntity: new Map(),
    existingClusters: new Map(),
    platformOwner: 'group:default/platform',
    ...input,
  });
}
const byName = (entities: ReturnType<typeof build>, name: string) =>
  entities.find(e => e.metadata.name === name)!;

describe('buildEntities', () => {
  const owners = new Map([
    ['component:default/a', 'group:default/team-a'],
    ['component:default/b', 'group:default/team-b'],
    ['component:default/a2', 'group:default/Team-A'],
  ]);

  it('gives a role the owner its components share, else the platform group', () => {
    const entities = build({
      ownerOfEntity: owners,
      associations: [
        association({
          roleArn: 'arn:aws:iam::111111111111:role/one',
          mappedEntityRefs: ['component:default/a'],
        }),
        association({
          roleArn: 'arn:aws:iam::111111111111:role/one',
          mappedEntityRefs: ['component:default/a2'],
        }),
        association({
          roleArn: 'arn:aws:iam::111111111111:role/two',
          mappedEntityRefs: ['component:default/a', 'component:default/b'],
        }),
        association({ roleArn: 'arn:aws:iam::111111111111:role/none' }),
      ],
    });
    expect(byName(entities, 'one-111111111111').spec).toMatchObject({
      owner: 'group:default/team-a',
      dependencyOf: ['component:default/a', 'component:default/a2'],
    });
    expect(byName(entities, 'two-111111111111').spec?.owner).toBe(
      'group:default/platform',
    );
    expect(byName(entities, 'none-111111111111').spec).toMatchObject({
      owner: 'group:default/platform',
      dependencyOf: [],
    });
  });

  it('leaves out entities that are no longer in the catalog', () => {
    const entities = build({
      ownerOfEntity: owners,
      associations: [
        association({
          mappedEntityRefs: [
            'component:default/a',
            'component:default/deleted',
          ],
        }),
      ],
    });
    expect(byName(entities, 'app-111111111111').spec).toMatchObject({
      owner: 'group:default/team-a',
      dependencyOf: ['component:default/a'],
    });
  });

  it('labels a role with the worst finding about it or its associations, not about clusters or service accounts', () => {
    const a = association({
      roleArn: 'arn:aws:iam::111111111111:role/app',
      findings: [],
    });
    a.findings = [
      finding('critical', { type: 'cluster', id: 'alpha' }),
      finding('critical', {
        type: 'serviceAccount',
        id: `alpha:team/${a.serviceAccount}`,
      }),
      finding('medium', { type: 'association', id: a.id }),
      finding('low', {
        type: 'role',
        id: 'arn:aws:iam::111111111111:role/app',
      }),
    ];
    const clean = association({
      roleArn: 'arn:aws:iam::111111111111:role/clean',
    });
    const entities = build({ associations: [a, clean] });
    const label = (name: string) =>
      byName(entities, name).metadata.labels?.[
        'eks-pod-identity/worst-severity'
      ];
    expect(label('app-111111111111')).toBe('medium');
    expect(label('clean-111111111111')).toBe('none');
    expect(label('alpha')).toBe('critical');
  });

  it('points a role at its target role and at the clusters, existing cluster entities first', () => {
    const entities = build({
      clusters: [cluster('alpha'), cluster('beta')],
      existingClusters: new Map([
        [
          'arn:aws:eks:us-east-1:111111111111:cluster/beta',
          'resource:infra/beta-cluster',
        ],
      ]),
      associations: [
        association({
          cluster: 'alpha',
          targetRoleArn: 'arn:aws:iam::333333333333:role/reader',
        }),
        association({ cluster: 'beta' }),
      ],
    });
    expect(byName(entities, 'app-111111111111').spec?.dependsOn).toEqual([
      'resource:default/alpha',
      'resource:infra/beta-cluster',
      'resource:default/reader-333333333333',
    ]);
    expect(byName(entities, 'reader-333333333333').spec?.dependsOn).toEqual([
      'resource:default/alpha',
    ]);
    expect(entities.map(e => e.metadata.name)).toEqual([
      'alpha',
      'app-111111111111',
      'reader-333333333333',
    ]);
  });
});
