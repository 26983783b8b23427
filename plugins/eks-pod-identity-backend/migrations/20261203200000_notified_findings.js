/*
 * Finding notifications: critical and high findings whose owner has been
 * notified (so each is notified once; a row is deleted when its finding is
 * gone, so a finding that comes back is notified again), and the clusters
 * whose existing findings were recorded as a baseline without being sent.
 * These lived in the catalog plugin's database before the notifier moved into
 * this plugin; that old table is left where it is. Starting empty here, every
 * cluster gets a new baseline, so nothing already notified is sent again.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('notified_findings', table => {
    table.comment('Findings the owner of an entity has been notified about');
    table
      .string('key', 64)
      .primary()
      .comment('sha256 of entity ref, finding code and subject');
    table.text('entity_ref').notNullable();
    table.string('cluster').notNullable();
    table.string('code').notNullable();
    table.string('severity').notNullable();
    table.string('notified_at').notNullable();
    table
      .boolean('baseline')
      .notNullable()
      .defaultTo(false)
      .comment('Recorded when its cluster was first watched, not sent');
  });
  await knex.schema.createTable('notification_watched_clusters', table => {
    table.comment('Clusters whose findings the notifier has a baseline of');
    table.string('cluster').primary();
    table.string('watched_since').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('notification_watched_clusters');
  await knex.schema.dropTable('notified_findings');
};
