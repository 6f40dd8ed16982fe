import type { Kysely } from 'kysely';

/**
 * Data quality (issue 15 item 4): `quality_explanation` keeps why a value flagged by a plausibility rule, a
 * year-over-year change or the peer comparison is right anyway, one per (LAO, year, data set, rule, row).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quality_explanation')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('dataset_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('section_no', 'integer', (c) => c.notNull())
    .addColumn('rule_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('row_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('by_username', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('quality_explanation_key', ['lao_code', 'year', 'dataset_id', 'rule_id', 'row_id'])
    .execute();
  await db.schema
    .createIndex('quality_explanation_section_idx')
    .on('quality_explanation')
    .columns(['lao_code', 'year', 'section_no'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quality_explanation').execute();
}
