import {
  PolicyCondition,
  PolicyDocument,
  statementsOf,
} from '@pod-identity/plugin-eks-pod-identity-common';

const VARIABLE = /\$\{\s*([^,}]+?)\s*(?:,[^}]*)?\}/g;

function addVariables(text: string, keys: Set<string>) {
  for (const match of text.matchAll(VARIABLE)) keys.add(match[1].toLowerCase());
}

const conditionCache = new WeakMap<PolicyCondition, Set<string>>();

/** Context keys (lower-cased) a condition block tests or substitutes. */
export function conditionKeys(condition: PolicyCondition): Set<string> {
  let keys = conditionCache.get(condition);
  if (!keys) {
    keys = new Set();
    for (const byKey of Object.values(condition)) {
      for (const [key, values] of Object.entries(byKey ?? {})) {
        keys.add(key.toLowerCase());
        addVariables(JSON.stringify(values), keys);
      }
    }
    conditionCache.set(condition, keys);
  }
  return keys;
}

const cache = new WeakMap<PolicyDocument, Set<string>>();

/** Context keys a policy's conditions and resource variables consult. */
export function documentKeys(document: PolicyDocument): Set<string> {
  let keys = cache.get(document);
  if (!keys) {
    keys = new Set();
    for (const s of statementsOf(document)) {
      if (s.condition) conditionKeys(s.condition).forEach(k => keys!.add(k));
      for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
        addVariables(r, keys);
      }
    }
    cache.set(document, keys);
  }
  return keys;
}
