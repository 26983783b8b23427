/*
 * When the scan now running started (null: none runs), so a targeted refresh
 * that lands during a scan can ask that scan to read its cluster once more:
 * the scan may have read the cluster before the change and save it after.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('snapshot_meta', table => {
    table.string('scan_started_at');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('snapshot_meta', table => {
    table.dropColumn('scan_started_at');
  });
};
