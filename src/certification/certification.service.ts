import type { Kysely, Transaction } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import type { FieldDef } from '../catalog/catalog.schemas.ts';
import type { Catalog, CatalogSection } from '../catalog/catalog.service.ts';
import type { Config } from '../config.ts';
import { announceChange } from '../db/change-feed.ts';
import type { Database } from '../db/database.ts';
import { queueMail } from '../mail/mail.service.ts';
import { notifyCertification } from '../notifications/notifications.service.ts';
import { type Actor, can } from '../policy/policy.ts';
import { laoScope, requireLao } from '../policy/scope.ts';
import { JUMP_FACTOR, unexplainedJumps } from '../quality/quality.service.ts';
import { applicable, HISTORY_INLINE, laoYear, type RowDiff } from '../records/records.service.ts';
import { statusChanged } from '../status/status.cache.ts';
import { AppError, bi, type FieldError } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { formatDateTimeBE, toBangkokIso } from '../util/thai-date.ts';
import * as repo from './certification.repository.ts';
import { type AspectState, aspectState, transition } from './certification.state.ts';
import type {
  AspectStatusTable,
  CertificationAction,
  CertificationEventTable,
} from './certification.table.ts';
import { openReturns } from './returns.ts';

export type Level = 'lao' | 'province';
type Opts = { ip?: string | null /** Seeding only: when it happened. */; at?: string };
type Lao = Awaited<ReturnType<typeof laoYear>>['lao'];

const notFoundLao = (code: string) =>
  new AppError('not_found', bi(`ไม่พบ อปท. รหัส ${code}`, `No LAO with code ${code}`));

/** 403 unless the actor may act at this level on this LAO (404 for an unknown LAO; also before a confirmation page is shown). */
export const requireLevel = (db: Kysely<Database>, actor: Actor, laoCode: string, level: Level) =>
  requireLao(db, actor, laoCode, level === 'lao' ? 'lao.certify' : 'province.certify');

/** The catalog section of an aspect (1–8) or the debt report (9); 404 for anything else. */
export function certifiableSection(catalog: Catalog, no: number): CatalogSection {
  const s = catalog.sections.find((x) => x.no === no);
  if (!s || s.kind === 'profile')
    throw new AppError(
      'not_found',
      bi(
        `ไม่มีด้านที่ ${no} ที่รับรองได้ในปีงบประมาณ ${catalog.year}`,
        `No certifiable aspect ${no} in fiscal year ${catalog.year}`,
      ),
    );
  return s;
}

/** The sections a certification page lists: the 8 aspects, then the debt report. */
export const certifiableSections = (catalog: Catalog) => catalog.sections.filter((s) => s.kind !== 'profile');

/** What is still missing before an aspect can be certified: each applicable data set not complete, by name. */
export function missingDatasets(
  section: CatalogSection,
  lao: Lao,
  records: { dataset_id: string; status: string; error_count: number }[],
): FieldError[] {
  const byId = new Map(records.map((r) => [r.dataset_id, r]));
  const out: FieldError[] = [];
  for (const d of applicable(section, lao.type)) {
    const r = byId.get(d.id);
    const ok = r && (r.status === 'complete' || r.status === 'none') && Number(r.error_count) === 0;
    if (ok) continue;
    const message = !r
      ? bi(`${d.nameTh}: ยังไม่ได้บันทึก`, `${d.nameEn}: not recorded`)
      : Number(r.error_count) > 0
        ? bi(
            `${d.nameTh}: มีข้อผิดพลาด ${r.error_count} รายการ ต้องแก้ไขก่อน`,
            `${d.nameEn}: ${r.error_count} errors to correct first`,
          )
        : r.status === 'empty'
          ? bi(`${d.nameTh}: ยังไม่ได้บันทึก`, `${d.nameEn}: not recorded`)
          : bi(`${d.nameTh}: บันทึกยังไม่ครบ`, `${d.nameEn}: incomplete`);
    out.push({ field: d.id, code: 'incomplete', message });
  }
  return out;
}

const refuse = (th: string, en: string, errors: FieldError[] = []) =>
  new AppError('unprocessable', bi(th, en), errors);

/** A value 10× last year's (or a tenth) must be explained before the LAO certifies its aspect (src/quality). */
async function refuseUnexplainedJumps(db: Kysely<Database>, laoCode: string, year: number, no: number) {
  const jumps = await unexplainedJumps(db, laoCode, year, no);
  if (jumps.length === 0) return;
  throw refuse(
    `ด้านที่ ${no} ยังรับรองไม่ได้: มีค่าที่เปลี่ยนจากปีก่อน ${JUMP_FACTOR} เท่าขึ้นไป ${jumps.length} รายการที่ยังไม่มีคำอธิบาย — ให้กองที่บันทึกข้อมูลแก้ไขค่า หรือระบุคำอธิบายในหน้าชุดข้อมูล`,
    `Aspect ${no} cannot be certified yet: ${jumps.length} values changed ${JUMP_FACTOR}-fold from last year with no explanation; the recording division must correct them or explain them on the data set page`,
    jumps.map((j) => ({ field: j.datasetId, code: 'explanation_required', message: j.message })),
  );
}

const lost = () =>
  new AppError(
    'conflict',
    bi(
      'มีผู้อื่นรับรองหรือเปลี่ยนสถานะด้านนี้ไปพร้อมกัน โหลดหน้าใหม่แล้วตรวจสอบอีกครั้ง',
      'Someone else certified or changed this aspect at the same moment; reload and check again',
    ),
  );

/** Certifying what is already certified: the other certification won (a conflict, not a mistake). */
function already(row: AspectStatusTable, level: Level, no: number) {
  const at = formatDateTimeBE((level === 'lao' ? row.lao_certified_at : row.province_certified_at) ?? '');
  const by = (level === 'lao' ? row.lao_certified_by : row.province_certified_by) ?? '';
  return new AppError(
    'conflict',
    level === 'lao'
      ? bi(`ด้านที่ ${no} รับรองแล้วโดย ${by} เมื่อ ${at}`, `Aspect ${no} was already certified by ${by} at ${at}`)
      : bi(
          `จังหวัดรับรองด้านที่ ${no} แล้วโดย ${by} เมื่อ ${at}`,
          `The province already certified aspect ${no} (${by}, ${at})`,
        ),
    [],
    { certifiedBy: by },
  );
}

export type CertificationEvent = ReturnType<typeof toApiEvent>;

/** A certification_event as the API and the pages show it (timestamps ISO 8601 with +07:00). */
export function toApiEvent(e: CertificationEventTable) {
  return {
    id: e.id,
    laoCode: e.lao_code,
    year: Number(e.year),
    aspectNo: Number(e.section_no),
    level: e.level,
    action: e.action,
    at: toBangkokIso(e.at),
    by: e.by_username,
    byRole: e.by_role,
    reason: e.reason,
    snapshot: e.snapshot_json ? (JSON.parse(e.snapshot_json) as Record<string, number>) : null,
  };
}

/** An aspect's status as the API returns it. */
export function toApiAspect(no: number, row: AspectStatusTable | null | undefined) {
  const iso = (v: string | null | undefined) => (v ? toBangkokIso(v) : null);
  return {
    no,
    state: aspectState(row),
    dataState: row?.data_state ?? 'not_started',
    laoCertifiedAt: iso(row?.lao_certified_at),
    laoCertifiedBy: row?.lao_certified_by ?? null,
    provinceCertifiedAt: iso(row?.province_certified_at),
    provinceCertifiedBy: row?.province_certified_by ?? null,
    returnedAt: iso(row?.returned_at),
    returnReason: row?.return_reason ?? null,
    changedAfterCertificationAt: iso(row?.changed_after_certification_at),
  };
}

type Act = {
  level: Level;
  action: Exclude<CertificationAction, 'edit_after_certification'>;
  reason: string | null;
};

/**
 * Runs one certification action in one transaction: reads the aspect, checks the action is allowed in its
 * state (422 saying why not), changes the certification columns only if nobody else did first (409), and
 * appends the event and the activity entry.
 */
async function act(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  no: number,
  a: Act,
  opts: Opts,
  /** More to write in the action's transaction (the mails it causes). */
  also?: (trx: Transaction<Database>, lao: Lao, section: CatalogSection) => Promise<void>,
) {
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const section = certifiableSection(catalog, no);
  const now = opts.at ?? new Date().toISOString();
  const name = `ด้านที่ ${no}`;
  const nameEn = `Aspect ${no}`;
  const event = await db.transaction().execute(async (trx) => {
    const row = await repo.aspectStatus(trx, laoCode, year, no, { lock: true });
    const state = aspectState(row);
    const records = await repo.sectionRecords(trx, laoCode, year, no);
    const snapshot = () =>
      JSON.stringify(
        Object.fromEntries(
          applicable(section, lao.type).map((d) => [
            d.id,
            Number(records.find((r) => r.dataset_id === d.id)?.version ?? 0),
          ]),
        ),
      );
    let snap: string | null = null;
    if (a.action === 'certify' && a.level === 'lao') {
      if (state === 'lao_certified' || state === 'province_certified') throw already(row!, 'lao', no);
      const missing = missingDatasets(section, lao, records);
      if (missing.length || !row)
        throw refuse(
          `${name} ยังรับรองไม่ได้: ชุดข้อมูลยังไม่ครบ ${missing.length} ชุด`,
          `${nameEn} cannot be certified yet: ${missing.length} data sets are not complete`,
          missing,
        );
      await refuseUnexplainedJumps(trx, laoCode, year, no);
      snap = snapshot();
    } else if (a.action === 'certify') {
      if (state === 'province_certified') throw already(row!, 'province', no);
      if (state === 'changed_after_certification')
        throw refuse(
          `ข้อมูล${name} ถูกแก้ไขหลังการรับรอง รอให้ อปท. รับรองอีกครั้งก่อน`,
          `${nameEn} was changed after certification; the LAO must certify it again first`,
        );
      if (state !== 'lao_certified')
        throw refuse(
          `อปท. ยังไม่ได้รับรอง${name} จังหวัดรับรองได้หลังจาก อปท. รับรองแล้ว`,
          `The LAO has not certified ${nameEn}; the province certifies after the LAO`,
        );
      snap = snapshot();
    } else {
      if (!row?.lao_certified_at)
        throw refuse(
          a.action === 'return'
            ? `${name} ยังไม่ได้รับรองโดย อปท. จึงไม่มีสิ่งที่จะส่งคืน`
            : `${name} ยังไม่ได้รับรอง จึงไม่มีการรับรองให้ถอน`,
          a.action === 'return'
            ? `${nameEn} is not certified by the LAO: there is nothing to return`
            : `${nameEn} is not certified: there is nothing to withdraw`,
        );
    }
    if (!row) throw lost();
    // The checks above refuse what the state does not allow; what the action does is the one transition.
    const set = transition(row, {
      level: a.level,
      action: a.action,
      at: now,
      by: actor.username,
      reason: a.reason,
    });
    if (!(await repo.updateCertification(trx, { lao: laoCode, year, sectionNo: no }, row.cert_version, set)))
      throw lost();
    const ev: CertificationEventTable = {
      id: uuidv7(),
      lao_code: laoCode,
      year,
      section_no: no,
      level: a.level,
      action: a.action,
      at: now,
      by_username: actor.username,
      by_role: actor.role,
      reason: a.reason,
      snapshot_json: snap,
    };
    await repo.insertEvent(trx, ev);
    await logActivity(trx, {
      actor,
      action: `certification.${a.level}.${a.action}`,
      laoCode,
      target: `${year}/aspect-${no}`,
      detail: { state: aspectState({ ...row, ...set }), ...(a.reason ? { reason: a.reason } : {}) },
      ip: opts.ip ?? null,
    });
    await notifyCertification(trx, {
      laoCode,
      year,
      section,
      level: a.level,
      action: a.action,
      actor,
      reason: a.reason,
    });
    await also?.(trx, lao, section);
    await announceChange(trx, 'status', laoCode);
    return { ev, row: { ...row, ...set } as AspectStatusTable };
  });
  statusChanged(laoCode);
  return { lao, section, event: event.ev, row: event.row };
}

const result = (r: Awaited<ReturnType<typeof act>>) => ({
  ...toApiEvent(r.event),
  aspect: toApiAspect(r.section.no, r.row),
});

/**
 * Certifies an aspect at the LAO level (the LAO certifier, once every applicable data set is complete and has
 * no blocking error) or the province level (a province officer, after the LAO); returns the event.
 */
export async function certifyAspect(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  no: number,
  level: Level,
  opts: Opts = {},
) {
  await requireLevel(db, actor, laoCode, level);
  return result(await act(db, actor!, laoCode, year, no, { level, action: 'certify', reason: null }, opts));
}

/** The LAO certifier withdraws the LAO's certification (and with it the province's), with a reason. */
export async function withdrawCertification(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  no: number,
  reason: string,
  opts: Opts = {},
) {
  await requireLevel(db, actor, laoCode, 'lao');
  return result(await act(db, actor!, laoCode, year, no, { level: 'lao', action: 'withdraw', reason }, opts));
}

/**
 * The province returns an aspect to the LAO with a reason: neither certification counts any more. The LAO's
 * verified central e-mail and the aspect's responsible person are told by mail.
 */
export async function returnAspect(
  db: Kysely<Database>,
  config: Config,
  actor: Actor,
  laoCode: string,
  year: number,
  no: number,
  reason: string,
  opts: Opts = {},
) {
  await requireLevel(db, actor, laoCode, 'province');
  const r = await act(
    db,
    actor!,
    laoCode,
    year,
    no,
    { level: 'province', action: 'return', reason },
    opts,
    (trx, lao, section) => mailReturn(trx, config, lao, year, section, reason),
  );
  return result(r);
}

async function mailReturn(
  db: Transaction<Database>,
  config: Config,
  lao: Lao,
  year: number,
  section: CatalogSection,
  reason: string,
) {
  const to = new Set<string>();
  const central = await repo.verifiedContactEmail(db, lao.code);
  if (central) to.add(central);
  for (const e of await repo.responsibleEmails(db, lao.code, year, section.no)) to.add(e);
  const link = `${config.baseUrl}/certification/laos/${lao.code}/years/${year}`;
  for (const address of to) {
    await queueMail(db, config, {
      to: address,
      kind: 'certification.returned',
      subject: `[INFO] จังหวัดส่งคืนข้อมูลด้านที่ ${section.no} ปีงบประมาณ ${year} — ${lao.nameTh}`,
      text:
        `เรียน ${lao.nameTh}\n\n` +
        `สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด${lao.provinceNameTh}ส่งคืนข้อมูลด้านที่ ${section.no} ${section.nameTh} ` +
        `ปีงบประมาณ ${year} เพื่อแก้ไข การรับรองของ อปท. สำหรับด้านนี้ไม่นับแล้ว\n\n` +
        `เหตุผล: ${reason}\n\n` +
        `แก้ไขข้อมูลแล้วให้ผู้รับรองข้อมูลของ อปท. รับรองอีกครั้งที่\n${link}\n\n` +
        `---\nThe provincial office returned aspect ${section.no} (${section.nameEn}) of fiscal year ${year} ` +
        `to ${lao.nameTh} with the reason above; the LAO's certification no longer counts. ` +
        `Correct the data and certify again at the link above.\n`,
    });
  }
}

/** One page of the log of one aspect (oldest first) and its total; anyone who may see the LAO may read it. */
export async function aspectLog(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  no: number,
  p: { limit: number; offset: number },
) {
  await requireLao(db, actor, laoCode, 'lao.view');
  const { catalog } = await laoYear(db, laoCode, year);
  certifiableSection(catalog, no);
  const r = await repo.laoEvents(db, laoCode, year, p, no);
  return { items: r.items.map(toApiEvent), total: r.total };
}

export type DiffLine = {
  datasetId: string;
  datasetNameTh: string;
  datasetNameEn: string;
  version: number;
  at: string;
  by: string;
  reason: string | null;
  /** How many rows the change touched; its diffs are inline only up to HISTORY_INLINE. */
  changeCount: number;
  changes: RowDiff[] | null;
  /** The fields of the data set (archived ones too) for showing the values to people. */
  fields: FieldDef[];
};

/** The most changes listed after a certification; the data sets' histories hold the rest. */
export const DIFF_LINES = 100;

/**
 * What changed in an aspect since the newest certification at a level: the dataset_change rows of its data
 * sets with a version above the certified snapshot (the first DIFF_LINES of them, and how many in all). Null
 * when that level never certified it.
 */
export async function changesSince(
  db: Kysely<Database> | Transaction<Database>,
  catalog: Catalog,
  laoCode: string,
  year: number,
  no: number,
  level: Level,
): Promise<{ level: Level; since: string; total: number; changes: DiffLine[] } | null> {
  const base = await repo.latestCertify(db, laoCode, year, no, level);
  if (!base?.snapshot_json) return null;
  const snapshot = JSON.parse(base.snapshot_json) as Record<string, number>;
  const rows = await repo.changesAfter(db, laoCode, year, no, snapshot, {
    limit: DIFF_LINES,
    inline: HISTORY_INLINE,
  });
  return {
    level,
    since: base.at,
    total: rows.total,
    changes: rows.items.map((c) => {
      const def = catalog.dataset(c.dataset_id);
      const archived = catalog.archivedDatasets.find((a) => a.definition.id === c.dataset_id)?.definition;
      const d = def ?? archived;
      return {
        datasetId: c.dataset_id,
        datasetNameTh: d?.nameTh ?? c.dataset_id,
        datasetNameEn: d?.nameEn ?? c.dataset_id,
        version: Number(c.version),
        at: c.at,
        by: c.by_username,
        reason: c.change_reason,
        changeCount: Number(c.change_count),
        changes: c.diff_json === null ? null : (JSON.parse(c.diff_json) as RowDiff[]),
        fields: [...(d?.fields ?? []), ...catalog.archivedFields(c.dataset_id).map((a) => a.field)],
      };
    }),
  };
}

/** Which level's diff the actor needs: the one they would certify at next. */
function diffLevelFor(actor: Actor, scope: { laoCode?: string | null }, state: AspectState): Level | null {
  const lao = can(actor, 'lao.certify', scope);
  const province = can(actor, 'province.certify', scope);
  if (lao && province) return state === 'lao_certified' ? 'province' : 'lao';
  if (province) return 'province';
  if (lao) return 'lao';
  return null;
}

/**
 * Everything the certification page of an LAO and year shows: each aspect with its state, timestamps, the data
 * sets still missing, what the actor may do, and for whoever certifies next the changes since the snapshot.
 */
export async function certificationOverview(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
) {
  const scope = await requireLao(db, actor, laoCode, 'lao.view');
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const [rows, records, explained, returns] = await Promise.all([
    repo.aspectStatusesOf(db, laoCode, year),
    repo.yearRecords(db, laoCode, year),
    repo.explainedRows(db, laoCode, year),
    openReturns(db, laoCode, year),
  ]);
  const explainedBy = new Map(explained.map((e) => [e.dataset_id, Number(e.n)]));
  const recordBy = new Map(records.map((r) => [r.dataset_id, r]));
  const mayLao = can(actor, 'lao.certify', scope);
  const mayProvince = can(actor, 'province.certify', scope);
  const aspects = await Promise.all(
    certifiableSections(catalog).map(async (section) => {
      const row = rows.find((r) => Number(r.section_no) === section.no) ?? null;
      const state = aspectState(row);
      const missing = missingDatasets(
        section,
        lao,
        records.filter((r) => Number(r.section_no) === section.no),
      );
      const level = diffLevelFor(actor, scope, state);
      const diff = level ? await changesSince(db, catalog, laoCode, year, section.no, level) : null;
      return {
        section,
        row,
        state,
        missing,
        datasetCount: applicable(section, lao.type).length,
        /** Each data set with a link and its quality notes, to read before certifying. */
        datasets: applicable(section, lao.type).map((d) => {
          const r = recordBy.get(d.id);
          return {
            id: d.id,
            nameTh: d.nameTh,
            nameEn: d.nameEn,
            status: r?.status ?? 'empty',
            version: Number(r?.version ?? 0),
            errorCount: Number(r?.error_count ?? 0),
            explainedRows: explainedBy.get(d.id) ?? 0,
            href: `/laos/${laoCode}/years/${year}/datasets/${d.id}`,
          };
        }),
        returned: returns.get(section.no) ?? null,
        may: {
          // Offered once the data is complete: an incomplete aspect shows what is missing instead.
          certifyLao:
            mayLao && !['lao_certified', 'province_certified'].includes(state) && missing.length === 0,
          withdraw: mayLao && Boolean(row?.lao_certified_at),
          certifyProvince: mayProvince && state === 'lao_certified',
          returnIt: mayProvince && Boolean(row?.lao_certified_at),
        },
        diff: diff?.total ? diff : null,
      };
    }),
  );
  const people = await repo.displayNames(db, [
    ...new Set(
      rows.flatMap((r) => [r.lao_certified_by, r.province_certified_by]).filter((x): x is string => !!x),
    ),
  ]);
  return {
    lao,
    year,
    aspects,
    names: new Map(people.map((p) => [p.username, p.display_name])),
    may: { lao: mayLao, province: mayProvince },
  };
}

export type CertificationOverview = Awaited<ReturnType<typeof certificationOverview>>;

/** The aspects of an LAO in a year with their states (API). */
export async function aspectsOf(db: Kysely<Database>, actor: Actor, laoCode: string, year: number) {
  const o = await certificationOverview(db, actor, laoCode, year);
  return o.aspects.map((a) => ({
    ...toApiAspect(a.section.no, a.row),
    nameTh: a.section.nameTh,
    nameEn: a.section.nameEn,
    missingDatasets: a.missing.map((m) => m.field),
    changesSinceCertification: a.diff
      ? {
          level: a.diff.level,
          since: toBangkokIso(a.diff.since),
          total: a.diff.total,
          items: a.diff.changes.map(({ fields: _f, ...c }) => ({
            ...c,
            at: toBangkokIso(c.at),
            changesUrl: `/api/v1/laos/${laoCode}/years/${year}/datasets/${c.datasetId}/history/${c.version}`,
          })),
        }
      : null,
  }));
}

/** The certification log of an LAO in a year, newest first: one page and the total (or all of it for an export). */
export async function laoLog(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  p: { limit: number; offset: number } | null,
) {
  await requireLao(db, actor, laoCode, 'lao.view');
  const { lao } = await laoYear(db, laoCode, year);
  const r = await repo.laoEvents(db, laoCode, year, p);
  return { lao, items: r.items.map(toApiEvent), total: r.total };
}

/** The certification log of a province in a year, newest first (one page, or all of it for an export). */
export async function provinceLog(
  db: Kysely<Database>,
  actor: Actor,
  provinceCode: string,
  year: number,
  page: number,
  pageSize: number | null,
) {
  if (!can(actor, 'province.view', { provinceCode }) || actor.role === 'district_officer')
    throw new AppError(
      'forbidden',
      bi('คุณดูบันทึกการรับรองของจังหวัดนี้ไม่ได้', 'You may not see this province’s certification log'),
    );
  const r = await repo.provinceEvents(db, provinceCode, year, page, pageSize);
  const names = new Map(
    (await repo.laoNames(db, [...new Set(r.items.map((e) => e.lao_code))], year)).map((n) => [n.code, n]),
  );
  return {
    total: r.total,
    items: r.items.map((e) => ({ ...toApiEvent(e), lao: names.get(e.lao_code) ?? null })),
  };
}

/** Whether the actor may certify at the province level in a province (for showing the batch form). */
export const mayCertifyProvince = (actor: Actor, provinceCode: string) =>
  can(actor, 'province.certify', { provinceCode });

/**
 * Certifies many (LAO, aspect) pairs at the province level, each in its own transaction: one that is not
 * allowed does not stop the others. Returns a result per pair.
 */
export async function certifyMany(
  db: Kysely<Database>,
  actor: Actor,
  provinceCode: string,
  year: number,
  pairs: { laoCode: string; aspectNo: number }[],
  opts: Opts = {},
) {
  if (!mayCertifyProvince(actor, provinceCode))
    throw new AppError('forbidden', bi('คุณรับรองข้อมูลของจังหวัดนี้ไม่ได้', 'You may not certify for this province'));
  const out = [];
  for (const p of pairs) {
    try {
      const scope = await laoScope(db, p.laoCode);
      if (!scope || scope.provinceCode !== provinceCode) throw notFoundLao(p.laoCode);
      const r = await certifyAspect(db, actor, p.laoCode, year, p.aspectNo, 'province', opts);
      out.push({ ...p, ok: true as const, status: 201, certification: r });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out.push({
        ...p,
        ok: false as const,
        status: err.status,
        message: err.text,
        errors: err.fieldErrors.map((f) => ({ field: f.field, message: f.message })),
      });
    }
  }
  return out;
}
