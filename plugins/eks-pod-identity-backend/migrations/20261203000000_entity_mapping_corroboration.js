/**
 * Whether an entity's claim on a service account is corroborated (one of its
 * workloads carries the entity's kubernetes-id, or a grant tag names it), so
 * that uncorroborated claims on someone else's service account can be told
 * apart; and the entity's kubernetes-id, since one that several entities
 * declare corroborates none of them.
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
    table
      .string('kubernetes_id')
      .comment("The entity's backstage.io/kubernetes-id annotation");
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('entity_service_accounts', table => {
    table.dropColumn('corroborated');
    table.dropColumn('kubernetes_id');
  });
};
