import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SnapshotStore } from '../database/SnapshotStore';
import type { AccessHistory } from '../history/AccessHistory';
import type { SnapshotReadModel } from '../snapshot/SnapshotReadModel';

/** What the route handlers need; built once in the plugin. */
export interface RouterOptions {
  readModel: SnapshotReadModel;
  store: SnapshotStore;
  history: AccessHistory;
  scheduler: SchedulerService;
  scanTaskId: string;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}
