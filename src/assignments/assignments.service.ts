import type { Kysely } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import type { CatalogSection } from '../catalog/catalog.service.ts';
import { openReturns } from '../certification/returns.ts';
import type { Database } from '../db/database.ts';
import { ensureDefaultDivisions, type StaffMember, staffOf } from '../divisions/divisions.service.ts';
import { type Actor, can } from '../policy/policy.ts';
import { requireLao } from '../policy/scope.ts';
import { applicable, laoYear, listDatasets } from '../records/records.service.ts';
import { AppError, type Bilingual, bi, type FieldError } from '../util/errors.ts';
import { resolveAssignment } from './assignment-rule.ts';
import * as repo from './assignments.repository.ts';
import type { AssignmentTable } from './assignments.table.ts';
import { fiscalYearDays, isIsoDate, isoToBE, todayIso } from './due-dates.ts';
import { memoOrder, sectionShortName } from './section-names.ts';

/** One assignment as the API and the forms send it: a section (datasetId null) or one data set of it. */
export type AssignmentInput = {
  sectionNo: number;
  datasetId?: string | null | undefined;
  divisionId: string;
  responsibleUsername?: string | null | undefined;
  /** yyyy-mm-dd (CE). */
  dueDate?: string | null | undefined;
};

export type Warning = { field: string; message: Bilingual };

/**
 * Checks that a due date is a real date inside the fiscal year; the message says the year's first and last
 * day in BE. Returns the error, or null when the date is fine.
 */
export function dueDateError(year: number, iso: string, field: string): FieldError | null {
  if (!isIsoDate(iso)) {
    return {
      field,
      code: 'invalid_date',
      message: bi(
        `วันที่ "${iso}" ไม่ใช่วันที่จริง ส่งเป็น ปปปป-ดด-วว (ค.ศ.) เช่น 2026-05-15`,
        `"${iso}" is not a real date; send yyyy-mm-dd, e.g. 2026-05-15`,
      ),
    };
  }
  const fy = fiscalYearDays(year);
  if (iso < fy.first || iso > fy.last) {
    return {
      field,
      code: 'outside_fiscal_year',
      message: bi(
        `กำหนดแล้วเสร็จ ${isoToBE(iso)} อยู่นอกปีงบประมาณ ${year} ให้กำหนดระหว่าง ${isoToBE(fy.first)} ถึง ${isoToBE(fy.last)}`,
        `The due date ${isoToBE(iso)} is outside fiscal year ${year}; choose a day from ${isoToBE(fy.first)} to ${isoToBE(fy.last)}`,
      ),
    };
  }
  return null;
}

const keyOf = (a: { section_no: number; dataset_id: string }) => `${a.section_no}/${a.dataset_id}`;

/**
 * The assignments of an LAO in a fiscal year as people read them: every section (the 8 aspects, the debt
 * report, the profile) with the division that records it, its responsible person and due date (the
 * default division while nothing is assigned), each of its data sets with its override if any; plus the
 * divisions, the staff to choose from, the national deadline and the stored rows.
 */
export async function getAssignments(db: Kysely<Database>, actor: Actor, laoCode: string, year: number) {
  await requireLao(db, actor, laoCode, 'lao.view');
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const divisions = await ensureDefaultDivisions(db, laoCode, lao.type);
  const [rows, staff, deadline] = await Promise.all([
    repo.assignmentsOf(db, laoCode, year),
    staffOf(db, laoCode),
    repo.yearDeadline(db, year),
  ]);
  const userById = new Map(staff.map((s) => [s.id, s]));
  const divisionById = new Map(divisions.map((d) => [d.id, d]));
  const person = (id: string | null) => (id ? (userById.get(id) ?? null) : null);
  const view = (s: CatalogSection, datasetId: string) => {
    const r = resolveAssignment(rows, divisions, s, datasetId);
    const p = person(r.responsibleUserId);
    const d = r.divisionId ? divisionById.get(r.divisionId) : undefined;
    return {
      divisionId: r.divisionId,
      divisionNameTh: d?.name_th ?? null,
      /** The division's head as the memo names them (null until the LAO records them). */
      divisionHeadTh: d?.head_name_th ?? null,
      divisionHeadPositionTh: d?.head_position_th ?? null,
      responsibleUsername: p?.username ?? null,
      responsibleName: p?.displayName ?? null,
      dueDate: r.dueDate,
      source: r.source,
    };
  };
  return {
    laoCode,
    year,
    lao: {
      code: lao.code,
      nameTh: lao.nameTh,
      type: lao.type,
      districtNameTh: lao.districtNameTh,
      provinceNameTh: lao.provinceNameTh,
    },
    nationalDeadline: deadline?.due_date ?? null,
    sections: [...catalog.sections].sort(memoOrder).map((s) => ({
      no: s.no,
      kind: s.kind,
      nameTh: s.nameTh,
      nameEn: s.nameEn,
      defaultDivisionTh: s.defaultDivisionTh,
      ...view(s, ''),
      datasets: applicable(s, lao.type).map((d) => {
        const v = view(s, d.id);
        return { id: d.id, nameTh: d.nameTh, nameEn: d.nameEn, override: v.source === 'dataset', ...v };
      }),
    })),
    divisions: divisions.map((d) => ({ id: d.id, nameTh: d.name_th, nameEn: d.name_en })),
    staff: staff
      .filter((s) => !s.disabled && s.divisionIds.length)
      .map((s) => ({ username: s.username, displayName: s.displayName, divisionIds: s.divisionIds })),
    assignments: rows
      .map((a) => ({
        sectionNo: a.section_no,
        datasetId: a.dataset_id || null,
        divisionId: a.division_id,
        responsibleUsername: person(a.responsible_user_id)?.username ?? null,
        dueDate: a.due_date,
        assignedBy: a.assigned_by,
        assignedAt: a.assigned_at,
      }))
      .sort((a, b) => a.sectionNo - b.sectionNo || (a.datasetId ?? '').localeCompare(b.datasetId ?? '')),
  };
}
export type Assignments = Awaited<ReturnType<typeof getAssignments>>;

type Checked = { row: Omit<AssignmentTable, 'assigned_by' | 'assigned_at'>; field: string };

function checkItems(
  year: number,
  catalog: Awaited<ReturnType<typeof laoYear>>['catalog'],
  laoType: Awaited<ReturnType<typeof laoYear>>['lao']['type'],
  divisions: { id: string; name_th: string }[],
  staff: StaffMember[],
  items: AssignmentInput[],
) {
  const errors: FieldError[] = [];
  const checked: Checked[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const f = (k: string) => `assignments.${i}.${k}`;
    const n = errors.length;
    const section = catalog.sections.find((s) => s.no === item.sectionNo);
    if (!section) {
      errors.push({
        field: f('sectionNo'),
        code: 'unknown_section',
        message: bi(
          `ไม่มีส่วนที่ ${item.sectionNo} ในปีงบประมาณ ${year} (0 ข้อมูลทั่วไป, 1–8 ด้าน, 9 รายงานหนี้)`,
          `No section ${item.sectionNo} in fiscal year ${year} (0 profile, 1–8 aspects, 9 debt report)`,
        ),
      });
      return;
    }
    const datasetId = item.datasetId ?? '';
    if (datasetId && !applicable(section, laoType).some((d) => d.id === datasetId)) {
      errors.push({
        field: f('datasetId'),
        code: 'unknown_dataset',
        message: bi(
          `ไม่มีชุดข้อมูล ${datasetId} ใน${sectionShortName(section.no)} ที่ใช้กับ อปท. นี้`,
          `No data set ${datasetId} in ${sectionShortName(section.no, 'en')} for this LAO`,
        ),
      });
    }
    const key = `${section.no}/${datasetId}`;
    if (seen.has(key)) {
      errors.push({
        field: f(datasetId ? 'datasetId' : 'sectionNo'),
        code: 'duplicate',
        message: bi(
          `มอบหมาย${sectionShortName(section.no)}${datasetId ? ` ชุดข้อมูล ${datasetId}` : ''} ซ้ำ ส่งได้ครั้งเดียว`,
          `${sectionShortName(section.no, 'en')}${datasetId ? ` data set ${datasetId}` : ''} is assigned twice`,
        ),
      });
    }
    seen.add(key);
    if (!divisions.some((d) => d.id === item.divisionId)) {
      errors.push({
        field: f('divisionId'),
        code: 'unknown_division',
        message: bi(
          `เลือกหน่วยงานที่รับผิดชอบ${sectionShortName(section.no)} จากกองของ อปท. นี้`,
          `Choose the division responsible for ${sectionShortName(section.no, 'en')} among this LAO’s divisions`,
        ),
      });
    }
    let responsible: string | null = null;
    if (item.responsibleUsername) {
      const p = staff.find((s) => s.username === item.responsibleUsername && !s.disabled);
      if (!p?.divisionIds.includes(item.divisionId)) {
        errors.push({
          field: f('responsibleUsername'),
          code: 'not_in_division',
          message: bi(
            `ผู้รับผิดชอบ${sectionShortName(section.no)} ต้องเป็นเจ้าหน้าที่ของกองที่ได้รับมอบหมาย`,
            `The person responsible for ${sectionShortName(section.no, 'en')} must be staff of the assigned division`,
          ),
        });
      } else responsible = p.id;
    }
    if (item.dueDate) {
      const e = dueDateError(year, item.dueDate, f('dueDate'));
      if (e) errors.push(e);
    }
    if (errors.length === n) {
      checked.push({
        field: `assignments.${i}`,
        row: {
          lao_code: '',
          year,
          section_no: section.no,
          dataset_id: datasetId,
          division_id: item.divisionId,
          responsible_user_id: responsible,
          due_date: item.dueDate || null,
        },
      });
    }
  });
  return { errors, checked };
}

/** Due dates after the national deadline: allowed (it is the LAO's choice) but worth a warning. */
function lateWarnings(checked: Checked[], nationalDeadline: string | null): Warning[] {
  if (!nationalDeadline) return [];
  return checked
    .filter((c) => c.row.due_date && c.row.due_date > nationalDeadline)
    .map((c) => ({
      field: `${c.field}.dueDate`,
      message: bi(
        `${sectionShortName(c.row.section_no)}: กำหนดแล้วเสร็จ ${isoToBE(c.row.due_date!)} เลยกำหนดส่งของกรมส่งเสริมการปกครองท้องถิ่น (${isoToBE(nationalDeadline)})`,
        `${sectionShortName(c.row.section_no, 'en')}: the due date ${isoToBE(c.row.due_date!)} is after the national deadline (${isoToBE(nationalDeadline)})`,
      ),
    }));
}

async function write(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  checked: Checked[],
  action: string,
  ip: string | null,
) {
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const old = new Map((await repo.assignmentsOf(trx, laoCode, year)).map((a) => [keyOf(a), a]));
    const added: string[] = [];
    const changed: string[] = [];
    const rows: AssignmentTable[] = checked.map(({ row }) => {
      const o = old.get(keyOf(row));
      const same =
        o &&
        o.division_id === row.division_id &&
        o.responsible_user_id === row.responsible_user_id &&
        o.due_date === row.due_date;
      if (!o) added.push(keyOf(row));
      else if (!same) changed.push(keyOf(row));
      return {
        ...row,
        lao_code: laoCode,
        assigned_by: same ? o.assigned_by : actor.username,
        assigned_at: same ? o.assigned_at : now,
      };
    });
    const next = new Set(rows.map(keyOf));
    const removed = [...old.keys()].filter((k) => !next.has(k));
    if (!added.length && !changed.length && !removed.length) return { changed: false };
    await repo.replaceAssignments(trx, laoCode, year, rows);
    await logActivity(trx, {
      actor,
      action,
      laoCode,
      target: String(year),
      detail: { added, changed, removed, count: rows.length },
      ip,
    });
    return { changed: true };
  });
}

/**
 * Replaces the LAO's assignments of a fiscal year with the given list, all or nothing: every section,
 * data set, division, responsible person (staff of that division) and due date (a real day inside the
 * fiscal year) is checked first and any error stores nothing. Sections left out fall back to their
 * default division. One activity entry names what was added, changed and removed.
 */
export async function saveAssignments(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  items: AssignmentInput[],
  ip: string | null = null,
) {
  await requireLao(db, actor, laoCode, 'lao.manage');
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const divisions = await ensureDefaultDivisions(db, laoCode, lao.type);
  const [staff, deadline] = await Promise.all([staffOf(db, laoCode), repo.yearDeadline(db, year)]);
  const { errors, checked } = checkItems(year, catalog, lao.type, divisions, staff, items);
  if (errors.length) {
    throw new AppError(
      'unprocessable',
      bi(
        `การมอบหมายไม่ถูกต้อง ${errors.length} รายการ ยังไม่ได้บันทึก`,
        `${errors.length} problems in the assignments; nothing was saved`,
      ),
      errors,
    );
  }
  const r = await write(db, actor!, laoCode, year, checked, 'assignment.saved', ip);
  return { ...r, warnings: lateWarnings(checked, deadline?.due_date ?? null) };
}

/**
 * The seed memo in one step: every section goes to its default division (by name) with the given due
 * date, replacing the year's assignments. A section whose default division the LAO no longer has is left
 * unassigned and reported.
 */
export async function applySeedMemo(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  dueDate: string | null,
  ip: string | null = null,
) {
  await requireLao(db, actor, laoCode, 'lao.manage');
  if (dueDate) {
    const e = dueDateError(year, dueDate, 'dueDate');
    if (e) throw new AppError('unprocessable', e.message, [e]);
  }
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const divisions = await ensureDefaultDivisions(db, laoCode, lao.type);
  const [staff, deadline] = await Promise.all([staffOf(db, laoCode), repo.yearDeadline(db, year)]);
  const sections = [...catalog.sections].sort(memoOrder);
  const items: AssignmentInput[] = [];
  const skipped: { sectionNo: number; divisionTh: string }[] = [];
  for (const s of sections) {
    const d = divisions.find((x) => x.name_th === s.defaultDivisionTh);
    if (d) items.push({ sectionNo: s.no, divisionId: d.id, dueDate });
    else skipped.push({ sectionNo: s.no, divisionTh: s.defaultDivisionTh });
  }
  const { checked } = checkItems(year, catalog, lao.type, divisions, staff, items);
  const r = await write(db, actor!, laoCode, year, checked, 'assignment.seed_applied', ip);
  return { ...r, skipped, warnings: lateWarnings(checked, deadline?.due_date ?? null) };
}

const doneStatuses = new Set(['complete', 'none']);

/**
 * "My work": the data sets an LAO user works on in a fiscal year (staff: those of their divisions; the
 * LAO's administrator and certifier: all), each with its status, last change, division and due date (its
 * own, else its section's, else the national deadline) and whether it is overdue.
 */
export async function myWork(db: Kysely<Database>, actor: Actor, year: number, now: Date = new Date()) {
  const laoCode = actor.laoCode;
  if (!laoCode) {
    throw new AppError(
      'forbidden',
      bi(
        'งานของฉันใช้สำหรับผู้ใช้ของ อปท. (เจ้าหน้าที่กอง ผู้ดูแลระบบ และผู้รับรองข้อมูล)',
        'My work is for LAO users (division staff, administrators and certifiers)',
      ),
    );
  }
  const datasets = await listDatasets(db, actor, laoCode, year);
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const divisions = await ensureDefaultDivisions(db, laoCode, lao.type);
  const [rows, deadline, staff, open] = await Promise.all([
    repo.assignmentsOf(db, laoCode, year),
    repo.yearDeadline(db, year),
    staffOf(db, laoCode),
    openReturns(db, laoCode, year),
  ]);
  const national = deadline?.due_date ?? null;
  const today = todayIso(now);
  const divisionName = new Map(divisions.map((d) => [d.id, d.name_th]));
  const userById = new Map(staff.map((s) => [s.id, s]));
  const onlyMine = actor.role === 'lao_staff';
  const items = datasets.flatMap((d) => {
    const section = catalog.sectionOf(d.datasetId);
    if (!section) return [];
    const r = resolveAssignment(rows, divisions, section, d.datasetId);
    if (onlyMine && !(r.divisionId && actor.divisionIds.includes(r.divisionId))) return [];
    const dueDate = r.dueDate ?? national;
    const responsible = r.responsibleUserId ? userById.get(r.responsibleUserId) : undefined;
    return [
      {
        datasetId: d.datasetId,
        sectionNo: d.sectionNo,
        sectionNameTh: section.nameTh,
        sectionNameEn: section.nameEn,
        nameTh: d.nameTh,
        nameEn: d.nameEn,
        kind: d.kind,
        status: d.status,
        updatedAt: d.updatedAt,
        updatedBy: d.updatedBy,
        divisionId: r.divisionId,
        divisionNameTh: r.divisionId ? (divisionName.get(r.divisionId) ?? null) : null,
        responsibleUsername: responsible?.username ?? null,
        dueDate,
        dueSource: r.dueSource ?? (national ? ('national' as const) : null),
        overdue: Boolean(dueDate && today > dueDate && !doneStatuses.has(d.status)),
        /** The province returned the aspect, or the LAO certifier withdrew it: this data set needs a look. */
        returned: open.get(d.sectionNo) ?? null,
        canRecord: actor.role === 'lao_admin' || actor.role === 'lao_staff',
        href: `/laos/${laoCode}/years/${year}/datasets/${d.datasetId}`,
      },
    ];
  });
  // What was sent back comes first: someone is waiting for it.
  items.sort(
    (a, b) =>
      Number(Boolean(b.returned)) - Number(Boolean(a.returned)) ||
      (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
      memoOrder({ no: a.sectionNo }, { no: b.sectionNo }),
  );
  return {
    laoCode,
    laoNameTh: lao.nameTh,
    year,
    today,
    nationalDeadline: national,
    divisions: actor.divisionIds.map((id) => divisionName.get(id)).filter((n): n is string => Boolean(n)),
    items,
    /** The open returns and withdrawals of the aspects this person works on, in aspect order. */
    returns: [...open.values()]
      .filter((r) => items.some((i) => i.sectionNo === r.sectionNo))
      .sort((a, b) => a.sectionNo - b.sectionNo)
      .map((r) => {
        const s = catalog.sections.find((x) => x.no === r.sectionNo);
        return { ...r, sectionNameTh: s?.nameTh ?? '', sectionNameEn: s?.nameEn ?? '' };
      }),
  };
}
export type MyWork = Awaited<ReturnType<typeof myWork>>;

/** The national deadline of a fiscal year (public), or null while the centre has not set it. */
export async function getDeadline(db: Kysely<Database>, year: number) {
  const d = await repo.yearDeadline(db, year);
  return { year, dueDate: d?.due_date ?? null, setAt: d?.set_at ?? null };
}

function requireCentral(actor: Actor) {
  if (!can(actor, 'system.admin')) {
    throw new AppError(
      'forbidden',
      bi(
        'เฉพาะผู้ดูแลระบบส่วนกลางที่กำหนดวันส่งข้อมูลของปีงบประมาณได้',
        'Only the central administrator sets national deadlines',
      ),
    );
  }
  return actor;
}

/** Every national deadline set so far, newest year first (for the central administrator). */
export async function listDeadlines(db: Kysely<Database>, actor: Actor) {
  requireCentral(actor);
  return (await repo.yearDeadlines(db)).map((d) => ({
    year: d.year,
    dueDate: d.due_date,
    setBy: d.set_by,
    setAt: d.set_at,
  }));
}

/** Sets a fiscal year's national deadline (a real day inside that year); logged with the old and new date. */
export async function setDeadline(
  db: Kysely<Database>,
  actor: Actor,
  year: number,
  dueDate: string,
  ip: string | null = null,
) {
  const a = requireCentral(actor);
  const e = dueDateError(year, dueDate, 'dueDate');
  if (e) throw new AppError('unprocessable', e.message, [e]);
  const setAt = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const old = await repo.yearDeadline(trx, year);
    await repo.upsertYearDeadline(trx, { year, due_date: dueDate, set_by: a.username, set_at: setAt });
    await logActivity(trx, {
      actor,
      action: 'deadline.set',
      target: String(year),
      detail: { old: old?.due_date ?? null, new: dueDate },
      ip,
    });
  });
  return { year, dueDate, setBy: a.username, setAt };
}
