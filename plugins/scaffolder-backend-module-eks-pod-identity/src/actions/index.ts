import { createAssociationCreateAction } from './associationCreate';
import { createAssociationDeleteAction } from './associationDelete';
import type { EksPodIdentityActionDeps } from './deps';
import { createIrsaMigrateAction } from './irsaMigrate';
import { createRoleCreateAction } from './roleCreate';
import { createServiceAccountCreateAction } from './serviceAccountCreate';
import { createSetupAction } from './setup';

export { actionDepsFromConfig } from './deps';
export type { EksPodIdentityActionDeps } from './deps';
export {
  createAssociationCreateAction,
  createAssociationDeleteAction,
  createIrsaMigrateAction,
  createRoleCreateAction,
  createServiceAccountCreateAction,
  createSetupAction,
};

/** All six actions of DESIGN §7, sharing one set of gateways. */
export function createEksPodIdentityActions(deps: EksPodIdentityActionDeps) {
  return [
    createRoleCreateAction(deps),
    createServiceAccountCreateAction(deps),
    createAssociationCreateAction(deps),
    createSetupAction(deps),
    createIrsaMigrateAction(deps),
    createAssociationDeleteAction(deps),
  ];
}
