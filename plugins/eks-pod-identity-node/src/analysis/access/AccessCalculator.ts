import type {
  AccessSummary,
  PolicyDocument,
  PolicySet,
} from '@pod-identity/plugin-eks-pod-identity-common';
import type { RoleRecord } from '../../inventory/types';
import type {
  ActionCatalogue,
  CatalogueAction,
} from '../catalogue/ActionCatalogue';
import type { InventoryIndex } from '../InventoryIndex';
import { effectiveResources } from './effectiveResources';
import { GrantLayers, specializePolicies } from './grants';
import { principalContext, PrincipalSession } from './principalContext';
import { documentKeys } from './referencedKeys';
import { candidateActions, grantsAdmin, summarize } from './summarizeAccess';

/** Each allowed catalogue action with the resource patterns it is allowed on. */
export type AccessMap = Map<CatalogueAction, string[]>;

export interface RoleAccess {
  layers: GrantLayers;
  actions: AccessMap;
  summary: AccessSummary;
}

/**
 * Effective access, computed once per distinct (role, session policy, the
 * context values the policies actually consult): the many associations
 * sharing a role share one computation unless its policies tell them apart.
 */
export class AccessCalculator {
  private readonly cache = new Map<string, RoleAccess>();

  constructor(
    private readonly index: InventoryIndex,
    private readonly catalogue: ActionCatalogue,
  ) {}

  /** The role on its own: its policies ∩ its boundary, for any session. */
  ofRole(role: RoleRecord): RoleAccess {
    return this.of(role, { kind: 'anySession' });
  }

  /** A session of the role, narrowed by a session policy when one is set. */
  of(
    role: RoleRecord,
    session: PrincipalSession,
    sessionPolicy?: PolicyDocument,
  ): RoleAccess {
    const { unreadablePolicyArns, ...policies } = this.index.policiesOf(role);
    const set: PolicySet = {
      ...policies,
      ...(sessionPolicy ? { sessionPolicy: { document: sessionPolicy } } : {}),
    };
    const context = principalContext(role, session);
    const keys = new Set<string>();
    for (const p of [
      ...set.identityPolicies,
      set.boundary,
      set.sessionPolicy,
    ]) {
      if (p) documentKeys(p.document).forEach(k => keys.add(k));
    }
    const cacheKey = [
      role.arn,
      sessionPolicy ? JSON.stringify(sessionPolicy) : '',
      context.cacheKey(keys),
    ].join('\n');
    let access = this.cache.get(cacheKey);
    if (!access) {
      const layers = specializePolicies(set, context);
      const actions = this.allowedActions(layers);
      access = {
        layers,
        actions,
        summary: summarize(actions, grantsAdmin(layers)),
      };
      this.cache.set(cacheKey, access);
    }
    return access;
  }

  private allowedActions(layers: GrantLayers): AccessMap {
    const actions: AccessMap = new Map();
    for (const action of candidateActions(
      layers.allows[0] ?? [],
      this.catalogue,
    )) {
      const resources = effectiveResources(layers, action.name).filter(r =>
        this.catalogue.appliesTo(action, r),
      );
      if (resources.length > 0) actions.set(action, resources);
    }
    return actions;
  }
}
