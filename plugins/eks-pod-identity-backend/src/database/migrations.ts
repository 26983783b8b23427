import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@pod-identity/plugin-eks-pod-identity-backend',
  'migrations',
);

const ATTEMPTS = 3;

/**
 * Brings the plugin database to the latest schema, unless the deployment
 * manages migrations itself. Replicas starting together on an empty database
 * race to create knex's own bookkeeping tables (its lock only works once they
 * exist); the loser retries and finds the work done or locked.
 */
export async function applyDatabaseMigrations(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (database.migrations?.skip) return knex;
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({ directory: migrationsDir });
      return knex;
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await new Promise(resolve => setTimeout(resolve, 200 * attempt));
    }
  }
}
