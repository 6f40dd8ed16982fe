import type { Kysely } from 'kysely';
import { applySeedMemo, setDeadline } from '../assignments/assignments.service.ts';
import { getCatalog } from '../catalog/catalog.service.ts';
import type { StoredValue } from '../catalog/validation.ts';
import { certifyAspect, returnAspect } from '../certification/certification.service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { applicable, readDataset, saveDataset } from '../records/records.service.ts';
import { getLao } from '../registry/registry.service.ts';
import { hashSeed, Rng } from '../seed/rng.ts';
import { laoProfile, rowMaker } from '../seed/values.ts';
import { actorOf, findUserByUsername } from '../users/users.service.ts';
import { DEMO_LAO } from './demo.service.ts';

/** Bangkok wall-clock time as an ISO instant. */
const bkk = (isoLocal: string) => new Date(`${isoLocal}+07:00`).toISOString();

/**
 * The demo LAO's data: FY 2568 fully recorded (in spring 2568), FY 2569 partly recorded, so that a first
 * visit shows every state (not recorded, partial, complete, none in our area) and "copy last year" has
 * something to copy. Deterministic. Skipped when the LAO already has records.
 */
export async function ensureDemoData(db: Kysely<Database>, config: Config): Promise<boolean> {
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
  // The nationwide seed's generator, with บ้านบัว's own location and area: FY 2569 is FY 2568 carried forward
  // with a year's small changes, so every value is one a provincial officer would believe (and none is flagged).
  const rng = new Rng(hashSeed(2569, DEMO_LAO, 'demo'));
  const reg = await getLao(db, DEMO_LAO, 2569);
  const profile = laoProfile(
    {
      code: DEMO_LAO,
      type: reg.type,
      province_code: reg.provinceCode,
      district_code: reg.districtCode,
      lat: reg.lat,
      lon: reg.lon,
      area_km2: reg.areaKm2,
    },
    rng,
  );
  const lastYear = new Map<string, Record<string, StoredValue | null>[]>();
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
        const maker = rowMaker(d);
        const before = lastYear.get(d.id);
        const values = before
          ? before.map((v, n) => maker.drift(v, { ...profile, type: lao.type }, rng, n, year))
          : Array.from({ length: isList ? rng.int(2, 5) : 1 }, (_, n) =>
              maker.row({ ...profile, type: lao.type }, rng, n, year),
            );
        lastYear.set(d.id, values);
        const rows = values.map((v) => ({ values: { ...v } as Record<string, unknown> }));
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
  await demoCertifications(db, config);
  // The seed memo: every aspect recorded up to date by 15 May 2569; the national deadline the same day.
  const central = await actorOf(db, (await findUserByUsername(db, 'admin'))!);
  await setDeadline(db, central, 2569, '2026-05-15');
  await applySeedMemo(db, actor, DEMO_LAO, 2569, '2026-05-15');
  return true;
}

/**
 * FY 2568 certified by the LAO and the province; FY 2569 as in the seed's status row for aspects 1–5 on
 * 14/05/2569, then the province certifies 1 and 2, returns 3 with a reason, and aspect 4 is changed after
 * its certification.
 */
async function demoCertifications(db: Kysely<Database>, config: Config) {
  const certifier = await actorOf(db, (await findUserByUsername(db, 'banbua.certifier'))!);
  const province = await actorOf(db, (await findUserByUsername(db, 'buriram'))!);
  const admin = await actorOf(db, (await findUserByUsername(db, 'banbua.admin'))!);
  const stamp = (date: string, no: number, base = 12) =>
    bkk(`${date}T15:${String(base + no).padStart(2, '0')}:${String((no * 17) % 60).padStart(2, '0')}`);
  for (let no = 1; no <= 9; no++) {
    await certifyAspect(db, certifier, DEMO_LAO, 2568, no, 'lao', { at: stamp('2025-05-14', no) });
    await certifyAspect(db, province, DEMO_LAO, 2568, no, 'province', { at: stamp('2025-05-20', no, 30) });
  }
  for (let no = 1; no <= 5; no++)
    await certifyAspect(db, certifier, DEMO_LAO, 2569, no, 'lao', { at: stamp('2026-05-14', no) });
  for (const no of [1, 2])
    await certifyAspect(db, province, DEMO_LAO, 2569, no, 'province', { at: stamp('2026-05-19', no, 40) });
  await returnAspect(
    db,
    config,
    province,
    DEMO_LAO,
    2569,
    3,
    'จำนวน อปพร. ไม่ตรงกับทะเบียนของอำเภอ โปรดตรวจสอบและแก้ไข',
    {
      at: bkk('2026-05-19T15:45:10'),
    },
  );
  const catalog = await getCatalog(db, 2569);
  const roads = catalog.sections.find((s) => s.no === 4)!.datasets[0]!;
  const cur = await readDataset(db, admin, DEMO_LAO, 2569, roads.id);
  if (cur.rows[0]) {
    // The first road re-measured: a little longer than recorded.
    const rows = cur.rows.map((r, i) => ({
      id: r.id,
      values:
        i === 0 && typeof r.values.lengthKm === 'number'
          ? { ...r.values, lengthKm: Math.round(r.values.lengthKm * 110) / 100 }
          : r.values,
    }));
    await saveDataset(
      db,
      admin,
      DEMO_LAO,
      2569,
      roads.id,
      { version: cur.version, rows, changeReason: 'แก้ไขความยาวถนนตามผลการสำรวจใหม่' },
      { source: 'api', at: bkk('2026-05-21T10:05:00') },
    );
  }
}
