import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('province')
    .addColumn('code', 'varchar(2)', (c) => c.primaryKey())
    .addColumn('name_th', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('district')
    .addColumn('code', 'varchar(4)', (c) => c.primaryKey())
    .addColumn('province_code', 'varchar(2)', (c) => c.notNull().references('province.code'))
    .addColumn('name_th', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('district_province_idx').on('district').column('province_code').execute();
  await db.schema
    .createTable('lao')
    .addColumn('code', 'varchar(7)', (c) => c.primaryKey())
    .addColumn('province_code', 'varchar(2)', (c) => c.notNull().references('province.code'))
    .addColumn('district_code', 'varchar(4)', (c) => c.notNull().references('district.code'))
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('area_km2', 'double precision')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lao_province_idx')
    .on('lao')
    .columns(['province_code', 'district_code'])
    .execute();
  await db.schema.createIndex('lao_district_idx').on('lao').column('district_code').execute();
  // Type, name and status of an LAO from a fiscal year on: one row per change (0 = the baseline registry).
  await db.schema
    .createTable('lao_version')
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull().references('lao.code'))
    .addColumn('from_year', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name_th', 'text', (c) => c.notNull())
    .addColumn('search_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'varchar(7)')
    .addColumn('change_kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lao_version_pk', ['lao_code', 'from_year'])
    .execute();
  await db.schema.createIndex('lao_version_year_idx').on('lao_version').columns(['from_year']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['lao_version', 'lao', 'district', 'province']) await db.schema.dropTable(t).execute();
}
