import {
  actionPatternMatches,
  NamedPolicy,
  PolicyKind,
  PolicyRef,
  PolicySet,
  statementsOf,
} from '@pod-identity/plugin-eks-pod-identity-common';
import { conditionOutcome } from './conditionOutcome';
import type { PrincipalContext } from './principalContext';

/**
 * A statement specialised to one principal: its condition settled as far as
 * the principal's context allows, its policy variables substituted.
 */
export interface Grant {
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** An Allow whose condition depends on the request (it may or may not hold). */
  conditional: boolean;
  policy: PolicyRef;
  sid?: string;
  index: number;
}

/**
 * What can be allowed, per layer (identity policies, then the boundary and
 * the session policy when set): a request needs an Allow in every layer.
 * Denies are those that apply whatever the request; a Deny that may not hold
 * is left out, because summaries report what can be allowed.
 */
export interface GrantLayers {
  allows: Grant[][];
  denies: Grant[];
}

const VARIABLE = /\$\{([^}]*)\}/g;
const ESCAPES = new Set(['*', '?', '$']);

/** Substitutes the variables the context resolves; leaves the others as written. */
function substitute(
  pattern: string,
  values: ReadonlyMap<string, string>,
): { pattern: string; resolved: boolean } {
  let resolved = true;
  const out = pattern.replace(VARIABLE, (whole, inner: string) => {
    if (ESCAPES.has(inner)) return whole;
    const match = /^\s*([^,]+?)\s*(?:,\s*'([^']*)'\s*)?$/.exec(inner);
    const value = match
      ? values.get(match[1].toLowerCase()) ?? match[2]
      : undefined;
    if (value === undefined) {
      resolved = false;
      return whole;
    }
    return value;
  });
  return { pattern: out, resolved };
}

function stringValues(context: PrincipalContext): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(context.values)) {
    if (typeof value === 'string') values.set(key.toLowerCase(), value);
  }
  return values;
}

function grantsOf(
  kind: PolicyKind,
  policy: NamedPolicy,
  context: PrincipalContext,
  values: ReadonlyMap<string, string>,
): Grant[] {
  const ref: PolicyRef = {
    kind,
    ...(policy.name !== undefined && { name: policy.name }),
    ...(policy.arn !== undefined && { arn: policy.arn }),
  };
  return statementsOf(policy.document).flatMap((s): Grant[] => {
    const outcome = s.condition
      ? conditionOutcome(s.condition, policy.document.Version, context)
      : 'holds';
    if (outcome === 'fails') return [];
    if (s.effect === 'Deny' && outcome !== 'holds') return [];

    let resolved = true;
    const resolve = (patterns?: string[]) => {
      if (!patterns || !s.substituteVariables) return patterns;
      return patterns.map(p => {
        const r = substitute(p, values);
        resolved &&= r.resolved;
        return r.pattern;
      });
    };
    const resource = resolve(s.resource);
    const notResource = resolve(s.notResource);
    // A Deny on a resource nobody can name yet is not certain to apply.
    if (s.effect === 'Deny' && !resolved) return [];
    return [
      {
        effect: s.effect,
        ...(s.action && { action: s.action }),
        ...(s.notAction && { notAction: s.notAction }),
        ...(resource && { resource }),
        ...(notResource && { notResource }),
        conditional: outcome !== 'holds',
        policy: ref,
        ...(s.sid !== undefined && { sid: s.sid }),
        index: s.index,
      },
    ];
  });
}

export function specializePolicies(
  set: PolicySet,
  context: PrincipalContext,
): GrantLayers {
  const values = stringValues(context);
  const layers: Array<[PolicyKind, NamedPolicy[]]> = [
    ['identity', set.identityPolicies],
  ];
  if (set.boundary) layers.push(['boundary', [set.boundary]]);
  if (set.sessionPolicy) layers.push(['session', [set.sessionPolicy]]);

  const allows: Grant[][] = [];
  const denies: Grant[] = [];
  for (const [kind, policies] of layers) {
    const grants = policies.flatMap(p => grantsOf(kind, p, context, values));
    allows.push(grants.filter(g => g.effect === 'Allow'));
    denies.push(...grants.filter(g => g.effect === 'Deny'));
  }
  return { allows, denies };
}

/** Action / NotAction semantics of IAM. */
export function grantMatchesAction(grant: Grant, action: string): boolean {
  if (grant.action)
    return grant.action.some(p => actionPatternMatches(p, action));
  if (grant.notAction) {
    return !grant.notAction.some(p => actionPatternMatches(p, action));
  }
  return false;
}
