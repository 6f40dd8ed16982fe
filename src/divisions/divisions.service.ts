import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * The divisions every LAO starts with: those of the seed memo, which the default catalog's sections are
 * assigned to (สำนักปลัด keeps the general profile). An LAO administrator can add, rename or remove them.
 */
export const defaultDivisions: { th: string; en: string }[] = [
  { th: 'สำนักปลัด', en: 'Office of the Permanent Secretary' },
  { th: 'กองคลัง', en: 'Finance Division' },
  { th: 'กองช่าง', en: 'Public Works Division' },
  { th: 'กองการศึกษา', en: 'Education Division' },
  { th: 'กองสาธารณสุขและสิ่งแวดล้อม', en: 'Public Health and Environment Division' },
  { th: 'งานป้องกันและบรรเทาสาธารณภัย ฝ่ายอำนวยการ', en: 'Disaster Prevention, General Affairs' },
  { th: 'หน่วยตรวจสอบภายใน', en: 'Internal Audit Unit' },
  { th: 'ฝ่ายอำนวยการ งานประชาสัมพันธ์', en: 'General Affairs, Public Relations' },
];

/** The LAO's divisions in their order. */
export function listDivisions(db: Kysely<Database>, laoCode: string) {
  return db
    .selectFrom('division')
    .selectAll()
    .where('lao_code', '=', laoCode)
    .orderBy('position')
    .orderBy('name_th')
    .execute();
}

/** Creates the default divisions of an LAO that has none yet; returns the LAO's divisions. */
export async function ensureDefaultDivisions(db: Kysely<Database>, laoCode: string) {
  const existing = await listDivisions(db, laoCode);
  if (existing.length) return existing;
  const at = new Date().toISOString();
  await db
    .insertInto('division')
    .values(
      defaultDivisions.map((d, i) => ({
        id: randomUUID(),
        lao_code: laoCode,
        name_th: d.th,
        name_en: d.en,
        position: i + 1,
        created_at: at,
      })),
    )
    .execute();
  return listDivisions(db, laoCode);
}
