import { InputError } from '@backstage/errors';

type Requirement = (labels: Record<string, string>) => boolean;

// One requirement of a Kubernetes label selector: `k=v`, `k==v`, `k!=v`,
// `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.
const REQUIREMENT =
  /^\s*(?:(!)\s*([\w./-]+)|([\w./-]+)(?:\s*(==|=|!=)\s*([\w.-]*)|\s+(in|notin)\s*\(([^)]*)\))?)\s*$/;

/** Splits on commas outside parentheses (set values contain commas). */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(selector.slice(start));
  return parts.filter(p => p.trim().length > 0);
}

/**
 * Parses a Kubernetes label selector (equality- and set-based) into a
 * predicate over labels. `field` names the annotation in the error.
 */
export function parseLabelSelector(
  selector: string,
  field: string,
): (labels: Record<string, string>) => boolean {
  const requirements: Requirement[] = splitRequirements(selector).map(part => {
    const m = REQUIREMENT.exec(part);
    if (!m) {
      throw new InputError(
        `${field}: "${part.trim()}" is not a label selector requirement; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key`,
      );
    }
    const [, not, notKey, key, op, value, setOp, setValues] = m;
    if (not) return labels => !(notKey in labels);
    if (op === '!=') return labels => labels[key] !== value;
    if (op) return labels => labels[key] === value;
    if (setOp) {
      const values = new Set(setValues.split(',').map(v => v.trim()));
      return setOp === 'in'
        ? labels => key in labels && values.has(labels[key])
        : labels => !(key in labels) || !values.has(labels[key]);
    }
    return labels => key in labels;
  });
  if (requirements.length === 0) {
    throw new InputError(
      `${field} is empty; give a label selector such as app=checkout`,
    );
  }
  return labels => requirements.every(r => r(labels));
}

/**
 * Refuses a selector without a requirement a workload's labels must meet
 * (`k=v`, `k in (…)`, `k`): made only of `!k`, `k!=v` and `k notin (…)`, it
 * selects every workload without those labels, i.e. other teams' workloads.
 */
export function assertNarrowSelector(selector: string, field: string): void {
  const positive = splitRequirements(selector).some(part => {
    const m = REQUIREMENT.exec(part);
    if (!m) return true; // parseLabelSelector names the malformed part
    const [, not, , , op, , setOp] = m;
    return !not && op !== '!=' && setOp !== 'notin';
  });
  if (!positive) {
    throw new InputError(
      `${field}: "${selector.trim()}" has no requirement a workload's labels must meet, so it selects every workload without those labels, other teams' included; add one such as app.kubernetes.io/name=<name>, key in (a,b) or key`,
    );
  }
}
