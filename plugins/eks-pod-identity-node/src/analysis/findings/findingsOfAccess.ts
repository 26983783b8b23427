import type { Finding } from '@pod-identity/plugin-eks-pod-identity-common';
import type { RoleAccess } from '../access/AccessCalculator';

const memo = new WeakMap<RoleAccess, Map<string, Finding[]>>();

/**
 * Findings a rule derives from a role's own access alone, worked out once per
 * access. A later analysis reuses the access of a role whose tags and policies
 * did not change (see AccessCalculator), and so these findings with it.
 */
export function findingsOfAccess(
  access: RoleAccess,
  rule: string,
  derive: () => Finding[],
): Finding[] {
  let byRule = memo.get(access);
  if (!byRule) {
    byRule = new Map();
    memo.set(access, byRule);
  }
  let found = byRule.get(rule);
  if (!found) {
    found = derive();
    byRule.set(rule, found);
  }
  return found;
}
