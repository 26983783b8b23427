import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { AgentInstallOptions, createAgentInstallAction } from './agentInstall';
import { createAssociationCreateAction } from './associationCreate';
import { createAssociationDeleteAction } from './associationDelete';
import type { EksPodIdentityActionDeps } from './deps';
import { createIrsaMigrateAction } from './irsaMigrate';
import { createRoleCreateAction } from './roleCreate';
import { createRoleUpdatePermissionsAction } from './roleUpdatePermissions';
import { createServiceAccountCreateAction } from './serviceAccountCreate';
import { createSetupAction } from './setup';
import type {
  AgentInstallInput,
  AgentInstallOutput,
  AssociationCreateInput,
  AssociationCreateOutput,
  AssociationDeleteInput,
  AssociationDeleteOutput,
  RoleUpdatePermissionsInput,
  RoleUpdatePermissionsOutput,
  IrsaMigrateInput,
  IrsaMigrateOutput,
  RoleCreateInput,
  RoleCreateOutput,
  ServiceAccountCreateInput,
  ServiceAccountCreateOutput,
  SetupInput,
  SetupOutput,
} from './types';

export { actionDepsFromConfig } from './deps';
export type { EksPodIdentityActionDeps } from './deps';
export type { AgentInstallOptions } from './agentInstall';
export type * from './types';
export {
  createAgentInstallAction,
  createAssociationCreateAction,
  createAssociationDeleteAction,
  createIrsaMigrateAction,
  createRoleCreateAction,
  createRoleUpdatePermissionsAction,
  createServiceAccountCreateAction,
  createSetupAction,
};

/**
 * Any of the actions. Named, in the order they are created, because the
 * union TypeScript infers lists its members in an order that varies between
 * checkouts, and the API report must not.
 */
export type EksPodIdentityAction =
  | TemplateAction<AgentInstallInput, AgentInstallOutput>
  | TemplateAction<RoleCreateInput, RoleCreateOutput>
  | TemplateAction<ServiceAccountCreateInput, ServiceAccountCreateOutput>
  | TemplateAction<AssociationCreateInput, AssociationCreateOutput>
  | TemplateAction<SetupInput, SetupOutput>
  | TemplateAction<IrsaMigrateInput, IrsaMigrateOutput>
  | TemplateAction<AssociationDeleteInput, AssociationDeleteOutput>
  | TemplateAction<RoleUpdatePermissionsInput, RoleUpdatePermissionsOutput>;

/** All the actions, sharing one set of gateways. */
export function createEksPodIdentityActions(
  deps: EksPodIdentityActionDeps,
  options: { agentInstall?: AgentInstallOptions } = {},
): EksPodIdentityAction[] {
  return [
    createAgentInstallAction(deps, options.agentInstall),
    createRoleCreateAction(deps),
    createServiceAccountCreateAction(deps),
    createAssociationCreateAction(deps),
    createSetupAction(deps),
    createIrsaMigrateAction(deps),
    createAssociationDeleteAction(deps),
    createRoleUpdatePermissionsAction(deps),
  ];
}
