import type { Kysely } from 'kysely';

/**
 * Who is responsible for a division, as an official memo names them (issue 16): the head's name and
 * position (ตำแหน่ง), e.g. "นายสมชาย ใจดี", "ผู้อำนวยการกองช่าง". Both optional: NULL until the LAO
 * administrator records them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('division').addColumn('head_name_th', 'text').execute();
  await db.schema.alterTable('division').addColumn('head_position_th', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('division').dropColumn('head_position_th').execute();
  await db.schema.alterTable('division').dropColumn('head_name_th').execute();
}
