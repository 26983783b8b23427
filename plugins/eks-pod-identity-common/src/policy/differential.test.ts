/*
 * Differential test: our evaluator against @cloud-copilot/iam-simulate on
 * thousands of generated cases. iam-simulate is AGPL-3.0, so it is a
 * devDependency used by this test only; nothing outside tests imports it.
 *
 * Reproduce a failure with POLICY_DIFF_SEED=<seed> (and POLICY_DIFF_CASES=<n>).
 *
 * Where iam-simulate models IAM differently from AWS's documentation, the
 * generator (__testing__/randomCases.ts) stays away from the construct instead
 * of bending our engine:
 * - Partition/service/region/account segments of a Resource ARN: iam-simulate
 *   compares them case-insensitively; AWS documents resource matching as
 *   case-sensitive. The generator keeps those segments lower-case on both sides.
 * - Wildcards before the first "/" or ":" of the resource part (e.g.
 *   "table*\/orders"): iam-simulate requires that prefix literally; AWS applies
 *   the wildcard. Not generated.
 * - Request resource "*" or a request resource with wildcards: iam-simulate
 *   then answers "could any matching resource be allowed"; we compare the
 *   request resource literally. Only concrete resources are generated.
 * - Dates as UNIX epoch numbers: iam-simulate compares epoch seconds with ISO
 *   dates in milliseconds. Only ISO 8601 dates are generated.
 * - "…IfExists" combined with ForAnyValue: iam-simulate ignores IfExists there;
 *   AWS documents IfExists as "true when the key is absent". Not generated.
 * - A single IP address (no /prefix) as an IpAddress/NotIpAddress value,
 *   against a request address of the other IP version: iam-simulate's
 *   NotIpAddress answers false; AWS treats an IPv6 address as simply not that
 *   IPv4 address (true). The generator writes single addresses as /32 CIDRs.
 * - Empty-string context values: iam-simulate cannot substitute them into
 *   policy variables. Not generated.
 * - Context keys iam-simulate considers invalid for the action are dropped
 *   by it (reported as ignoredContextKeys); we drop the same keys from our
 *   request so both engines see the same context.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDecision } from '../api/types';
import { evaluateRequest } from './evaluateRequest';
import {
  ACCOUNT,
  caseGenerator,
  GeneratedCase,
  prng,
} from './__testing__/randomCases';

const SEED = Number(process.env.POLICY_DIFF_SEED ?? 20260501);
const CASES = Number(process.env.POLICY_DIFF_CASES ?? 2500);

const DECISIONS: Record<string, PolicyDecision> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

async function simulate(c: GeneratedCase) {
  const result = await runSimulation(
    {
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:role/app-role`,
        action: c.request.action,
        resource: { resource: c.request.resource, accountId: ACCOUNT },
        contextVariables: c.request.context,
      },
      identityPolicies: c.identityPolicies.map(p => ({
        name: p.name,
        policy: p.document,
      })),
      permissionBoundaryPolicies: c.boundary
        ? [{ name: c.boundary.name, policy: c.boundary.document }]
        : undefined,
      sessionPolicy: c.sessionPolicy?.document,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType !== 'single') {
    throw new Error(
      `iam-simulate could not run a generated case (generator bug): ${JSON.stringify(
        result,
      ).slice(0, 2000)}\ncase: ${JSON.stringify(c)}`,
    );
  }
  return {
    decision: DECISIONS[result.overallResult],
    ignoredContextKeys: result.result.ignoredContextKeys ?? [],
  };
}

describe('policy evaluation agrees with @cloud-copilot/iam-simulate', () => {
  it(`agrees on ${CASES} generated cases (seed ${SEED})`, async () => {
    const next = caseGenerator(prng(SEED));
    const disagreements: string[] = [];
    const tally: Record<string, number> = {
      allowed: 0,
      explicitDeny: 0,
      implicitDeny: 0,
    };
    let casesWithIgnoredKeys = 0;

    for (let i = 0; i < CASES; i++) {
      const c = next();
      const expected = await simulate(c);
      const ignored = new Set(
        expected.ignoredContextKeys.map(k => k.toLowerCase()),
      );
      if (ignored.size > 0) casesWithIgnoredKeys++;
      const context = Object.fromEntries(
        Object.entries(c.request.context).filter(
          ([k]) => !ignored.has(k.toLowerCase()),
        ),
      );
      const actual = evaluateRequest({
        identityPolicies: c.identityPolicies,
        boundary: c.boundary,
        sessionPolicy: c.sessionPolicy,
        request: { ...c.request, context },
      });
      tally[expected.decision]++;
      if (actual.decision !== expected.decision) {
        disagreements.push(
          `case ${i}: iam-simulate=${expected.decision} ours=${
            actual.decision
          } (${actual.explanation})\n${JSON.stringify({
            ...c,
            request: { ...c.request, context },
          })}`,
        );
      }
    }

    // eslint-disable-next-line no-console
    console.log(
      `differential seed=${SEED} cases=${CASES} ${JSON.stringify(
        tally,
      )} casesWithIgnoredKeys=${casesWithIgnoredKeys} disagreements=${
        disagreements.length
      }`,
    );
    if (disagreements.length > 0) {
      throw new Error(
        `seed ${SEED}: ${
          disagreements.length
        } of ${CASES} cases disagree:\n\n${disagreements.join('\n\n')}`,
      );
    }
    // The generated mix must exercise every decision, or the test proves little.
    expect(Math.min(...Object.values(tally))).toBeGreaterThan(CASES / 20);
  }, 600_000);
});
