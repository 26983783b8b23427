import type {
  AccessLevel,
  AccessSummary,
  ServiceAccess,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { CatalogueAction } from '../catalogue/ActionCatalogue';
import type { Grant, GrantLayers } from './grants';

const ALL_ACTIONS = new Set(['*', '*:*']);

const emptyLevels = (): Record<AccessLevel, number> => ({
  List: 0,
  Read: 0,
  Write: 0,
  'Permissions management': 0,
  Tagging: 0,
});

/** Whether a grant covers `*` on `*`. */
export const grantsEverything = (g: Grant) =>
  (g.action ?? []).some(a => ALL_ACTIONS.has(a)) &&
  (g.resource ?? []).includes('*');

/** `*` on `*` allowed unconditionally in every layer, and not denied outright. */
export function grantsAdmin(layers: GrantLayers): boolean {
  return (
    layers.allows.every(grants =>
      grants.some(g => !g.conditional && grantsEverything(g)),
    ) && !layers.denies.some(grantsEverything)
  );
}

/**
 * Counts of allowed catalogue actions per service and access level (an
 * action of a composite level counts in each part), with the resource
 * patterns they are allowed on.
 */
export function summarize(
  actions: Map<CatalogueAction, string[]>,
  admin: boolean,
): AccessSummary {
  const services = new Map<string, ServiceAccess & { patterns: Set<string> }>();
  for (const [action, resources] of actions) {
    let entry = services.get(action.service);
    if (!entry) {
      entry = {
        service: action.service,
        levels: emptyLevels(),
        wildcardResource: false,
        resources: [],
        patterns: new Set(),
      };
      services.set(action.service, entry);
    }
    for (const level of action.levels) entry.levels[level]++;
    for (const r of resources) entry.patterns.add(r);
  }
  return {
    services: [...services.values()]
      .sort((a, b) => a.service.localeCompare(b.service))
      .map(({ patterns, ...entry }) => ({
        ...entry,
        wildcardResource: patterns.has('*'),
        resources: [...patterns].sort(),
      })),
    admin,
  };
}
