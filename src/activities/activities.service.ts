import type { Kysely } from 'kysely';
import { fiscalYearDays, isoToBE } from '../assignments/due-dates.ts';
import { logActivity } from '../audit/audit.service.ts';
import { aspectStatusesOf } from '../certification/certification.repository.ts';
import { aspectState, countsAsCertified } from '../certification/certification.state.ts';
import type { Database } from '../db/database.ts';
import {
  attachFilesIn,
  filesByOwner,
  moveOwnerSection,
  type Owner,
  requireRecordAspect,
  type StoredBlob,
} from '../files/files.service.ts';
import { type Actor, can } from '../policy/policy.ts';
import { requireLao } from '../policy/scope.ts';
import { laoYear } from '../records/records.service.ts';
import { AppError, bi } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import type { Paging } from '../util/paging.ts';
import * as repo from './activities.repository.ts';
import type { ActivityFilter, ActivityInput } from './activities.schemas.ts';
import type { LaoActivityTable } from './activities.table.ts';

const notFound = () =>
  new AppError('not_found', bi('ไม่พบกิจกรรมนี้ อาจถูกลบไปแล้ว', 'No such activity; it may have been deleted'));

/** The owner an activity's files are attached to. */
export const activityOwner = (
  a: Pick<LaoActivityTable, 'id' | 'lao_code' | 'fiscal_year' | 'aspect_no'>,
): Owner => ({
  kind: 'activity',
  id: a.id,
  laoCode: a.lao_code,
  year: a.fiscal_year,
  sectionNo: a.aspect_no,
  datasetId: null,
});

/** Reading an LAO's activities: lao.view on it (its people, province, district, the centre). */
export async function requireView(db: Kysely<Database>, actor: Actor, laoCode: string, year: number) {
  await requireLao(db, actor, laoCode, 'lao.view');
  return laoYear(db, laoCode, year);
}

/**
 * Recording activities at all: those who record the LAO's data (its administrator, its division staff, the centre).
 * Each activity then needs the right to record its aspect (requireRecordAspect).
 */
export async function requireRecorder(db: Kysely<Database>, actor: Actor, laoCode: string) {
  const scope = await requireLao(db, actor, laoCode, 'lao.view');
  if (!can(actor, 'lao.record', { ...scope, assignedDivisionIds: actor.divisionIds }))
    throw new AppError(
      'forbidden',
      bi(
        'เฉพาะผู้ดูแลระบบและเจ้าหน้าที่กองของ อปท. นี้ที่บันทึกกิจกรรมได้',
        'Only this LAO’s administrator and division staff may record activities',
      ),
    );
  return scope;
}

/** Whether the actor may record activities of this LAO (for showing buttons). */
export async function mayRecord(db: Kysely<Database>, actor: Actor, laoCode: string) {
  try {
    await requireRecorder(db, actor, laoCode);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.status === 403) return false;
    throw err;
  }
}

/** The activity's date must fall in the fiscal year it is filed under. */
function checkDate(year: number, date: string, field = 'date') {
  const { first, last } = fiscalYearDays(year);
  if (date < first || date > last)
    throw new AppError(
      'unprocessable',
      bi(
        `วันที่ต้องอยู่ในปีงบประมาณ ${year} (${isoToBE(first)}–${isoToBE(last)})`,
        `The date must be within fiscal year ${year} (${isoToBE(first)}–${isoToBE(last)})`,
      ),
      [
        {
          field,
          code: 'date_range',
          message: bi(
            `กรอกวันที่ระหว่าง ${isoToBE(first)} ถึง ${isoToBE(last)}`,
            `Enter a date from ${isoToBE(first)} to ${isoToBE(last)}`,
          ),
        },
      ],
    );
}

/** Checks an input before any file is read: the recorder, the date within the year, the aspect's recorder. */
export async function checkInput(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  input: ActivityInput,
) {
  await requireRecorder(db, actor, laoCode);
  checkDate(year, input.date);
  await requireRecordAspect(db, actor, laoCode, year, input.aspect, null);
}

/** Records an activity (with its photos and documents, already stored) in one transaction, logged. */
export async function createActivity(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  input: ActivityInput,
  blobs: StoredBlob[] = [],
  opts: { ip?: string | null } = {},
) {
  await checkInput(db, actor, laoCode, year, input);
  const at = new Date().toISOString();
  const row: LaoActivityTable = {
    id: uuidv7(),
    lao_code: laoCode,
    fiscal_year: year,
    date: input.date,
    title: input.title,
    aspect_no: input.aspect,
    description: input.description,
    participants: input.participants,
    created_at: at,
    created_by: actor.username,
    updated_at: at,
    updated_by: actor.username,
    deleted_at: null,
    deleted_by: null,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertActivity(trx, row);
    await logActivity(trx, {
      actor,
      action: 'activity.created',
      laoCode,
      target: row.id,
      detail: { year, title: row.title, aspect: row.aspect_no, date: row.date },
      ip: opts.ip ?? null,
    });
    await attachFilesIn(trx, actor, activityOwner(row), blobs, opts);
  });
  return row;
}

/** One activity of an LAO and year, with its files; lao.view. */
export async function getActivity(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  id: string,
) {
  await requireView(db, actor, laoCode, year);
  const a = await repo.findActivity(db, laoCode, year, id);
  if (!a) throw notFound();
  const files = (await filesByOwner(db, laoCode, year, 'activity', [a.id])).get(a.id) ?? [];
  return { activity: a, files };
}

/** An activity to change: it exists, and the actor records both its aspect now and the one it moves to. */
async function changeable(db: Kysely<Database>, actor: Actor, laoCode: string, year: number, id: string) {
  await requireRecorder(db, actor, laoCode);
  const a = await repo.findActivity(db, laoCode, year, id);
  if (!a) throw notFound();
  await requireRecordAspect(db, actor, laoCode, year, a.aspect_no, null);
  return a;
}

/** Changes an activity, logged with what changed. */
export async function updateActivity(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  id: string,
  input: ActivityInput,
  opts: { ip?: string | null } = {},
) {
  const a = await changeable(db, actor, laoCode, year, id);
  await checkInput(db, actor, laoCode, year, input);
  const at = new Date().toISOString();
  const set = {
    date: input.date,
    title: input.title,
    aspect_no: input.aspect,
    description: input.description,
    participants: input.participants,
    updated_at: at,
    updated_by: actor.username,
  };
  const changed = (['date', 'title', 'aspect_no', 'description', 'participants'] as const).filter(
    (k) => a[k] !== set[k],
  );
  await db.transaction().execute(async (trx) => {
    const r = await repo.updateActivity(trx, id, set);
    if (Number(r.numUpdatedRows) === 0) throw notFound();
    // Files follow their activity's aspect: who may read them follows its certification.
    if (a.aspect_no !== set.aspect_no) await moveOwnerSection(trx, 'activity', id, set.aspect_no);
    await logActivity(trx, {
      actor,
      action: 'activity.updated',
      laoCode,
      target: id,
      detail: { year, title: set.title, changed },
      ip: opts.ip ?? null,
    });
  });
  return { ...a, ...set };
}

/** Deletes an activity (kept as deleted with its files), logged. */
export async function deleteActivity(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  id: string,
  opts: { ip?: string | null } = {},
) {
  const a = await changeable(db, actor, laoCode, year, id);
  await db.transaction().execute(async (trx) => {
    const r = await repo.markDeleted(trx, id, new Date().toISOString(), actor.username);
    if (Number(r.numUpdatedRows) === 0) throw notFound();
    await logActivity(trx, {
      actor,
      action: 'activity.deleted',
      laoCode,
      target: id,
      detail: { year, title: a.title, aspect: a.aspect_no, date: a.date },
      ip: opts.ip ?? null,
    });
  });
}

/** The activity an upload attaches to, checked for the actor (before any file is read). */
export async function uploadOwner(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  id: string,
) {
  return activityOwner(await changeable(db, actor, laoCode, year, id));
}

/** One page of an LAO's activities (newest first) with their files; lao.view. */
export async function listActivities(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  f: ActivityFilter,
  pg: Paging,
) {
  const { lao } = await requireView(db, actor, laoCode, year);
  const r = await repo.findActivities(db, laoCode, year, f, pg.offset, pg.pageSize);
  const files = await filesByOwner(
    db,
    laoCode,
    year,
    'activity',
    r.items.map((a) => a.id),
  );
  return { lao, total: r.total, items: r.items.map((a) => ({ activity: a, files: files.get(a.id) ?? [] })) };
}

/** The aspects of an LAO and year that stand certified by the LAO: what the public may see. */
export async function certifiedAspects(db: Kysely<Database>, laoCode: string, year: number) {
  const rows = await aspectStatusesOf(db, laoCode, year);
  return rows.filter((r) => countsAsCertified(aspectState(r), 'lao')).map((r) => Number(r.section_no));
}

/** The public page: activities of certified aspects only, with their files. */
export async function publicActivities(
  db: Kysely<Database>,
  laoCode: string,
  year: number,
  f: ActivityFilter,
  pg: Paging,
) {
  const { lao } = await laoYear(db, laoCode, year);
  const aspects = await certifiedAspects(db, laoCode, year);
  const r = await repo.findActivities(db, laoCode, year, f, pg.offset, pg.pageSize, aspects);
  const files = await filesByOwner(
    db,
    laoCode,
    year,
    'activity',
    r.items.map((a) => a.id),
  );
  return {
    lao,
    aspects,
    total: r.total,
    items: r.items.map((a) => ({ activity: a, files: files.get(a.id) ?? [] })),
  };
}
