import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { sectionShortName } from '../assignments/section-names.ts';
import { logActivity } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import { type Actor, can } from '../policy/policy.ts';
import { laoScope, requireLao } from '../policy/scope.ts';
import type { LaoType } from '../registry/registry.table.ts';
import { setUserDivisions } from '../users/users.repository.ts';
import { AppError, bi } from '../util/errors.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import * as repo from './divisions.repository.ts';
import type { DivisionInput } from './divisions.schemas.ts';

type Named = { th: string; en: string };

/**
 * The divisions of the seed memo, which the default catalog's sections fall to while nothing is assigned
 * (สำนักปลัด keeps the general profile). Every อบต. and เทศบาล starts with them.
 */
export const defaultDivisions: Named[] = [
  { th: 'สำนักปลัด', en: 'Office of the Permanent Secretary' },
  { th: 'กองคลัง', en: 'Finance Division' },
  { th: 'กองช่าง', en: 'Public Works Division' },
  { th: 'กองการศึกษา', en: 'Education Division' },
  { th: 'กองสาธารณสุขและสิ่งแวดล้อม', en: 'Public Health and Environment Division' },
  { th: 'งานป้องกันและบรรเทาสาธารณภัย ฝ่ายอำนวยการ', en: 'Disaster Prevention, General Affairs' },
  { th: 'หน่วยตรวจสอบภายใน', en: 'Internal Audit Unit' },
  { th: 'ฝ่ายอำนวยการ งานประชาสัมพันธ์', en: 'General Affairs, Public Relations' },
];

// Larger LAOs have a planning division of their own; the names are those their organisation charts commonly use.
const extraByType: Partial<Record<LaoType, Named[]>> = {
  provincial_admin_org: [
    { th: 'กองแผนและงบประมาณ', en: 'Planning and Budget Division' },
    { th: 'กองพัสดุและทรัพย์สิน', en: 'Supplies and Assets Division' },
  ],
  city_municipality: [{ th: 'กองยุทธศาสตร์และงบประมาณ', en: 'Strategy and Budget Division' }],
  special_admin_area: [{ th: 'กองยุทธศาสตร์และงบประมาณ', en: 'Strategy and Budget Division' }],
};

/** The divisions an LAO of a type starts with: the seed memo's, plus a planning division for the larger types. */
export const defaultDivisionsFor = (type: LaoType | null): Named[] => [
  ...defaultDivisions,
  ...((type && extraByType[type]) || []),
];

/** The most divisions one LAO keeps. */
export const MAX_DIVISIONS = 100;

/** The LAO's divisions in their order. */
export const listDivisions = (db: Kysely<Database>, laoCode: string) => repo.divisionsOf(db, laoCode);

/** Creates the default divisions of an LAO that has none yet (by its type this year); returns its divisions. */
export async function ensureDefaultDivisions(db: Kysely<Database>, laoCode: string, type?: LaoType | null) {
  const existing = await repo.divisionsOf(db, laoCode);
  if (existing.length) return existing;
  const t = type === undefined ? await repo.laoTypeIn(db, laoCode, fiscalYearOf()) : type;
  const at = new Date().toISOString();
  await repo.insertDivisions(
    db,
    defaultDivisionsFor(t).map((d, i) => ({
      id: randomUUID(),
      lao_code: laoCode,
      name_th: d.th,
      name_en: d.en,
      position: i + 1,
      created_at: at,
    })),
  );
  return repo.divisionsOf(db, laoCode);
}

/** The LAO's accounts with the divisions each belongs to (disabled accounts included, marked). */
export async function staffOf(db: Kysely<Database>, laoCode: string) {
  const [users, memberships] = await Promise.all([
    repo.usersOfLao(db, laoCode),
    repo.membershipsOfLao(db, laoCode),
  ]);
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    disabled: u.disabled_at !== null,
    divisionIds: memberships.filter((m) => m.user_id === u.id).map((m) => m.division_id),
  }));
}
export type StaffMember = Awaited<ReturnType<typeof staffOf>>[number];

/**
 * The LAO's divisions (created from the defaults on the first visit), each with its staff and the
 * assignments that name it, and every account of the LAO with its divisions.
 */
export async function divisionsOverview(db: Kysely<Database>, actor: Actor, laoCode: string) {
  await requireLao(db, actor, laoCode, 'lao.view');
  const divisions = await ensureDefaultDivisions(db, laoCode);
  const staff = await staffOf(db, laoCode);
  const assigned = await Promise.all(divisions.map((d) => repo.assignmentsOfDivision(db, d.id)));
  return {
    laoCode,
    divisions: divisions.map((d, i) => ({
      id: d.id,
      nameTh: d.name_th,
      nameEn: d.name_en,
      position: d.position,
      headNameTh: d.head_name_th,
      headPositionTh: d.head_position_th,
      staff: staff
        .filter((s) => s.divisionIds.includes(d.id))
        .map((s) => ({ username: s.username, displayName: s.displayName })),
      assignments: (assigned[i] ?? []).map((a) => ({
        year: a.year,
        sectionNo: a.section_no,
        datasetId: a.dataset_id || null,
      })),
    })),
    staff,
  };
}
export type DivisionsOverview = Awaited<ReturnType<typeof divisionsOverview>>;

const sameName = (a: string, b: string) => a.localeCompare(b, 'th', { sensitivity: 'accent' }) === 0;

function duplicateName(nameTh: string) {
  return new AppError(
    'conflict',
    bi(`มีกองชื่อ "${nameTh}" อยู่แล้ว`, `There is already a division named "${nameTh}"`),
    [
      {
        field: 'nameTh',
        code: 'duplicate',
        message: bi(
          `มีกองชื่อ "${nameTh}" อยู่แล้ว ใช้ชื่ออื่นหรือแก้ไขกองเดิม`,
          `There is already a division named "${nameTh}"; choose another name`,
        ),
      },
    ],
  );
}

async function divisionOrThrow(db: Kysely<Database> | Transaction<Database>, laoCode: string, id: string) {
  const d = await repo.findDivision(db, laoCode, id);
  if (!d) throw new AppError('not_found', bi('ไม่พบกองนี้ใน อปท.', 'No such division in this LAO'));
  return d;
}

/** Adds a division at the end of the LAO's list; refuses a name it already has. */
export async function addDivision(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  input: DivisionInput,
  ip: string | null = null,
) {
  await requireLao(db, actor, laoCode, 'lao.manage');
  return db.transaction().execute(async (trx) => {
    const existing = await repo.divisionsOf(trx, laoCode);
    if (existing.some((d) => sameName(d.name_th, input.nameTh))) throw duplicateName(input.nameTh);
    if (existing.length >= MAX_DIVISIONS) {
      // The divisions are listed whole (pages, forms, the API): the bound keeps that list small.
      const message = bi(
        `อปท. หนึ่งมีได้ไม่เกิน ${MAX_DIVISIONS} กอง — ลบหรือรวมกองที่ไม่ใช้ก่อนเพิ่มกองใหม่`,
        `An LAO has at most ${MAX_DIVISIONS} divisions; remove or merge one you no longer use first`,
      );
      throw new AppError('unprocessable', message, [{ field: 'nameTh', code: 'too_many', message }]);
    }
    const row = {
      id: randomUUID(),
      lao_code: laoCode,
      name_th: input.nameTh,
      name_en: input.nameEn ?? null,
      position: Math.max(0, ...existing.map((d) => d.position)) + 1,
      created_at: new Date().toISOString(),
      head_name_th: input.headNameTh ?? null,
      head_position_th: input.headPositionTh ?? null,
    };
    await repo.insertDivisions(trx, [row]);
    await logActivity(trx, {
      actor,
      action: 'division.added',
      laoCode,
      target: row.id,
      detail: {
        nameTh: row.name_th,
        nameEn: row.name_en,
        headNameTh: row.head_name_th,
        headPositionTh: row.head_position_th,
      },
      ip,
    });
    return {
      id: row.id,
      nameTh: row.name_th,
      nameEn: row.name_en,
      position: row.position,
      headNameTh: row.head_name_th,
      headPositionTh: row.head_position_th,
    };
  });
}

/**
 * Renames a division and records its head (its assignments and staff follow it: they hold its id, not its
 * name). A field left out keeps its value.
 */
export async function renameDivision(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  id: string,
  input: DivisionInput,
  ip: string | null = null,
) {
  await requireLao(db, actor, laoCode, 'lao.manage');
  return db.transaction().execute(async (trx) => {
    const d = await divisionOrThrow(trx, laoCode, id);
    const others = (await repo.divisionsOf(trx, laoCode)).filter((x) => x.id !== id);
    if (others.some((x) => sameName(x.name_th, input.nameTh))) throw duplicateName(input.nameTh);
    const nameEn = input.nameEn === undefined ? d.name_en : input.nameEn;
    const headNameTh = input.headNameTh === undefined ? d.head_name_th : input.headNameTh;
    const headPositionTh = input.headPositionTh === undefined ? d.head_position_th : input.headPositionTh;
    await repo.updateDivision(trx, id, { nameTh: input.nameTh, nameEn, headNameTh, headPositionTh });
    await logActivity(trx, {
      actor,
      action: 'division.renamed',
      laoCode,
      target: id,
      detail: {
        old: {
          nameTh: d.name_th,
          nameEn: d.name_en,
          headNameTh: d.head_name_th,
          headPositionTh: d.head_position_th,
        },
        new: { nameTh: input.nameTh, nameEn, headNameTh, headPositionTh },
      },
      ip,
    });
    return { id, nameTh: input.nameTh, nameEn, position: d.position, headNameTh, headPositionTh };
  });
}

/**
 * Removes a division. Refused, with a message naming them, while assignments (of any year) or staff still
 * point at it, and for the LAO's last division. With `checkOnly`, makes the same checks and removes nothing
 * (the page asks for a confirmation only of a removal that would succeed). Returns the division's names.
 */
export async function removeDivision(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  id: string,
  ip: string | null = null,
  opts: { checkOnly?: boolean } = {},
) {
  await requireLao(db, actor, laoCode, 'lao.manage');
  return db.transaction().execute(async (trx) => {
    const d = await divisionOrThrow(trx, laoCode, id);
    const [assigned, members, all] = await Promise.all([
      repo.assignmentsOfDivision(trx, id),
      repo.membershipsOfLao(trx, laoCode),
      repo.divisionsOf(trx, laoCode),
    ]);
    const staffIds = new Set(members.filter((m) => m.division_id === id).map((m) => m.user_id));
    const staff = (await repo.usersOfLao(trx, laoCode)).filter((u) => staffIds.has(u.id));
    if (assigned.length || staff.length) {
      const byYear = new Map<number, string[]>();
      for (const a of assigned) {
        const list = byYear.get(a.year) ?? [];
        list.push(
          a.dataset_id
            ? `${sectionShortName(a.section_no)} (${a.dataset_id})`
            : sectionShortName(a.section_no),
        );
        byYear.set(a.year, list);
      }
      const byYearEn = [...byYear.keys()].map(
        (y) =>
          `FY ${y}: ${assigned
            .filter((a) => a.year === y)
            .map((a) => sectionShortName(a.section_no, 'en') + (a.dataset_id ? ` (${a.dataset_id})` : ''))
            .join(', ')}`,
      );
      const partsTh = [
        ...(assigned.length
          ? [`ยังมีงานที่มอบหมาย ${[...byYear].map(([y, l]) => `ปีงบประมาณ ${y}: ${l.join(', ')}`).join('; ')}`]
          : []),
        ...(staff.length
          ? [`ยังมีเจ้าหน้าที่ ${staff.length} คน: ${staff.map((s) => s.username).join(', ')}`]
          : []),
      ];
      const partsEn = [
        ...(assigned.length ? [`it still has assignments (${byYearEn.join('; ')})`] : []),
        ...(staff.length
          ? [`${staff.length} staff still belong to it: ${staff.map((s) => s.username).join(', ')}`]
          : []),
      ];
      throw new AppError(
        'conflict',
        bi(
          `ลบ${d.name_th}ไม่ได้: ${partsTh.join(' และ')} — มอบหมายงานและย้ายเจ้าหน้าที่ไปกองอื่นก่อน`,
          `${d.name_en ?? d.name_th} cannot be removed: ${partsEn.join(' and ')}. Move them to another division first`,
        ),
        [],
        {
          assignments: assigned.map((a) => ({
            year: a.year,
            sectionNo: a.section_no,
            datasetId: a.dataset_id || null,
          })),
          staff: staff.map((s) => s.username),
        },
      );
    }
    if (all.length <= 1) {
      throw new AppError(
        'conflict',
        bi(
          'อปท. ต้องมีอย่างน้อย 1 กอง เพิ่มกองใหม่ก่อนลบกองนี้',
          'An LAO keeps at least one division; add another first',
        ),
      );
    }
    if (opts.checkOnly) return { nameTh: d.name_th, nameEn: d.name_en };
    await repo.deleteDivision(trx, id);
    await logActivity(trx, {
      actor,
      action: 'division.removed',
      laoCode,
      target: id,
      detail: { nameTh: d.name_th, nameEn: d.name_en },
      ip,
    });
    return { nameTh: d.name_th, nameEn: d.name_en };
  });
}

/**
 * The LAO's divisions, once every id given is one of them: an unknown id, or another LAO's division, is a 422
 * naming divisionIds (the same answer for both, so another LAO's ids are not confirmed to exist).
 */
export async function requireDivisionsOf(
  db: Kysely<Database> | Transaction<Database>,
  laoCode: string | null | undefined,
  ids: string[],
) {
  const divisions = laoCode ? await repo.divisionsOf(db, laoCode) : [];
  const unknown = [...new Set(ids)].filter((d) => !divisions.some((x) => x.id === d));
  if (unknown.length) {
    throw new AppError('unprocessable', bi('มีกองที่ไม่ใช่ของ อปท. นี้', 'Some divisions are not this LAO’s'), [
      {
        field: 'divisionIds',
        code: 'unknown_division',
        message: bi(
          `ไม่พบกองรหัส ${unknown.slice(0, 10).join(', ')} ใน อปท. นี้ — เลือกจากกองของ อปท.`,
          `No division ${unknown.slice(0, 10).join(', ')} in this LAO; choose among its divisions`,
        ),
      },
    ]);
  }
  return divisions;
}

/** Sets the divisions an account of the LAO belongs to (what staff may record follows at their next request). */
export async function setStaffDivisions(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  username: string,
  divisionIds: string[],
  ip: string | null = null,
) {
  await requireLao(db, actor, laoCode, 'lao.manage');
  return db.transaction().execute(async (trx) => {
    const user = (await repo.usersOfLao(trx, laoCode)).find((u) => u.username === username);
    if (!user) {
      throw new AppError(
        'not_found',
        bi(`ไม่พบบัญชี ${username} ใน อปท. นี้`, `No account ${username} in this LAO`),
      );
    }
    const divisions = await requireDivisionsOf(trx, laoCode, divisionIds);
    const ids = [...new Set(divisionIds)];
    const before = (await repo.membershipsOfLao(trx, laoCode))
      .filter((m) => m.user_id === user.id)
      .map((m) => m.division_id);
    await setUserDivisions(trx, user.id, ids);
    const name = (id: string) => divisions.find((d) => d.id === id)?.name_th ?? id;
    await logActivity(trx, {
      actor,
      action: 'staff.divisions_set',
      laoCode,
      target: username,
      detail: { old: before.map(name), new: ids.map(name) },
      ip,
    });
    return { username, divisionIds: ids };
  });
}

/** Whether the actor keeps this LAO's divisions and assignments (for showing or hiding forms). */
export async function mayManage(db: Kysely<Database>, actor: Actor, laoCode: string) {
  const scope = await laoScope(db, laoCode);
  return Boolean(scope && can(actor, 'lao.manage', scope));
}
