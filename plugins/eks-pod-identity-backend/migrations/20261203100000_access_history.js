/*
 * Access history: the changes the inventory saw (kept for the configured
 * retention), what it last knew of each association, role and finding (to
 * diff the next snapshot against), and the recent eks-pod-identity.changed
 * events (to say which Backstage user made a change).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('access_changes', table => {
    table.increments('id');
    table.string('recorded_at').notNullable();
    table.string('cluster');
    table.text('change_json').notNullable();
    table.index(['recorded_at'], 'access_changes_recorded_idx');
    table.index(['cluster'], 'access_changes_cluster_idx');
  });

  await knex.schema.createTable('access_change_entities', table => {
    table.comment('Which catalog entities each change concerns, lower-cased');
    table
      .integer('change_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('access_changes')
      .onDelete('CASCADE');
    table.string('entity_ref').notNullable();
    table.index(['entity_ref', 'change_id'], 'access_change_entities_ref_idx');
  });

  await knex.schema.createTable('access_history_facts', table => {
    table.comment(
      'What the last recorded snapshot held, one row per association, role policy set and finding',
    );
    table.string('key_hash', 64).primary().comment('sha256 of the fact key');
    table.text('fact_json').notNullable();
  });

  await knex.schema.createTable('access_history_meta', table => {
    table.comment('Singleton row: the snapshot generation last recorded');
    table.integer('id').primary();
    table
      .bigInteger('generation')
      .comment('null until the first snapshot is taken as the baseline');
  });
  await knex('access_history_meta').insert({ id: 1, generation: null });

  await knex.schema.createTable('access_history_events', table => {
    table.increments('id');
    table.string('received_at').notNullable();
    table.text('event_json').notNullable();
    table.index(['received_at'], 'access_history_events_received_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'access_history_events',
    'access_history_meta',
    'access_history_facts',
    'access_change_entities',
    'access_changes',
  ]) {
    await knex.schema.dropTable(table);
  }
};
