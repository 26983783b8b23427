/*
 * Clusters the notifier has taken a baseline of. The findings a cluster
 * already has when it is first seen (after installing the module, or when a
 * cluster joins the inventory) are recorded without being sent: they are not
 * new, and the governance page already lists them. Only what appears after
 * that is notified.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('eks_pod_identity_watched_clusters', table => {
    table.comment('Clusters whose findings the notifier has a baseline of');
    table.string('cluster').primary();
    table.string('watched_since').notNullable();
  });
  await knex.schema.alterTable('eks_pod_identity_notified_findings', table => {
    table
      .boolean('baseline')
      .notNullable()
      .defaultTo(false)
      .comment('Recorded when its cluster was first watched, not sent');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('eks_pod_identity_notified_findings', table => {
    table.dropColumn('baseline');
  });
  await knex.schema.dropTable('eks_pod_identity_watched_clusters');
};
