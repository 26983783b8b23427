import type { AnalysisInput } from './types';
import {
  account,
  association,
  cluster,
  doc,
  NOW,
  ownedKey,
  workloadRole,
} from './__testUtils__/inventory';
import { ActionCatalogue } from './catalogue/ActionCatalogue';
import { DefaultInventoryAnalyzer } from './DefaultInventoryAnalyzer';
import type { RoleRecord } from '../inventory/types';

/*
 * The analyzer reuses, from its previous analysis, what depends only on
 * records that did not change (a role's access and the findings drawn from
 * it, an association's trust evaluation). A warm analyzer must answer
 * exactly as a fresh one, whatever changed in between.
 */

/** Two associations share `shared`; `other` has its own role. */
function estate(): AnalysisInput & { shared: RoleRecord; other: RoleRecord } {
  const shared = workloadRole('shared', { serviceAccount: 'api' });
  const other = workloadRole('other', { serviceAccount: 'worker' });
  const associations = [
    association('team-a', 'api', shared.arn),
    association('team-a', 'api-canary', shared.arn),
    association('team-a', 'worker', other.arn),
  ];
  return {
    shared,
    other,
    clusters: [cluster(associations)],
    accounts: [account([shared, other])],
    ownedServiceAccounts: new Set(associations.map(a => ownedKey(a))),
  };
}

describe('a warm DefaultInventoryAnalyzer', () => {
  let catalogue: ActionCatalogue;
  beforeAll(async () => {
    catalogue = await ActionCatalogue.load();
  }, 60_000);

  const analyzer = () =>
    new DefaultInventoryAnalyzer({ catalogue, now: () => NOW });

  /** Everything an analysis answers about the input, to compare two. */
  async function answers(a: DefaultInventoryAnalyzer, input: AnalysisInput) {
    const analysis = await a.analyze(input);
    return {
      findings: analysis.findings,
      associations: input.clusters.flatMap(c =>
        c.associations.map(x => analysis.associationAccess(x.associationId)),
      ),
      roles: input.accounts.flatMap(acc =>
        acc.roles.map(r => analysis.roleAccess(r.arn)),
      ),
    };
  }

  it('answers a changed role as a fresh analyzer does, for every association using it', async () => {
    const warm = analyzer();
    const before = estate();
    await warm.analyze(before);
    // Admin access and a trust policy no association meets, on the shared role only.
    const changed: RoleRecord = {
      ...before.shared,
      inlinePolicies: [
        {
          name: 'admin',
          document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
        },
      ],
      permissionsBoundaryArn: undefined,
      trustPolicy: doc({
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'elsewhere' },
        },
      }),
    };
    const after: AnalysisInput = {
      ...before,
      accounts: [account([changed, before.other])],
    };

    const reused = await answers(warm, after);
    expect(reused).toEqual(await answers(analyzer(), after));
    // The change shows on both associations of the shared role, not the other.
    const [api, canary, worker] = reused.associations;
    expect(api?.admin).toBe(true);
    expect(canary?.admin).toBe(true);
    expect(worker?.admin).toBe(false);
    const codes = (id: string) =>
      reused.findings.filter(f => f.subject.id === id).map(f => f.code);
    expect(codes(changed.arn)).toContain('POLICY_ADMIN');
    for (const a of after.clusters[0].associations.slice(0, 2)) {
      expect(codes(a.associationId)).toContain('TRUST_MISSING_PRINCIPAL');
    }
  });

  it('answers an unchanged inventory, and a change back, as a fresh analyzer does', async () => {
    const warm = analyzer();
    const input = estate();
    const first = await answers(warm, input);
    expect(await answers(warm, input)).toEqual(first);

    const tagged: AnalysisInput = {
      ...input,
      accounts: [
        account([{ ...input.shared, tags: { team: 'a' } }, input.other]),
      ],
    };
    expect(await answers(warm, tagged)).toEqual(
      await answers(analyzer(), tagged),
    );
    expect(await answers(warm, input)).toEqual(first);
  });
});
