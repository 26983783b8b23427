/**
 * Whether an entity's claim on a service account is corroborated (one of its
 * workloads carries the entity's kubernetes-id, or a grant tag names it), so
 * that uncorroborated claims on someone else's service account can be told apart.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('entity_service_accounts', table => {
    table
      .boolean('corroborated')
      .notNullable()
      .defaultTo(false)
      .comment('A workload label or a grant tag backs the claim');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('entity_service_accounts', table => {
    table.dropColumn('corroborated');
  });
};
