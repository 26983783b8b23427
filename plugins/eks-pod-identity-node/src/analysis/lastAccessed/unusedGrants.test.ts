import { FINDING_CATALOGUE } from '@pod-identity/plugin-eks-pod-identity-common';
import type { RoleLastAccessedRecord } from '../../inventory/types';
import { doc, healthyEstate, NOW } from '../__testUtils__/inventory';
import { ActionCatalogue } from '../catalogue/ActionCatalogue';
import { DefaultInventoryAnalyzer } from '../DefaultInventoryAnalyzer';
import { narrowPolicy, unusedGrants } from './unusedGrants';

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

const POLICY = {
  name: 'app',
  document: doc(
    {
      Sid: 'Objects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutBucketPolicy'],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'dynamodb:Query'],
      Resource: '*',
    },
    { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' },
  ),
};

function record(
  services: RoleLastAccessedRecord['services'],
): RoleLastAccessedRecord {
  return {
    roleArn: 'arn:aws:iam::111111111111:role/app',
    reportedAt: NOW.toISOString(),
    services,
  };
}

const REPORT = record([
  { service: 'dynamodb', lastAuthenticated: daysAgo(120) },
  {
    service: 's3',
    lastAuthenticated: daysAgo(1),
    trackedActions: [{ action: 'PutBucketPolicy', lastAccessed: daysAgo(200) }],
  },
  { service: 'sqs', lastAuthenticated: daysAgo(3) },
]);

describe('unusedGrants', () => {
  it('names the statements and the Action entries unused in the window, by service or tracked action', () => {
    const grants = unusedGrants([POLICY], REPORT, NOW, 90);
    expect(grants.unusedServices).toEqual(['dynamodb']);
    expect(grants.usedServices).toEqual(['s3', 'sqs']);
    expect(grants.statements).toEqual([
      {
        policyName: 'app',
        sid: 'Objects',
        index: 0,
        // s3:GetObject is not tracked: a used service keeps it.
        unusedActions: ['s3:PutBucketPolicy'],
        keptActions: ['s3:GetObject'],
      },
      {
        policyName: 'app',
        index: 1,
        unusedActions: ['dynamodb:Query'],
        keptActions: ['sqs:SendMessage'],
      },
      {
        policyName: 'app',
        index: 2,
        unusedActions: ['dynamodb:GetItem'],
        keptActions: [],
      },
    ]);
  });

  it('a longer window counts older use as use', () => {
    const grants = unusedGrants([POLICY], REPORT, NOW, 365);
    expect(grants.unusedServices).toEqual([]);
    expect(grants.statements).toEqual([]);
  });

  it('narrowPolicy drops the unused entries and the statements left empty', () => {
    const grants = unusedGrants([POLICY], REPORT, NOW, 90);
    expect(narrowPolicy(POLICY.document, grants.statements)).toEqual(
      doc(
        {
          Sid: 'Objects',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
        },
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' },
      ),
    );
    expect(
      narrowPolicy(
        doc({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }),
        [
          {
            policyName: 'x',
            index: 0,
            unusedActions: ['dynamodb:GetItem'],
            keptActions: [],
          },
        ],
      ),
    ).toBeUndefined();
  });
});

describe('PERMISSIONS_UNUSED and used / granted', () => {
  let catalogue: ActionCatalogue;
  beforeAll(async () => {
    catalogue = await ActionCatalogue.load();
  }, 60_000);

  async function analyze(
    change: (e: ReturnType<typeof healthyEstate>) => void,
  ) {
    const e = healthyEstate();
    e.role.inlinePolicies = [POLICY];
    change(e);
    const analysis = await new DefaultInventoryAnalyzer({
      catalogue,
      now: () => NOW,
    }).analyze(e);
    return { e, analysis };
  }

  it('is medium when half or more of the granted services are unused, low below', async () => {
    const half = await analyze(e => {
      e.lastAccessed = new Map([
        [
          e.role.arn,
          record([
            { service: 'dynamodb', lastAuthenticated: daysAgo(120) },
            { service: 's3', lastAuthenticated: daysAgo(1) },
          ]),
        ],
      ]);
    });
    const [medium] = half.analysis.findings.filter(
      f => f.code === 'PERMISSIONS_UNUSED',
    );
    expect(medium.severity).toBe('medium');
    expect(FINDING_CATALOGUE.PERMISSIONS_UNUSED.severity).toBe('low');
    const third = await analyze(e => {
      e.lastAccessed = new Map([[e.role.arn, REPORT]]);
    });
    expect(
      third.analysis.findings.find(f => f.code === 'PERMISSIONS_UNUSED')
        ?.severity,
    ).toBe('low');
  });

  it('is not raised for a role younger than the window, nor without a report, nor when nothing was used', async () => {
    for (const change of [
      (e: ReturnType<typeof healthyEstate>) => {
        e.role.createDate = daysAgo(30);
        e.lastAccessed = new Map([[e.role.arn, REPORT]]);
      },
      () => undefined,
      (e: ReturnType<typeof healthyEstate>) => {
        e.lastAccessed = new Map([
          [e.role.arn, record([{ service: 'dynamodb' }, { service: 's3' }])],
        ]);
      },
    ]) {
      const { analysis } = await analyze(change);
      expect(analysis.findings.map(f => f.code)).not.toContain(
        'PERMISSIONS_UNUSED',
      );
    }
  });

  it('adds used / granted to the access summaries of the role and its associations', async () => {
    const { e, analysis } = await analyze(x => {
      // Without the boundary, effective access is all the policy grants.
      x.role.permissionsBoundaryArn = undefined;
      x.lastAccessed = new Map([[x.role.arn, REPORT]]);
    });
    const summary = analysis.associationAccess(e.assoc.associationId)!;
    const usage = Object.fromEntries(
      summary.services.map(s => [s.service, s.usage]),
    );
    expect(usage.dynamodb).toEqual({
      used: false,
      lastAccessed: daysAgo(120),
      windowDays: 90,
    });
    expect(usage.s3).toEqual({
      used: true,
      lastAccessed: daysAgo(1),
      windowDays: 90,
      trackedActions: { used: 0, granted: 1 },
    });
    expect(analysis.roleAccess(e.role.arn)!.services).toEqual(summary.services);
  });

  it('proposes the inline policies narrowed to what was used, for the right-size template', async () => {
    const { e, analysis } = await analyze(x => {
      x.lastAccessed = new Map([[x.role.arn, REPORT]]);
    });
    expect(analysis.rightSizing(e.role.arn)).toEqual({
      windowDays: 90,
      unusedServices: ['dynamodb'],
      inlinePolicies: [
        {
          policyName: 'app',
          document: narrowPolicy(
            POLICY.document,
            unusedGrants([POLICY], REPORT, NOW, 90).statements,
          ),
          removedActions: [
            's3:PutBucketPolicy',
            'dynamodb:Query',
            'dynamodb:GetItem',
          ],
        },
      ],
      managedPolicies: [],
    });
    const fine = await analyze(() => undefined);
    expect(fine.analysis.rightSizing(fine.e.role.arn)).toBeUndefined();
  });
});
