import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SnapshotStore } from '../database/SnapshotStore';
import { SnapshotView } from '../snapshot/SnapshotView';
import { buildEntityMappings } from './buildEntityMappings';
import type { EntityServiceAccountMapping } from '../snapshot/types';

const noFindings = {
  findings: [],
  associationAccess: () => undefined,
  roleAccess: () => undefined,
};

/**
 * Maps catalog entities to the stored service accounts again, after the
 * inventory changed. Never throws: owners then stay as last mapped.
 */
export async function refreshEntityMappings(options: {
  store: SnapshotStore;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /**
   * The stored snapshot, when the caller has it loaded already; mappings
   * equal to its own are not written again (each write makes every replica
   * reload).
   */
  current?: SnapshotView;
}): Promise<void> {
  const { store, catalog, auth, logger, current } = options;
  try {
    const directory =
      current ?? new SnapshotView(await store.load(), noFindings);
    const mappings = await buildEntityMappings({
      catalog,
      auth,
      logger,
      directory,
    });
    if (current && sameMappings(mappings, current.snapshot.entityMappings)) {
      return;
    }
    await store.replaceEntityMappings(mappings);
  } catch (error) {
    logger.warn(`Could not map catalog entities to service accounts: ${error}`);
  }
}

function sameMappings(
  a: EntityServiceAccountMapping[],
  b: EntityServiceAccountMapping[],
): boolean {
  const key = (list: EntityServiceAccountMapping[]) =>
    list
      .map(m =>
        JSON.stringify([
          m.entityRef,
          m.ownerRef ?? null,
          m.source,
          m.cluster,
          m.namespace,
          m.serviceAccount,
        ]),
      )
      .sort()
      .join('\n');
  return key(a) === key(b);
}
