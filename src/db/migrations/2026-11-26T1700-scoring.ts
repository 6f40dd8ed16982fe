import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The national score counts every data set's state per (LAO, aspect): a covering index in GROUP BY order
  // lets it read the index alone, without a sort.
  await db.schema
    .createIndex('dataset_record_score_idx')
    .on('dataset_record')
    .columns(['year', 'lao_code', 'section_no', 'status', 'error_count', 'updated_at', 'dataset_id'])
    .execute();
  // A past moment looks up only the data sets saved again after it: found by this index, not by a scan.
  await db.schema
    .createIndex('dataset_record_year_updated_idx')
    .on('dataset_record')
    .columns(['year', 'updated_at'])
    .execute();

  // Rubrics imported by the central administrator; the shipped default lives in src/scoring/rubrics/.
  await db.schema
    .createTable('score_rubric')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('score_rubric_pk', ['year', 'revision'])
    .execute();

  // Frozen assessments: written once, never updated.
  await db.schema
    .createTable('score_assessment')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('scope', 'varchar(16)', (c) => c.notNull())
    .addColumn('scope_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('rubric_json', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('distribution_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('score_assessment_year_idx')
    .on('score_assessment')
    .columns(['year', 'created_at'])
    .execute();

  await db.schema
    .createTable('score_assessment_item')
    .addColumn('assessment_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('province_code', 'varchar(2)', (c) => c.notNull())
    .addColumn('district_code', 'varchar(4)', (c) => c.notNull())
    .addColumn('lao_name_th', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('criterion_th', 'text', (c) => c.notNull())
    .addColumn('criterion_en', 'text', (c) => c.notNull())
    .addColumn('reasons_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('score_assessment_item_pk', ['assessment_id', 'lao_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('dataset_record_score_idx').execute();
  await db.schema.dropIndex('dataset_record_year_updated_idx').execute();
  for (const t of ['score_assessment_item', 'score_assessment', 'score_rubric'])
    await db.schema.dropTable(t).execute();
}
