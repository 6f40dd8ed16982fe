import type { Kysely } from 'kysely';
import { getDataset } from '../catalog/catalog.service.ts';
import type { Database } from '../db/database.ts';
import { type Actor, can } from '../policy/policy.ts';
import { requireKnownArea } from '../registry/registry.service.ts';
import { AppError, bi } from '../util/errors.ts';
import * as repo from './aggregates.repository.ts';
import type { SumQuery } from './aggregates.schemas.ts';

const forbidden = () =>
  new AppError('forbidden', bi('คุณไม่มีสิทธิ์ดูข้อมูลสรุปของพื้นที่นี้', 'You may not see aggregates of this area'));

/** The LAOs an actor's aggregate covers: the whole country for the centre, else the actor's own area. */
function scopeOf(actor: Actor, province: string | undefined): repo.AggregateScope {
  if (can(actor, 'system.admin')) return { province: province ?? null };
  if (province && province !== actor.provinceCode) throw forbidden();
  if (actor.role === 'province_officer' && can(actor, 'province.view', { provinceCode: actor.provinceCode }))
    return { province: actor.provinceCode };
  if (actor.role === 'district_officer' && can(actor, 'province.view', { districtCode: actor.districtCode }))
    return { district: actor.districtCode };
  if (actor.laoCode && can(actor, 'lao.view', { laoCode: actor.laoCode })) return { lao: actor.laoCode };
  throw forbidden();
}

/**
 * The sum of one numeric field over every row of a data set in a fiscal year, by province or district (of
 * the actor's area), with row and value counts: one grouped query whatever the number of LAOs.
 */
export async function sumByArea(db: Kysely<Database>, actor: Actor, q: SumQuery) {
  const scope = scopeOf(actor, q.province);
  const year = q.year;
  await requireKnownArea(db, { province: q.province });
  // The data set is a query parameter here, not the address: an unknown one is a 422 naming it.
  const { dataset } = await getDataset(db, year, q.dataset).catch((err: unknown) => {
    if (!(err instanceof AppError) || err.code !== 'not_found') throw err;
    throw new AppError('unprocessable', err.text, [
      { field: 'dataset', code: 'unknown_dataset', message: err.text },
    ]);
  });
  const field = dataset.fields.find((f) => f.key === q.field);
  if (!field || (field.type !== 'integer' && field.type !== 'decimal')) {
    const numeric = dataset.fields
      .filter((f) => f.type === 'integer' || f.type === 'decimal')
      .map((f) => f.key);
    throw new AppError('bad_request', bi(`ค่าที่ส่งมาไม่ถูกต้อง: field`, 'Invalid value for: field'), [
      {
        field: 'field',
        message: bi(
          `ชุดข้อมูล${dataset.nameTh}ไม่มีฟิลด์ตัวเลข ${q.field} — ใช้หนึ่งใน ${numeric.join(', ')}`,
          `${dataset.nameEn} has no numeric field ${q.field}; use one of ${numeric.join(', ')}`,
        ),
      },
    ]);
  }
  const [groups, names] = await Promise.all([
    repo.sumByArea(db, { year, datasetId: dataset.id, field: field.key, by: q.by, scope }),
    q.by === 'province' ? repo.provinceNames(db) : repo.districtNames(db, scope.province),
  ]);
  const byCode = new Map(names.map((n) => [n.code, n]));
  // Sums of decimals carry float noise: round to what the field can hold.
  const places = field.type === 'integer' ? 0 : (field.decimals ?? 6);
  const round = (x: number) => Math.round(x * 10 ** places) / 10 ** places;
  const items = groups
    .map((g) => ({
      code: g.code,
      nameTh: byCode.get(g.code)?.name_th ?? g.code,
      nameEn: byCode.get(g.code)?.name_en ?? g.code,
      rows: Number(g.rows),
      values: Number(g.values),
      sum: round(Number(g.sum ?? 0)),
    }))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  return {
    year,
    datasetId: dataset.id,
    field: { key: field.key, labelTh: field.labelTh, labelEn: field.labelEn, unit: field.unit },
    by: q.by,
    items,
    total: {
      rows: items.reduce((s, i) => s + i.rows, 0),
      values: items.reduce((s, i) => s + i.values, 0),
      sum: round(items.reduce((s, i) => s + i.sum, 0)),
    },
  };
}
