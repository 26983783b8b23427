/*
 * IAM's service last accessed report of each workload role, read apart from
 * the scan (a daily refresh): PERMISSIONS_UNUSED and "used / granted".
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('role_last_accessed', table => {
    table.string('role_arn', 2048).primary().comment('The role reported on');
    table
      .string('reported_at')
      .notNullable()
      .comment('When IAM completed the report');
    table
      .text('record_json')
      .notNullable()
      .comment('RoleLastAccessedRecord of -node');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('role_last_accessed');
};
