import type { Kysely } from 'kysely';
import { getCatalog } from '../catalog/catalog.service.ts';
import { prng, sampleRow } from '../catalog/sample-values.ts';
import type { Database } from '../db/database.ts';
import { applicable, saveDataset } from '../records/records.service.ts';
import { getLao } from '../registry/registry.service.ts';
import { actorOf, findUserByUsername } from '../users/users.service.ts';
import { DEMO_LAO } from './demo.service.ts';

/** Bangkok wall-clock time as an ISO instant. */
const bkk = (isoLocal: string) => new Date(`${isoLocal}+07:00`).toISOString();

/**
 * The demo LAO's data: FY 2568 fully recorded (in spring 2568), FY 2569 partly recorded, so that a first
 * visit shows every state (not recorded, partial, complete, none in our area) and "copy last year" has
 * something to copy. Deterministic. Skipped when the LAO already has records.
 */
export async function ensureDemoData(db: Kysely<Database>): Promise<boolean> {
  const existing = await db
    .selectFrom('dataset_record')
    .select('dataset_id')
    .where('lao_code', '=', DEMO_LAO)
    .limit(1)
    .execute();
  if (existing.length) return false;
  const admin = await findUserByUsername(db, 'banbua.admin');
  if (!admin) return false;
  const actor = await actorOf(db, admin);
  const r = prng(2569);
  for (const year of [2568, 2569]) {
    const catalog = await getCatalog(db, year);
    const lao = await getLao(db, DEMO_LAO, year);
    let minute = 0;
    for (const section of catalog.sections) {
      const sets = applicable(section, lao.type);
      for (const [i, d] of sets.entries()) {
        minute += 7;
        const day = year === 2568 ? '2025-03-' : '2026-04-';
        const at = bkk(
          `${day}${String(3 + Math.floor(minute / 600)).padStart(2, '0')}T${String(9 + Math.floor((minute % 600) / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`,
        );
        if (year === 2569) {
          // FY 2569: aspects 1–5 recorded; in 6 and 7 the first data set only (partial); 8 and the debt report not yet.
          if (section.no === 8 || section.no === 9) continue;
          if ((section.no === 6 || section.no === 7) && i > 0) continue;
        }
        const isList = d.kind === 'list';
        if (isList && year === 2569 && section.no === 4 && i === 1) {
          await saveDataset(
            db,
            actor,
            DEMO_LAO,
            year,
            d.id,
            { version: 0, none: true, noneReason: 'ไม่มีในพื้นที่รับผิดชอบของเทศบาล' },
            { source: 'api', kind: 'none', at },
          );
          continue;
        }
        const rows = Array.from({ length: isList ? 2 + Math.floor(r() * 4) : 1 }, (_, n) => ({
          values: sampleRow(d, r, n, year),
        }));
        if (year === 2569 && section.no === 6) {
          // One required value left out: the data set is partial ("บันทึกบางส่วน").
          const req = d.fields.find((f) => f.required);
          if (req && rows[0]) rows[0].values[req.key] = null;
        }
        await saveDataset(
          db,
          actor,
          DEMO_LAO,
          year,
          d.id,
          { version: 0, rows },
          { source: 'api', kind: 'save', at },
        );
      }
    }
  }
  return true;
}
