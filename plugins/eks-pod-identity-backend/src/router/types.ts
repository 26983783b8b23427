import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { internal } from '@backstage/backend-openapi-utils';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SnapshotStore } from '../database/SnapshotStore';
import type { AccessHistory } from '../history/AccessHistory';
import type { spec } from '../schema/openapi';
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

/**
 * A handler of one route of the spec: its path parameters, query, body and
 * response body are typed from src/schema/openapi.yaml.
 */
export type SpecHandler<
  Path extends internal.DocPath<typeof spec>,
  Method extends internal.DocPathMethod<typeof spec, Path>,
> = internal.DocRequestHandler<typeof spec, Path, Method>;
