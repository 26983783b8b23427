import type {
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Two independent connections to one database, as two backend replicas (or a
 * backend and its restarted self) would have. SQLite uses a temporary file,
 * since an in-memory database cannot be shared between connections.
 */
export async function sharedDatabase(
  databases: TestDatabases,
  id: TestDatabaseId,
): Promise<{ connect(): Knex; close(): Promise<void> }> {
  const opened: Knex[] = [];
  let connect: () => Knex;
  let dir: string | undefined;
  if (id === 'SQLITE_3') {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eks-pod-identity-db-'));
    const filename = path.join(dir, 'plugin.sqlite');
    connect = () =>
      knexFactory({
        client: 'better-sqlite3',
        connection: { filename },
        useNullAsDefault: true,
      });
  } else {
    const first = await databases.init(id);
    opened.push(first);
    const { client, connection } = first.client.config;
    let handedOut = false;
    connect = () => {
      if (!handedOut) {
        handedOut = true;
        return first;
      }
      return knexFactory({ client, connection });
    };
  }
  return {
    connect() {
      const knex = connect();
      if (!opened.includes(knex)) opened.push(knex);
      return knex;
    },
    async close() {
      await Promise.all(opened.map(k => k.destroy()));
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
