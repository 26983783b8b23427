import { AgentInstallOptions, createAgentInstallAction } from './agentInstall';
import { createAssociationCreateAction } from './associationCreate';
import { createAssociationDeleteAction } from './associationDelete';
import type { EksPodIdentityActionDeps } from './deps';
import { createIrsaMigrateAction } from './irsaMigrate';
import { createRoleCreateAction } from './roleCreate';
import { createServiceAccountCreateAction } from './serviceAccountCreate';
import { createSetupAction } from './setup';

export { actionDepsFromConfig } from './deps';
export type { EksPodIdentityActionDeps } from './deps';
export type { AgentInstallOptions } from './agentInstall';
export {
  createAgentInstallAction,
  createAssociationCreateAction,
  createAssociationDeleteAction,
  createIrsaMigrateAction,
  createRoleCreateAction,
  createServiceAccountCreateAction,
  createSetupAction,
};

/** All the actions, sharing one set of gateways. */
export function createEksPodIdentityActions(
  deps: EksPodIdentityActionDeps,
  options: { agentInstall?: AgentInstallOptions } = {},
) {
  return [
    createAgentInstallAction(deps, options.agentInstall),
    createRoleCreateAction(deps),
    createServiceAccountCreateAction(deps),
    createAssociationCreateAction(deps),
    createSetupAction(deps),
    createIrsaMigrateAction(deps),
    createAssociationDeleteAction(deps),
  ];
}
