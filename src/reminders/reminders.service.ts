import type { Kysely } from 'kysely';
import { resolveAssignment } from '../assignments/assignment-rule.ts';
import * as assignmentsRepo from '../assignments/assignments.repository.ts';
import { yearRecords } from '../certification/certification.repository.ts';
import { missingDatasets } from '../certification/certification.service.ts';
import { aspectState, countsAsCertified } from '../certification/certification.state.ts';
import type { Config } from '../config.ts';
import { provinceDashboard } from '../dashboards/dashboards.service.ts';
import type { Database } from '../db/database.ts';
import { queueMail } from '../mail/mail.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import type { Actor } from '../policy/policy.ts';
import { laoYear } from '../records/records.service.ts';
import { every } from '../scheduler/scheduler.service.ts';
import { divisionsOfLao } from '../users/users.repository.ts';
import { AppError, bi } from '../util/errors.ts';
import { bangkokIsoDate, fiscalYearOf, formatDateBE } from '../util/thai-date.ts';
import * as repo from './reminders.repository.ts';

/** Reminders go out this many days before a data set's due date. */
export const DUE_OFFSETS = [14, 7, 1] as const;
/** A province's weekly summary names at most this many LAOs (then "and N more", with the dashboard's link). */
const PROVINCE_LIST_MAX = 30;

export type Reminded = {
  kind: string;
  userId: string;
  username: string;
  to: string;
  /** The LAO it is about (null for a province's weekly summary). */
  laoCode: string | null;
  provinceCode: string | null;
  year: number;
  /** The day the reminder belongs to: the due date (due_*), or the week's Monday (certify). */
  day: string;
  summary: string;
  mailId: string;
};

const DAY_MS = 24 * 3600_000;
const isoToBE = (iso: string) => formatDateBE(`${iso}T00:00:00+07:00`);
/** The Monday (Bangkok) of the week of `now`, yyyy-mm-dd. */
const mondayOf = (now: Date) => {
  const today = bangkokIsoDate(now);
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
  return bangkokIsoDate(now.getTime() - ((dow + 6) % 7) * DAY_MS);
};

type Pending = {
  /** What the reminder is about: an LAO's year (`5310108:2569`) or a province's (`31:2569`). */
  subjectKey: string;
  laoCode: string | null;
  provinceCode: string | null;
  user: { id: string; username: string; email: string };
  kind: string;
  day: string;
  summary: string;
  /** The summary in English (the in-app notification in English). */
  summaryEn: string;
  /** Where the person acts (a path of this service): the notification's link. */
  href: string;
  subject: string;
  text: string;
};

/**
 * The data sets of one LAO in a year still incomplete (certification's own completeness rule) and due on one of
 * the days, with whom to remind: the assignment's responsible person, else the staff of the division that
 * records it.
 */
async function dueReminders(
  db: Kysely<Database>,
  config: Config,
  lao: string,
  year: number,
  days: Map<string, number>,
  national: string | null,
) {
  const { lao: l, catalog } = await laoYear(db, lao, year);
  const [rows, divisions, records, users] = await Promise.all([
    assignmentsRepo.assignmentsOf(db, lao, year),
    divisionsOfLao(db, lao),
    yearRecords(db, lao, year),
    repo.reminderUsersOf(db, lao),
  ]);
  const byUser = new Map<string, { user: (typeof users)[number]; due: string; items: string[] }>();
  for (const section of catalog.sections) {
    const records_ = records.filter((r) => r.section_no === section.no);
    for (const m of missingDatasets(section, l, records_)) {
      const r = resolveAssignment(rows, divisions, section, m.field);
      const due = r.dueDate ?? national;
      if (!due || !days.has(due)) continue;
      const to = r.responsibleUserId
        ? users.filter((u) => u.id === r.responsibleUserId)
        : users.filter((u) => u.role === 'lao_staff' && r.divisionId && u.divisionIds.includes(r.divisionId));
      const name = catalog.dataset(m.field)?.nameTh ?? m.field;
      for (const u of to) {
        const key = `${u.id}:${due}`;
        const e = byUser.get(key) ?? { user: u, due, items: [] };
        e.items.push(`- ด้านที่ ${section.no}: ${name}`);
        byUser.set(key, e);
      }
    }
  }
  const out: Pending[] = [];
  for (const { user, due, items } of byUser.values()) {
    const n = days.get(due)!;
    out.push({
      subjectKey: `${lao}:${year}`,
      laoCode: lao,
      provinceCode: l.provinceCode,
      user,
      kind: `due_${n}`,
      day: due,
      summary: `ชุดข้อมูลยังไม่ครบ ${items.length} ชุด กำหนดแล้วเสร็จ ${isoToBE(due)} (อีก ${n} วัน)`,
      summaryEn: `${items.length} data sets incomplete, due on ${isoToBE(due)} (in ${n} days)`,
      href: `/my-work?year=${year}`,
      subject: `[INFO] เตือน: ชุดข้อมูล ${items.length} ชุดของ ${l.nameTh} ครบกำหนด ${isoToBE(due)} (อีก ${n} วัน)`,
      text:
        `เรียน ${user.display_name}\n\n` +
        `ชุดข้อมูลที่ท่านรับผิดชอบของ ${l.nameTh} ปีงบประมาณ ${year} ยังบันทึกไม่ครบ ` +
        `และครบกำหนดแล้วเสร็จวันที่ ${isoToBE(due)} (อีก ${n} วัน):\n\n${items.join('\n')}\n\n` +
        `บันทึกให้ครบได้ที่ ${config.baseUrl}/my-work?year=${year}\n\n` +
        `ปิดการแจ้งเตือนได้ที่หน้าบัญชีของท่าน ${config.baseUrl}/account\n\n` +
        `---\n${items.length} data sets you are responsible for are incomplete and due on ${isoToBE(due)} (in ${n} days).\n`,
    });
  }
  return out;
}

/**
 * One reminder run at `now`: mails (through the outbox) the responsible staff of incomplete data sets due in 14,
 * 7 or 1 days (the data set's own due date, else its section's, else the national deadline), and once a week
 * each LAO certifier about aspects complete but not certified. Each reminder is one row of reminder_sent, written
 * with its mail in one transaction and keyed by (kind, recipient, LAO-year, day): a re-run, or a second app node
 * running at the same moment, sends nothing twice. Users who turned reminders off get none. Returns who was
 * reminded of what by this run.
 */
export async function runReminders(
  db: Kysely<Database>,
  config: Config,
  opts: { now?: Date } = {},
): Promise<Reminded[]> {
  const now = opts.now ?? new Date();
  const year = fiscalYearOf(now);
  const days = new Map<string, number>(
    DUE_OFFSETS.map((n) => [bangkokIsoDate(now.getTime() + n * DAY_MS), n]),
  );
  const national = (await assignmentsRepo.yearDeadline(db, year))?.due_date ?? null;
  // The LAOs to look at: those with an assignment due on one of the days, or all with users when the national
  // deadline is (data sets without a date of their own fall due then).
  const laos = new Set(await repo.laosWithAssignmentsDue(db, year, [...days.keys()]));
  if (national && days.has(national)) for (const c of await repo.laosWithReminderUsers(db)) laos.add(c);
  const pending = new Map<string, Pending[]>();
  for (const lao of [...laos].sort()) {
    try {
      pending.set(lao, await dueReminders(db, config, lao, year, days, national));
    } catch {
      // An LAO retired in the year has no data sets to remind of.
    }
  }
  // Complete but uncertified aspects, to the LAO's certifiers, once a week.
  const monday = mondayOf(now);
  const byLao = new Map<string, number[]>();
  for (const a of await repo.completeAspects(db, year))
    if (!countsAsCertified(aspectState(a), 'lao'))
      byLao.set(a.lao_code, [...(byLao.get(a.lao_code) ?? []), a.section_no]);
  for (const [lao, sections] of byLao) {
    const certifiers = (await repo.reminderUsersOf(db, lao)).filter((u) => u.role === 'lao_certifier');
    if (!certifiers.length) continue;
    const { lao: l } = await laoYear(db, lao, year);
    const list = sections.sort((a, b) => a - b).join(', ');
    const link = `${config.baseUrl}/certification/laos/${lao}/years/${year}`;
    for (const user of certifiers)
      (pending.get(lao) ?? pending.set(lao, []).get(lao)!).push({
        subjectKey: `${lao}:${year}`,
        laoCode: lao,
        provinceCode: l.provinceCode,
        user,
        kind: 'certify',
        day: monday,
        summary: `ด้านที่ ${list} ข้อมูลครบแล้ว รอการรับรอง`,
        summaryEn: `Aspects ${list} are complete and wait for certification`,
        href: `/certification/laos/${lao}/years/${year}`,
        subject: `[INFO] เตือน: ${l.nameTh} มี ${sections.length} ด้านข้อมูลครบแล้ว รอท่านรับรอง`,
        text:
          `เรียน ${user.display_name}\n\n` +
          `ข้อมูลด้านที่ ${list} ของ ${l.nameTh} ปีงบประมาณ ${year} บันทึกครบแล้วแต่ยังไม่ได้รับรอง` +
          `${national ? ` กำหนดส่งของกรมส่งเสริมการปกครองท้องถิ่นคือ ${isoToBE(national)}` : ''}\n\n` +
          `รับรองได้ที่ ${link}\n\n` +
          `ปิดการแจ้งเตือนได้ที่หน้าบัญชีของท่าน ${config.baseUrl}/account\n\n` +
          `---\nAspects ${list} are complete and wait for your certification.\n`,
      });
  }
  // The province officers, once a week: their province's LAOs behind the deadline (extensions counted).
  const behindOf = new Map<string, Awaited<ReturnType<typeof provinceDashboard>>>();
  for (const o of await repo.reminderProvinceOfficers(db)) {
    const province = o.province_code!;
    const actor: Actor = {
      id: o.id,
      username: o.username,
      displayName: o.display_name,
      role: 'province_officer',
      provinceCode: province,
      districtCode: null,
      laoCode: null,
      divisionIds: [],
    };
    let d = behindOf.get(province);
    if (!d) {
      d = await provinceDashboard(db, actor, province, year, {}, now);
      behindOf.set(province, d);
    }
    if (!d.behind.length) continue;
    const n = d.behind.length;
    const shown = d.behind.slice(0, PROVINCE_LIST_MAX);
    const link = `${config.baseUrl}/dashboards/province/${province}?year=${year}`;
    (pending.get(`p${province}`) ?? pending.set(`p${province}`, []).get(`p${province}`)!).push({
      subjectKey: `${province}:${year}`,
      laoCode: null,
      provinceCode: province,
      user: o,
      kind: 'province_weekly',
      day: monday,
      summary: `อปท. ${n} แห่งในจังหวัดเลยกำหนดส่งแล้ว ยังรับรองไม่ครบ 8 ด้าน`,
      summaryEn: `${n} LAOs of the province are past their deadline without all 8 aspects certified`,
      href: `/dashboards/province/${province}?year=${year}`,
      subject: `[INFO] สรุปรายสัปดาห์: อปท. ${n} แห่งของจังหวัด${d.province.name_th} เลยกำหนดส่งข้อมูลแล้ว`,
      text:
        `เรียน ${o.display_name}\n\n` +
        `อปท. ${n} แห่งของจังหวัด${d.province.name_th} เลยกำหนดส่งข้อมูลปีงบประมาณ ${year} แล้ว ` +
        `แต่ยังรับรองข้อมูลไม่ครบ 8 ด้าน (นับรวมการขยายเวลาแล้ว):\n\n` +
        shown
          .map(
            (l) =>
              `- ${l.nameTh} อำเภอ${l.districtNameTh}: รับรองแล้ว ${l.certified} ด้าน กำหนดส่ง ${l.dueDate ? isoToBE(l.dueDate) : '–'}`,
          )
          .join('\n') +
        (n > shown.length ? `\n- และอีก ${n - shown.length} แห่ง` : '') +
        `\n\nดูภาพรวมจังหวัดได้ที่ ${link}\n\n` +
        `ปิดการแจ้งเตือนได้ที่หน้าบัญชีของท่าน ${config.baseUrl}/account\n\n` +
        `---\n${n} LAOs of the province are past their deadline for FY ${year} without all 8 aspects certified: ${link}\n`,
    });
  }
  const reminded: Reminded[] = [];
  const sentAt = new Date().toISOString();
  for (const list of pending.values())
    for (const p of list) {
      const lao = p.laoCode;
      const r = await db
        .transaction()
        .execute(async (trx) => {
          const mail = await queueMail(trx, config, {
            to: p.user.email,
            kind: `reminder.${p.kind}`,
            subject: p.subject,
            text: p.text,
          });
          const fresh = await repo.insertSent(trx, {
            kind: p.kind,
            user_id: p.user.id,
            subject_key: p.subjectKey,
            day: p.day,
            lao_code: lao,
            province_code: p.provinceCode,
            to_address: p.user.email,
            summary: p.summary,
            mail_id: mail.id,
            sent_at: sentAt,
          });
          // Already sent (an earlier run, or another node just now): the mail goes with the rollback.
          if (!fresh) throw new AlreadySent();
          // The same reminder where the person works: the bell and the notifications page.
          await notify(trx, {
            userIds: [p.user.id],
            kind: 'reminder',
            href: p.href,
            laoCode: lao,
            year,
            text: { th: p.summary, en: p.summaryEn },
          });
          return mail.id;
        })
        .catch((e) => {
          if (e instanceof AlreadySent) return null;
          throw e;
        });
      if (r)
        reminded.push({
          kind: p.kind,
          userId: p.user.id,
          username: p.user.username,
          to: p.user.email,
          laoCode: lao,
          provinceCode: p.provinceCode,
          year,
          day: p.day,
          summary: p.summary,
          mailId: r,
        });
    }
  return reminded;
}

class AlreadySent extends Error {}

/** The reminder job of a server: an hourly run (REMINDERS=on); the returned function stops it. */
export function startReminderSchedule(
  db: Kysely<Database>,
  config: Config,
  log: (msg: string, err?: unknown) => void,
  everyMs = 3600_000,
): () => Promise<void> {
  return every(
    everyMs,
    async () => {
      const r = await runReminders(db, config);
      if (r.length) log(`reminders: ${r.length} sent`);
    },
    log,
    'reminders',
  );
}

/**
 * The reminders sent, newest first, that the actor may see: the centre all, a province officer their province's,
 * an LAO administrator their LAO's; 403 for anyone else.
 */
export async function listReminders(
  db: Kysely<Database>,
  actor: Actor,
  p: { limit: number; offset: number },
) {
  const a = actor!;
  const scope =
    a.role === 'dla_admin'
      ? {}
      : a.role === 'province_officer' && a.provinceCode
        ? { provinceCode: a.provinceCode }
        : a.role === 'lao_admin' && a.laoCode
          ? { laoCode: a.laoCode }
          : null;
  if (!scope)
    throw new AppError(
      'forbidden',
      bi(
        'การแจ้งเตือนที่ส่งแล้วเปิดได้เฉพาะผู้ดูแลระบบ อปท. เจ้าหน้าที่จังหวัด และส่วนกลาง',
        'Sent reminders are for LAO administrators, province officers and the centre',
      ),
    );
  return repo.sentPage(db, scope, p);
}
