import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { queueMail } from '../mail/mail.service.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { getProvince } from '../registry/registry.service.ts';
import { every } from '../scheduler/scheduler.service.ts';
import { bangkokIsoDate, formatDateBE, formatTime } from '../util/thai-date.ts';
import * as repo from './certification.repository.ts';

export const DIGEST_JOB = 'certification-digest';
/** A run left unfinished this long was on a node that died: another node may take it over. */
const STALE_MS = 60 * 60 * 1000;
/** The digest of a day goes out from this Bangkok hour of the next day. */
const SEND_HOUR = 7;

const dayStart = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();
const nextDay = (day: string) => bangkokIsoDate(new Date(`${day}T12:00:00+07:00`).getTime() + 24 * 3600_000);

/** Yesterday in Bangkok (yyyy-mm-dd): the day a digest sent today is about. */
export const yesterday = (now = new Date()) => bangkokIsoDate(now.getTime() - 24 * 3600_000);

async function claim(db: Kysely<Database>, day: string, node: string, now: Date) {
  const at = now.toISOString();
  if (await repo.insertRun(db, { job: DIGEST_JOB, run_key: day, started_at: at, node })) return true;
  const run = await repo.findRun(db, DIGEST_JOB, day);
  if (!run || run.finished_at || now.getTime() - Date.parse(run.started_at) < STALE_MS) return false;
  return repo.takeOverRun(db, DIGEST_JOB, day, run.started_at, at, node);
}

export type DigestResult = {
  day: string;
  /** 'already_sent' when another run (another node, or an earlier command) has the day. */
  skipped: 'already_sent' | null;
  certifications: number;
  provinces: number;
  messages: number;
};

/**
 * Sends the province officers of each province one message listing the LAO certifications of a Bangkok day
 * (yyyy-mm-dd). The day's row in scheduled_run is the lock: of several app nodes (or a node and the CLI), one
 * sends it and the others skip.
 */
export async function sendDailyDigest(
  db: Kysely<Database>,
  config: Config,
  day: string,
  opts: { node?: string; now?: Date } = {},
): Promise<DigestResult> {
  const now = opts.now ?? new Date();
  const node = opts.node ?? `${hostname()}:${process.pid}`;
  if (!(await claim(db, day, node, now)))
    return { day, skipped: 'already_sent', certifications: 0, provinces: 0, messages: 0 };
  const events = await repo.laoCertificationsBetween(db, dayStart(day), dayStart(nextDay(day)));
  const byProvince = new Map<string, typeof events>();
  for (const e of events) byProvince.set(e.province_code, [...(byProvince.get(e.province_code) ?? []), e]);
  const mails: Parameters<typeof queueMail>[2][] = [];
  for (const [code, list] of byProvince) {
    const to = await repo.provinceOfficerEmails(db, code);
    if (to.length === 0) continue;
    const province = await getProvince(db, code);
    const names = new Map<string, string>();
    for (const year of new Set(list.map((e) => Number(e.year))))
      for (const n of await repo.laoNames(
        db,
        list.filter((e) => Number(e.year) === year).map((e) => e.lao_code),
        year,
      ))
        names.set(`${n.code}:${year}`, fullNameTh(n.type, n.name));
    const lines = list.map(
      (e) =>
        `- ${names.get(`${e.lao_code}:${e.year}`) ?? e.lao_code} (${e.lao_code}) ด้านที่ ${e.section_no} ` +
        `ปีงบประมาณ ${e.year} เวลา ${formatTime(e.at)} โดย ${e.by_username}\n` +
        `  ${config.baseUrl}/certification/laos/${e.lao_code}/years/${e.year}`,
    );
    const dateBE = formatDateBE(dayStart(day));
    for (const address of to) {
      mails.push({
        to: address,
        kind: 'certification.digest',
        subject: `[INFO] สรุปการรับรองข้อมูลของ อปท. วันที่ ${dateBE} — จังหวัด${province?.name_th ?? code} (${list.length} รายการ)`,
        text:
          `เรียน สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด${province?.name_th ?? code}\n\n` +
          `วันที่ ${dateBE} อปท. ในจังหวัดรับรองข้อมูล ${list.length} รายการ รอจังหวัดตรวจสอบและรับรอง:\n\n` +
          `${lines.join('\n')}\n\n` +
          `แดชบอร์ดจังหวัด: ${config.baseUrl}/dashboards/province/${code}\n\n` +
          `---\nLAO certifications of ${day} in your province, waiting for the province's check and certification.\n`,
      });
    }
  }
  const result = {
    day,
    skipped: null,
    certifications: events.length,
    provinces: byProvince.size,
    messages: mails.length,
  };
  // The day's mails and the end of its run are one write: a run that dies before it sent nothing.
  await db.transaction().execute(async (trx) => {
    for (const m of mails) await queueMail(trx, config, m);
    await repo.finishRun(trx, DIGEST_JOB, day, new Date().toISOString(), result);
  });
  return result;
}

/**
 * The digest job of a server: every 10 minutes it checks whether yesterday's digest is due (from 07:00
 * Bangkok) and not yet taken by any node, and sends it. The timer does not keep the process alive; the
 * returned function stops it.
 */
export function startDigestSchedule(
  db: Kysely<Database>,
  config: Config,
  log: (msg: string, err?: unknown) => void,
  everyMs = 10 * 60 * 1000,
): () => Promise<void> {
  return every(
    everyMs,
    async () => {
      const now = new Date();
      const hour = Number(new Date(now.getTime() + 7 * 3600_000).toISOString().slice(11, 13));
      if (hour < SEND_HOUR) return;
      const day = yesterday(now);
      if ((await repo.findRun(db, DIGEST_JOB, day))?.finished_at) return;
      const r = await sendDailyDigest(db, config, day);
      if (!r.skipped)
        log(`certification digest ${day}: ${r.certifications} certifications, ${r.messages} messages`);
    },
    log,
    'certification digest',
  );
}
