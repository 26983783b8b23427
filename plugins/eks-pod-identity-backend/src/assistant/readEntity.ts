import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { AssistantActionDeps } from './types';

/**
 * The entity as the caller may see it in the catalog; one they may not see
 * is answered like one that does not exist, as on the REST API.
 */
export async function readEntity(
  entityRef: string,
  credentials: BackstageCredentials,
  deps: AssistantActionDeps,
): Promise<Entity> {
  let ref;
  try {
    ref = parseEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `Invalid input 'entityRef': ${
        (error as Error).message
      }; use kind:namespace/name, e.g. component:default/orders-api`,
    );
  }
  const entity = await deps.catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(
      `Entity ${stringifyEntityRef(ref)} is not in the catalog`,
    );
  }
  return entity;
}
