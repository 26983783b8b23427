import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@pod-identity/plugin-eks-pod-identity-backend',
  'migrations',
);

/** Brings the plugin database to the latest schema, unless the deployment manages migrations itself. */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir });
  }
  return knex;
}
