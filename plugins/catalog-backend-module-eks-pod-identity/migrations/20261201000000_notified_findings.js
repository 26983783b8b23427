/*
 * Critical and high findings whose owner has been notified, so each is
 * notified once; a row is deleted when its finding is gone, so a finding that
 * comes back is notified again. Lives in the catalog plugin's database.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('eks_pod_identity_notified_findings', table => {
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
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('eks_pod_identity_notified_findings');
};
