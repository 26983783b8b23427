/*
 * The inventory snapshot: one row set per cluster and per AWS account, each
 * replaced in a single transaction by the scan, so readers never see half a
 * cluster. Records are stored as JSON text (portable across SQLite and
 * PostgreSQL); the columns beside them are the ones queries filter on.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('snapshot_meta', table => {
    table.comment(
      'Singleton row: bumped on every snapshot write so replicas know to reload',
    );
    table.integer('id').primary();
    table.bigInteger('generation').notNullable();
    table.string('last_full_scan_at');
  });
  await knex('snapshot_meta').insert({ id: 1, generation: 0 });

  await knex.schema.createTable('clusters', table => {
    table.string('name').primary();
    table.string('account_id').notNullable();
    table.string('region').notNullable();
    table.string('title');
    table.string('status').notNullable().comment("'ok' | 'error' | 'pending'");
    table.text('error');
    table.boolean('stale').notNullable().defaultTo(false);
    table.string('last_attempt_at');
    table.string('last_good_scan_at');
    table.string('scanned_at').comment('Scan time of the data served');
    table.integer('association_count').notNullable().defaultTo(0);
    table.text('info_json').comment('ClusterInfo of the data served');
    table.text('agent_json');
    table.text('namespaces_json');
    table.text('kubernetes_error');
  });

  await knex.schema.createTable('associations', table => {
    table.string('cluster').notNullable();
    table.string('id').notNullable();
    table.string('namespace').notNullable();
    table.string('service_account').notNullable();
    table.string('role_arn', 2048).notNullable();
    table.string('target_role_arn', 2048);
    table.text('record_json').notNullable();
    table.primary(['cluster', 'id']);
    table.index(
      ['cluster', 'namespace', 'service_account'],
      'associations_service_account_idx',
    );
    table.index(['role_arn'], 'associations_role_idx');
    table.index(['target_role_arn'], 'associations_target_role_idx');
  });

  await knex.schema.createTable('kubernetes_objects', table => {
    table.string('cluster').notNullable();
    table
      .string('kind')
      .notNullable()
      .comment("'serviceAccount' | 'workload' | 'pod' | 'node'");
    table
      .string('namespace')
      .notNullable()
      .comment("'' for cluster-scoped kinds");
    table.string('name').notNullable().comment('workloads: "Kind/name"');
    table.text('record_json').notNullable();
    table.primary(['cluster', 'kind', 'namespace', 'name']);
  });

  await knex.schema.createTable('iam_accounts', table => {
    table.string('account_id').primary();
    table.boolean('complete').notNullable();
    table.string('mode').notNullable();
    table.text('error');
    table.boolean('stale').notNullable().defaultTo(false);
    table.string('scanned_at').notNullable();
    table.string('last_good_scan_at');
    table.text('not_found_role_arns_json').notNullable();
    table.text('unreadable_policy_arns_json').notNullable();
  });

  await knex.schema.createTable('iam_roles', table => {
    table.string('arn', 2048).primary();
    table.string('account_id').notNullable();
    table.string('name').notNullable();
    table.text('record_json').notNullable();
    table.index(['account_id'], 'iam_roles_account_idx');
  });

  await knex.schema.createTable('iam_policies', table => {
    table.string('account_id').notNullable();
    table.string('arn', 2048).notNullable();
    table.text('record_json').notNullable();
    table.primary(['account_id', 'arn']);
  });

  await knex.schema.createTable('entity_service_accounts', table => {
    table.comment(
      'Which catalog entities map to which service accounts, as of the last scan',
    );
    table.string('entity_ref').notNullable();
    table.string('owner_ref');
    table.string('source').notNullable();
    table.string('cluster').notNullable();
    table.string('namespace').notNullable();
    table.string('service_account').notNullable();
    table.index(
      ['cluster', 'namespace', 'service_account'],
      'entity_service_accounts_sa_idx',
    );
    table.index(['entity_ref'], 'entity_service_accounts_entity_idx');
  });

  await knex.schema.createTable('refresh_requests', table => {
    table.increments('id');
    table.string('cluster').comment('null = every cluster');
    table.string('requested_at').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'refresh_requests',
    'entity_service_accounts',
    'iam_policies',
    'iam_roles',
    'iam_accounts',
    'kubernetes_objects',
    'associations',
    'clusters',
    'snapshot_meta',
  ]) {
    await knex.schema.dropTable(table);
  }
};
