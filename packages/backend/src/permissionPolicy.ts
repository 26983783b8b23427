/*
 * A production permission policy for a portal with the EKS Pod Identity
 * plugins. Adopters copy this file into their backend (see README.md,
 * "Permissions"); the demo backend installs it whenever the sandbox is off.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createScaffolderActionConditionalDecision,
  scaffolderActionConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { actionExecutePermission } from '@backstage/plugin-scaffolder-common/alpha';
import {
  EKS_POD_IDENTITY_ACTION_IDS,
  eksPodIdentityPermissions,
} from '@pod-identity/plugin-eks-pod-identity-common';

const PLUGIN_PERMISSIONS = new Set(eksPodIdentityPermissions.map(p => p.name));

function groupRef(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group' }));
}

/**
 * - `eks-pod-identity.*` (inventory read, refresh, manage): members of the
 *   platform group only;
 * - the `eks-pod-identity:*` scaffolder actions, which act with the backend's
 *   AWS identity: members of the action groups only, through a conditional
 *   decision on `scaffolder.action.execute`, so every other action stays open;
 * - everything else (catalog entities included): allowed, as before.
 */
export class EksPodIdentityPermissionPolicy implements PermissionPolicy {
  static fromConfig(config: Config): EksPodIdentityPermissionPolicy {
    const key = 'eksPodIdentity.permissions';
    const platformGroup = groupRef(config.getString(`${key}.platformGroup`));
    const actionGroups = config
      .getOptionalStringArray(`${key}.actionGroups`)
      ?.map(groupRef) ?? [platformGroup];
    return new EksPodIdentityPermissionPolicy(platformGroup, actionGroups);
  }

  constructor(
    private readonly platformGroup: string,
    private readonly actionGroups: string[],
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const memberOf = new Set(user?.info.ownershipEntityRefs ?? []);
    if (PLUGIN_PERMISSIONS.has(request.permission.name)) {
      return memberOf.has(this.platformGroup)
        ? { result: AuthorizeResult.ALLOW }
        : { result: AuthorizeResult.DENY };
    }
    if (isPermission(request.permission, actionExecutePermission)) {
      if (this.actionGroups.some(group => memberOf.has(group))) {
        return { result: AuthorizeResult.ALLOW };
      }
      const [first, ...rest] = EKS_POD_IDENTITY_ACTION_IDS.map(actionId =>
        scaffolderActionConditions.hasActionId({ actionId }),
      );
      return createScaffolderActionConditionalDecision(request.permission, {
        not: { anyOf: [first, ...rest] },
      });
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link EksPodIdentityPermissionPolicy} as the portal's policy. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'eks-pod-identity-policy',
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig, policy: policyExtensionPoint },
      async init({ config, policy }) {
        policy.setPolicy(EksPodIdentityPermissionPolicy.fromConfig(config));
      },
    });
  },
});
