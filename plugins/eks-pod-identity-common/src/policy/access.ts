import { statementMatchesAction as matchesAction } from './matchAction';
import { matchesWildcard } from './patterns';
import { NormalizedStatement, statementsOf } from './statements';
import type { NamedPolicy, PolicySet } from './types';

/**
 * Helpers for the access summary: they reason about what a policy set can
 * allow for an action over all requests, so conditions are treated as
 * "may hold" for allows and "may not hold" for denies.
 */

/** Resource patterns a statement covers; NotResource counts as `*` (everything but a few). */
function resourcePatterns(statement: NormalizedStatement): string[] {
  return statement.resource ?? (statement.notResource ? ['*'] : []);
}

/** The Allow statements of a policy whose Action/NotAction covers `action`. */
export function statementsAllowing(
  policy: NamedPolicy,
  action: string,
): NormalizedStatement[] {
  return statementsOf(policy.document).filter(
    s => s.effect === 'Allow' && matchesAction(s, action),
  );
}

/** Whether pattern `outer` matches every resource `inner` can match (checked by treating `inner` literally). */
function covers(outer: string, inner: string): boolean {
  return outer === '*' || outer === inner || matchesWildcard(outer, inner);
}

/** Patterns in both sets: the narrower of each overlapping pair. */
function intersect(current: string[], layer: string[]): string[] {
  const out = new Set<string>();
  for (const r of current) {
    for (const p of layer) {
      if (covers(p, r)) out.add(r);
      else if (covers(r, p)) out.add(p);
    }
  }
  return [...out];
}

export interface ActionAccess {
  allowed: boolean;
  /** Resource patterns the action is allowed on, after boundary and session policy. */
  resources: string[];
  /** True when some allow that contributes has a Condition. */
  conditional: boolean;
}

const unconditionalDenies = (policies: NamedPolicy[], action: string) =>
  policies.flatMap(p =>
    statementsOf(p.document).filter(
      s => s.effect === 'Deny' && !s.condition && matchesAction(s, action),
    ),
  );

/**
 * Effective access to one action: identity allows ∩ boundary allows ∩ session
 * allows, minus resources an unconditional Deny covers.
 */
export function actionAccess(set: PolicySet, action: string): ActionAccess {
  const layers = [
    set.identityPolicies,
    ...(set.boundary ? [[set.boundary]] : []),
    ...(set.sessionPolicy ? [[set.sessionPolicy]] : []),
  ];
  let resources: string[] | undefined;
  let conditional = false;
  for (const policies of layers) {
    const allows = policies.flatMap(p => statementsAllowing(p, action));
    conditional ||= allows.some(s => s.condition !== undefined);
    const patterns = [...new Set(allows.flatMap(resourcePatterns))];
    resources =
      resources === undefined ? patterns : intersect(resources, patterns);
  }
  const denied = unconditionalDenies(layers.flat(), action).flatMap(
    s => s.resource ?? [],
  );
  const effective = (resources ?? []).filter(
    r => !denied.some(d => covers(d, r)),
  );
  return { allowed: effective.length > 0, resources: effective, conditional };
}

const ALL_ACTIONS = new Set(['*', '*:*']);

function grantsEverything(policies: NamedPolicy[]): boolean {
  return policies.some(p =>
    statementsOf(p.document).some(
      s =>
        s.effect === 'Allow' &&
        !s.condition &&
        (s.action ?? []).some(a => ALL_ACTIONS.has(a)) &&
        (s.resource ?? []).includes('*'),
    ),
  );
}

/**
 * `*` on `*` survives: every layer has an unconditional allow of all actions
 * on all resources, and no unconditional deny of all actions on all resources.
 */
export function isAdmin(set: PolicySet): boolean {
  const layers = [
    set.identityPolicies,
    ...(set.boundary ? [[set.boundary]] : []),
    ...(set.sessionPolicy ? [[set.sessionPolicy]] : []),
  ];
  if (!layers.every(grantsEverything)) return false;
  return !layers
    .flat()
    .some(p =>
      statementsOf(p.document).some(
        s =>
          s.effect === 'Deny' &&
          !s.condition &&
          (s.action ?? []).some(a => ALL_ACTIONS.has(a)) &&
          (s.resource ?? []).includes('*'),
      ),
    );
}
