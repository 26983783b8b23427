import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SnapshotReadModel } from '../snapshot/SnapshotReadModel';

/** What the assistant actions read, with the calling user's credentials. */
export interface AssistantActionDeps {
  readModel: SnapshotReadModel;
  catalog: CatalogService;
  permissions: PermissionsService;
  logger: LoggerService;
}
