import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SnapshotStore } from '../database/SnapshotStore';
import { SnapshotView } from '../snapshot/SnapshotView';
import { buildEntityMappings } from './buildEntityMappings';
import type { WorkloadDirectory } from './resolveEntityServiceAccounts';

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
  /** The stored snapshot, when the caller has it loaded already. */
  directory?: WorkloadDirectory;
}): Promise<void> {
  const { store, catalog, auth, logger } = options;
  try {
    const directory =
      options.directory ?? new SnapshotView(await store.load(), noFindings);
    const mappings = await buildEntityMappings({
      catalog,
      auth,
      logger,
      directory,
    });
    await store.replaceEntityMappings(mappings);
  } catch (error) {
    logger.warn(`Could not map catalog entities to service accounts: ${error}`);
  }
}
