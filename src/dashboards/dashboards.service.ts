import type { Kysely } from 'kysely';
import { dueDateError, getDeadline } from '../assignments/assignments.service.ts';
import { isoToBE, todayIso } from '../assignments/due-dates.ts';
import { logActivity } from '../audit/audit.service.ts';
import { certificationLog } from '../certification/certification.repository.ts';
import {
  type AspectState,
  aspectState,
  aspectStates,
  countsAsCertified,
} from '../certification/certification.state.ts';
import type { Database } from '../db/database.ts';
import { type Actor, can } from '../policy/policy.ts';
import { requireLao } from '../policy/scope.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { allLaos } from '../registry/registry.repository.ts';
import { getLao, getProvince } from '../registry/registry.service.ts';
import type { LaoType } from '../registry/registry.table.ts';
import { AppError, bi } from '../util/errors.ts';
import { NodeCache } from '../util/node-cache.ts';
import { bangkokIsoDate, fiscalYearRange } from '../util/thai-date.ts';
import * as repo from './dashboards.repository.ts';
import { progressSeries } from './progress.ts';

const ASPECTS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
type Flags = Awaited<ReturnType<typeof repo.aspectFlags>>[number];

const _unauthorized = () => new AppError('unauthorized', bi('กรุณาเข้าสู่ระบบก่อน', 'Please sign in first'));

/** The first and last day of a fiscal year (Bangkok), yyyy-mm-dd. */
function yearDays(year: number) {
  const r = fiscalYearRange(year);
  return { first: bangkokIsoDate(r.start), last: bangkokIsoDate(r.end.getTime() - 1) };
}

/** The earlier of yyyy-mm-dd days (they sort as text). */
const earliest = (...days: string[]) => [...days].sort()[0]!;

/**
 * Progress toward the deadline, day by day from the start of the fiscal year to today. The axis spans the
 * fiscal year, or runs on to today when certification goes on after the year ended (up to a year more).
 */
// The chart reads a whole year of the log: each node keeps it for a minute (the tables beside it are live). Keyed
// by year, province and day: the bound keeps the days that pass from growing it.
const progressCache = new NodeCache<Awaited<ReturnType<typeof computeProgress>>>({
  name: 'dashboard_progress',
  ttlMs: 60_000,
  maxEntries: 200,
});

function progress(db: Kysely<Database>, year: number, now: Date, province?: string) {
  const key = `${year}:${province ?? ''}:${todayIso(now)}`;
  return progressCache.get(db, key, () => computeProgress(db, year, now, province));
}

async function computeProgress(db: Kysely<Database>, year: number, now: Date, province?: string) {
  const { first, last: yearEnd } = yearDays(year);
  const today = todayIso(now);
  const limit = yearDays(year + 1).last;
  const last = today > yearEnd ? earliest(today, limit) : yearEnd;
  const [log, firsts] = await Promise.all([
    certificationLog(db, year, { province, aspectsOnly: true }),
    repo.firstChanges(db, year, province),
  ]);
  // The chart replays the whole log in the order it was written, across LAOs.
  const events = log.sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return {
    from: first,
    to: last,
    points: progressSeries(events, firsts, first, earliest(today, last)),
  };
}

type Shares = {
  laos: number;
  aspects: number;
  recorded: number;
  laoCertified: number;
  provinceCertified: number;
};

function tally(rows: Flags[]) {
  const byProvince = new Map<string, { recorded: number; laoCertified: number; provinceCertified: number }>();
  const certifiedByLao = new Map<string, number>();
  for (const r of rows) {
    const state = aspectState(r);
    const p = byProvince.get(r.province_code) ?? { recorded: 0, laoCertified: 0, provinceCertified: 0 };
    if (r.data_state === 'complete') p.recorded++;
    if (countsAsCertified(state, 'lao')) {
      p.laoCertified++;
      certifiedByLao.set(r.lao_code, (certifiedByLao.get(r.lao_code) ?? 0) + 1);
    }
    if (countsAsCertified(state, 'province')) p.provinceCertified++;
    byProvince.set(r.province_code, p);
  }
  return { byProvince, certifiedByLao };
}

/**
 * The public summary of a fiscal year: per province the share of aspects 1–8 recorded (data complete),
 * certified by the LAO and by the province, the national totals, the deadline and the progress chart's data.
 */
export async function nationalSummary(db: Kysely<Database>, year: number, now = new Date()) {
  const [counts, rows, deadline, chart] = await Promise.all([
    repo.laoCountsByProvince(db, year),
    repo.aspectFlags(db, year),
    getDeadline(db, year),
    progress(db, year, now),
  ]);
  const { byProvince, certifiedByLao } = tally(rows);
  const thai = new Intl.Collator('th');
  const provinces = counts
    .map((c) => {
      const p = byProvince.get(c.province_code) ?? { recorded: 0, laoCertified: 0, provinceCertified: 0 };
      const laos = Number(c.n);
      return { code: c.province_code, nameTh: c.name_th, nameEn: c.name_en, laos, aspects: laos * 8, ...p };
    })
    .sort((a, b) => thai.compare(a.nameTh, b.nameTh));
  const totals: Shares = provinces.reduce(
    (s, p) => ({
      laos: s.laos + p.laos,
      aspects: s.aspects + p.aspects,
      recorded: s.recorded + p.recorded,
      laoCertified: s.laoCertified + p.laoCertified,
      provinceCertified: s.provinceCertified + p.provinceCertified,
    }),
    { laos: 0, aspects: 0, recorded: 0, laoCertified: 0, provinceCertified: 0 },
  );
  return { year, deadline: deadline.dueDate, totals, provinces, chart, certifiedByLao };
}

export type NationalSummary = Awaited<ReturnType<typeof nationalSummary>>;

/** A share as a number 0–1 with 4 decimals (the API), 0 when there is nothing to share. */
export const share = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 10000) / 10000 : 0);

/** Whether an LAO is behind: its (extended) deadline has passed and not all 8 aspects stand LAO-certified. */
const isBehind = (certified: number, due: string | null, today: string) =>
  Boolean(due && today > due && certified < 8);

/**
 * The national dashboard (central administrator): the summary, with per province the LAOs behind the deadline
 * and the extensions granted, and every extension of the year.
 */
export async function nationalDashboard(db: Kysely<Database>, actor: Actor, year: number, now = new Date()) {
  if (!can(actor, 'system.admin'))
    throw new AppError(
      'forbidden',
      bi(
        'เฉพาะผู้ดูแลระบบส่วนกลางที่ดูแดชบอร์ดระดับประเทศได้',
        'Only the central administrator sees the national dashboard',
      ),
    );
  const [summary, extensions, laos] = await Promise.all([
    nationalSummary(db, year, now),
    repo.extensionsOf(db, year),
    allLaos(db, { year }),
  ]);
  const today = todayIso(now);
  const extended = new Map(extensions.map((x) => [x.lao_code, x.due_date]));
  const behindByProvince = new Map<string, number>();
  for (const l of laos) {
    const due = extended.get(l.code) ?? summary.deadline;
    if (isBehind(summary.certifiedByLao.get(l.code) ?? 0, due, today))
      behindByProvince.set(l.province_code, (behindByProvince.get(l.province_code) ?? 0) + 1);
  }
  return {
    ...summary,
    provinces: summary.provinces.map((p) => ({
      ...p,
      behind: behindByProvince.get(p.code) ?? 0,
      extensions: extensions.filter((x) => x.province_code === p.code).length,
    })),
    behind: [...behindByProvince.values()].reduce((a, b) => a + b, 0),
    extensions: extensions.map(toExtension),
  };
}

const toExtension = (x: Awaited<ReturnType<typeof repo.extensionsOf>>[number]) => ({
  laoCode: x.lao_code,
  laoNameTh: fullNameTh(x.type, x.name),
  provinceCode: x.province_code,
  provinceNameTh: x.province_name_th,
  districtNameTh: x.district_name_th,
  dueDate: x.due_date,
  reason: x.reason,
  grantedBy: x.granted_by,
  grantedAt: x.granted_at,
});

export type Extension = ReturnType<typeof toExtension>;

/** 403 unless the actor may follow this province (a district officer: only their own district of it). */
function requireProvinceView(actor: Actor, province: string, district: string | undefined) {
  // A district counts only if it lies in this province (district codes start with the province code).
  const inProvince = district?.startsWith(province) ? district : null;
  if (can(actor, 'province.view', { provinceCode: province, districtCode: inProvince })) return;
  throw new AppError(
    'forbidden',
    actor.role === 'district_officer'
      ? bi('เลือกอำเภอของคุณเพื่อดูแดชบอร์ด', 'Choose your own district to see the dashboard')
      : bi('คุณดูแดชบอร์ดของจังหวัดนี้ไม่ได้', 'You may not see this province’s dashboard'),
  );
}

export type ProvinceFilter = {
  district?: string | undefined;
  type?: LaoType | undefined;
  state?: AspectState | undefined;
};

/**
 * The province dashboard: every LAO of the province (by district and type) × aspects 1–8 with their states,
 * the counts per state, the LAOs behind the deadline (extensions counted), the extensions, and whether the
 * actor may certify. The state filter keeps the LAOs that have at least one aspect in that state.
 */
export async function provinceDashboard(
  db: Kysely<Database>,
  actor: Actor,
  provinceCode: string,
  year: number,
  f: ProvinceFilter,
  now = new Date(),
) {
  requireProvinceView(actor, provinceCode, f.district);
  const province = await getProvince(db, provinceCode);
  if (!province)
    throw new AppError('not_found', bi(`ไม่พบจังหวัดรหัส ${provinceCode}`, `No province ${provinceCode}`));
  const [laos, rows, deadline, extensions, chart] = await Promise.all([
    allLaos(db, { year, province: provinceCode, district: f.district, type: f.type }),
    repo.aspectFlags(db, year, { province: provinceCode, district: f.district }),
    getDeadline(db, year),
    repo.extensionsOf(db, year, provinceCode),
    progress(db, year, now, provinceCode),
  ]);
  const byKey = new Map(rows.map((r) => [`${r.lao_code}:${Number(r.section_no)}`, r]));
  const extended = new Map(extensions.map((x) => [x.lao_code, x]));
  const today = todayIso(now);
  const counts = Object.fromEntries(aspectStates.map((s) => [s, 0])) as Record<AspectState, number>;
  const all = laos.map((l) => {
    const aspects = ASPECTS.map((no) => ({ no, state: aspectState(byKey.get(`${l.code}:${no}`)) }));
    for (const a of aspects) counts[a.state]++;
    const certified = aspects.filter((a) => countsAsCertified(a.state, 'lao')).length;
    const ext = extended.get(l.code) ?? null;
    const due = ext?.due_date ?? deadline.dueDate;
    return {
      code: l.code,
      nameTh: fullNameTh(l.type, l.name),
      type: l.type,
      districtCode: l.district_code,
      districtNameTh: l.district_name_th,
      aspects,
      certified,
      dueDate: due,
      extension: ext ? { dueDate: ext.due_date, reason: ext.reason } : null,
      behind: isBehind(certified, due, today),
    };
  });
  return {
    province,
    year,
    deadline: deadline.dueDate,
    counts,
    total: all.length * ASPECTS.length,
    laos: f.state ? all.filter((l) => l.aspects.some((a) => a.state === f.state)) : all,
    behind: all.filter((l) => l.behind),
    extensions: extensions.map(toExtension),
    mayCertify: can(actor, 'province.certify', { provinceCode }),
    chart,
    laoCount: all.length,
  };
}

export type ProvinceDashboard = Awaited<ReturnType<typeof provinceDashboard>>;

/** 403 unless the actor may grant extensions for this LAO (its province's officer, or the centre). */
const requireGrant = (db: Kysely<Database>, actor: Actor, laoCode: string) =>
  requireLao(db, actor, laoCode, 'province.certify', {
    refusal: bi(
      'เฉพาะสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดของ อปท. นี้ที่ขยายกำหนดส่งได้',
      'Only the provincial office of this LAO’s province may extend its deadline',
    ),
  });

/**
 * Grants (or changes) an LAO's extension of the fiscal year's deadline: a later day inside the fiscal year,
 * with a reason; logged.
 */
export async function grantExtension(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  input: { dueDate: string; reason: string },
  opts: { ip?: string | null } = {},
) {
  await requireGrant(db, actor, laoCode);
  const lao = await getLao(db, laoCode, year);
  if (lao.status !== 'active')
    throw new AppError(
      'not_found',
      bi(`${lao.nameTh} สิ้นสภาพในปีงบประมาณ ${year}`, `${lao.nameTh} no longer exists in ${year}`),
    );
  const deadline = await getDeadline(db, year);
  const e = dueDateError(year, input.dueDate, 'dueDate');
  if (e) throw new AppError('unprocessable', e.message, [e]);
  if (!deadline.dueDate)
    throw new AppError(
      'unprocessable',
      bi(
        `ส่วนกลางยังไม่ได้กำหนดวันส่งข้อมูลของปีงบประมาณ ${year} จึงยังขยายไม่ได้`,
        `The centre has not set fiscal year ${year}'s deadline yet; there is nothing to extend`,
      ),
      [],
    );
  if (input.dueDate <= deadline.dueDate)
    throw new AppError(
      'unprocessable',
      bi(
        `วันที่ขยายต้องหลังกำหนดส่ง ${isoToBE(deadline.dueDate)}`,
        `The extended date must be after the deadline ${isoToBE(deadline.dueDate)}`,
      ),
      [
        {
          field: 'dueDate',
          code: 'not_after_deadline',
          message: bi(
            `เลือกวันหลัง ${isoToBE(deadline.dueDate)} (กำหนดส่งของปีงบประมาณ ${year})`,
            `Choose a day after ${isoToBE(deadline.dueDate)} (fiscal year ${year}'s deadline)`,
          ),
        },
      ],
    );
  const row = {
    lao_code: laoCode,
    year,
    due_date: input.dueDate,
    reason: input.reason,
    granted_by: actor!.username,
    granted_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    const old = await repo.findExtension(trx, laoCode, year);
    await repo.upsertExtension(trx, row);
    await logActivity(trx, {
      actor,
      action: 'deadline.extended',
      laoCode,
      target: String(year),
      detail: { old: old?.due_date ?? null, new: input.dueDate, reason: input.reason },
      ip: opts.ip ?? null,
    });
  });
  return {
    laoCode,
    laoNameTh: lao.nameTh,
    year,
    dueDate: row.due_date,
    reason: row.reason,
    grantedBy: row.granted_by,
    grantedAt: row.granted_at,
    deadline: deadline.dueDate,
  };
}

/** Withdraws an LAO's extension (the year's deadline applies again); logged. 404 when there is none. */
export async function revokeExtension(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  opts: { ip?: string | null } = {},
) {
  await requireGrant(db, actor, laoCode);
  await db.transaction().execute(async (trx) => {
    const old = await repo.findExtension(trx, laoCode, year);
    if (!old)
      throw new AppError(
        'not_found',
        bi(
          `อปท. รหัส ${laoCode} ไม่มีการขยายกำหนดส่งในปีงบประมาณ ${year}`,
          `No extension for ${laoCode} in ${year}`,
        ),
      );
    await repo.deleteExtension(trx, laoCode, year);
    await logActivity(trx, {
      actor,
      action: 'deadline.extension_revoked',
      laoCode,
      target: String(year),
      detail: { old: old.due_date },
      ip: opts.ip ?? null,
    });
  });
}

/** An LAO's extension in a year, or null (anyone who may see the LAO). */
export async function extensionOf(db: Kysely<Database>, actor: Actor, laoCode: string, year: number) {
  await requireLao(db, actor, laoCode, 'lao.view');
  const [x, deadline] = await Promise.all([repo.findExtension(db, laoCode, year), getDeadline(db, year)]);
  return {
    laoCode,
    year,
    deadline: deadline.dueDate,
    extension: x
      ? { dueDate: x.due_date, reason: x.reason, grantedBy: x.granted_by, grantedAt: x.granted_at }
      : null,
    effectiveDueDate: x?.due_date ?? deadline.dueDate,
  };
}

/** The extensions of a province in a year (its officers, district officers of it, the centre). */
export async function provinceExtensions(
  db: Kysely<Database>,
  actor: Actor,
  provinceCode: string,
  year: number,
) {
  if (!can(actor, 'province.view', { provinceCode }) && actor.role !== 'district_officer')
    throw new AppError('forbidden', bi('คุณดูข้อมูลของจังหวัดนี้ไม่ได้', 'You may not see this province'));
  if (actor.role === 'district_officer' && actor.provinceCode !== provinceCode)
    throw new AppError('forbidden', bi('คุณดูข้อมูลของจังหวัดนี้ไม่ได้', 'You may not see this province'));
  return (await repo.extensionsOf(db, year, provinceCode)).map(toExtension);
}
