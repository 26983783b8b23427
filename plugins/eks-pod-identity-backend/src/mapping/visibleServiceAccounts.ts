import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { eksPodIdentityInventoryReadPermission } from '@pod-identity/plugin-eks-pod-identity-common';
import { isAllowed } from '../router/authorize';
import {
  EntityServiceAccounts,
  MappingDirectory,
  resolveEntityServiceAccounts,
} from './resolveEntityServiceAccounts';

/**
 * The entity's service accounts as this caller may see them. A contested
 * claim (not corroborated, while another entity's is) would let anyone who
 * can edit an entity read another team's roles, policies and findings, so
 * only inventory readers, who may read all of it anyway, see such claims.
 */
export async function visibleServiceAccounts(
  entity: Entity,
  directory: MappingDirectory,
  caller: {
    credentials: BackstageCredentials;
    permissions: PermissionsService;
    logger: LoggerService;
  },
): Promise<
  EntityServiceAccounts & {
    /** False also when there was no contested claim to ask about. */
    inventoryReader: boolean;
  }
> {
  let resolved: EntityServiceAccounts;
  try {
    resolved = resolveEntityServiceAccounts(entity, directory);
  } catch (error) {
    if (error instanceof InputError) {
      caller.logger.warn(
        `Refused the mapping of ${stringifyEntityRef(entity)}: ${
          error.message
        }`,
      );
    }
    throw error;
  }
  // Asked only when it matters, so most requests cost no permission call.
  const inventoryReader =
    resolved.serviceAccounts.some(sa => sa.contestedBy) &&
    (await isAllowed(
      caller.credentials,
      caller,
      eksPodIdentityInventoryReadPermission,
    ));
  return {
    ...resolved,
    serviceAccounts: inventoryReader
      ? resolved.serviceAccounts
      : resolved.serviceAccounts.filter(sa => !sa.contestedBy),
    inventoryReader,
  };
}
