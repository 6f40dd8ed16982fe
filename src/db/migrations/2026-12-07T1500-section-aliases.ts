import { type Kysely, sql } from 'kysely';

/**
 * Other names a section is known by (issue 16): the seed's and the indicator's alternative names, e.g. aspect 2
 * "วัฒนธรรมและการศึกษา", section 9 "รายงานเกี่ยวกับพื้นที่…", kept with the section so that the catalog search
 * finds it by any of them. A JSON array of Thai strings; '[]' for a section without one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('catalog_section')
    .addColumn('aliases_json', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('catalog_section').dropColumn('aliases_json').execute();
}
