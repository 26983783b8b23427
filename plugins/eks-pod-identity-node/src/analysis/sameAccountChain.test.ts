import {
  ACCOUNT,
  doc,
  healthyEstate,
  NOW,
  roleArn,
  workloadRole,
} from './__testUtils__/inventory';
import { ActionCatalogue } from './catalogue/ActionCatalogue';
import { DefaultInventoryAnalyzer } from './DefaultInventoryAnalyzer';

/*
 * EKS chains to a target role in the same account as the cluster or another
 * one (UpdatePodIdentityAssociation: "the same or different account"); the
 * chain check holds the same-account case to the same two steps.
 */

/** orders chains to a reader role in its own account, allowed `actions` on it. */
function sameAccountChain(actions: string[]) {
  const e = healthyEstate();
  const target = workloadRole('reader');
  target.arn = roleArn('reader', ACCOUNT);
  target.trustPolicy = doc({
    Effect: 'Allow',
    Principal: { AWS: e.role.arn },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
  });
  e.role.inlinePolicies.push({
    name: 'chain',
    document: doc({ Effect: 'Allow', Action: actions, Resource: target.arn }),
  });
  e.assoc.targetRoleArn = target.arn;
  e.accounts[0].roles.push(target);
  return e;
}

describe('TARGET_ROLE_CHAIN_BROKEN with a target role in the cluster account', () => {
  let analyzer: DefaultInventoryAnalyzer;

  beforeAll(async () => {
    analyzer = new DefaultInventoryAnalyzer({
      catalogue: await ActionCatalogue.load(),
      now: () => NOW,
    });
  }, 60_000);

  const chainFindings = (actions: string[]) =>
    analyzer
      .analyze(sameAccountChain(actions))
      .then(a => a.findings.filter(f => f.code === 'TARGET_ROLE_CHAIN_BROKEN'));

  it('fires when the association role may not tag the session on the target', async () => {
    const [finding, ...more] = await chainFindings(['sts:AssumeRole']);
    expect(more).toEqual([]);
    expect(finding.detail).toMatch(/sts:TagSession/);
    expect(finding.detail).toContain(roleArn('reader', ACCOUNT));
  });

  it('stays quiet when both steps are allowed', async () => {
    expect(await chainFindings(['sts:AssumeRole', 'sts:TagSession'])).toEqual(
      [],
    );
  });
});
