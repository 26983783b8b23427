import { resourcePatternMatches } from '@pod-identity/plugin-eks-pod-identity-common';
import { Grant, GrantLayers, grantMatchesAction } from './grants';

/** Whether pattern `outer` matches every resource `inner` can name (inner read literally). */
function coversResource(outer: string, inner: string): boolean {
  if (outer === '*' || outer === inner) return true;
  return inner !== '*' && resourcePatternMatches(outer, inner) === 'match';
}

/** The narrower pattern of each overlapping pair. */
function intersect(current: string[], layer: string[]): string[] {
  const out = new Set<string>();
  for (const r of current) {
    for (const p of layer) {
      if (coversResource(p, r)) out.add(r);
      else if (coversResource(r, p)) out.add(p);
    }
  }
  return [...out];
}

/** NotResource allows everything but a few resources: reported as `*`. */
const patternsOf = (grant: Grant) =>
  grant.resource ?? (grant.notResource ? ['*'] : []);

/**
 * Resource patterns an action is allowed on: the identity allows, narrowed
 * by each further layer's allows, minus what certain denies cover. A deny
 * with NotResource leaves only the resources it exempts. `covers` says
 * which grants' Action/NotAction cover the action.
 */
export function resourcesFor(
  layers: GrantLayers,
  covers: (grant: Grant) => boolean,
): string[] {
  let resources: string[] | undefined;
  for (const grants of layers.allows) {
    const patterns = new Set<string>();
    for (const grant of grants) {
      if (covers(grant)) patternsOf(grant).forEach(p => patterns.add(p));
    }
    if (patterns.size === 0) return [];
    resources =
      resources === undefined
        ? [...patterns]
        : intersect(resources, [...patterns]);
    if (resources.length === 0) return [];
  }
  let effective = resources ?? [];
  for (const deny of layers.denies) {
    if (!covers(deny)) continue;
    if (deny.resource) {
      effective = effective.filter(
        r => !deny.resource!.some(d => coversResource(d, r)),
      );
    } else if (deny.notResource) {
      effective = intersect(effective, deny.notResource);
    }
    if (effective.length === 0) break;
  }
  return effective;
}

/** {@link resourcesFor} one action, named as in a policy or a request. */
export function effectiveResources(
  layers: GrantLayers,
  action: string,
): string[] {
  return resourcesFor(layers, grant => grantMatchesAction(grant, action));
}
