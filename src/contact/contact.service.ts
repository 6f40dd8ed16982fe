import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { mailLimitError, queueMail, takeMailQuota } from '../mail/mail.service.ts';
import { type Action, type Actor, can } from '../policy/policy.ts';
import { laoScope, requireLao } from '../policy/scope.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { getLao, getProvince } from '../registry/registry.service.ts';
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import * as repo from './contact.repository.ts';
import type { ContactInput, ContactState } from './contact.schemas.ts';
import type { LaoContactHistoryTable, LaoContactTable } from './contact.table.ts';

export const VERIFY_TTL_MS = 7 * 24 * 3600_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// History rows written in the same millisecond (registered, then verification_sent) must keep their order:
// ids are UUIDv7 with a per-process counter (RFC 9562, method 1), so (at, id) sorts as they were written.
let lastMs = 0;
let seq = 0;
function orderedId(): string {
  const ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    seq = 0;
  } else if (++seq > 0xfff) {
    lastMs++;
    seq = 0;
  }
  const r = randomBytes(8);
  r[0] = (r[0]! & 0x3f) | 0x80;
  const h = `${lastMs.toString(16).padStart(12, '0')}7${seq.toString(16).padStart(3, '0')}${r.toString('hex')}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const now = () => new Date().toISOString();

/** The API shape of a registration. */
export function toApiContact(c: LaoContactTable) {
  return {
    laoCode: c.lao_code,
    responsibleName: c.responsible_name,
    responsiblePosition: c.responsible_position,
    responsibleDivision: c.responsible_division,
    phone: c.phone,
    email: c.email,
    emailVerified: c.email_verified_at !== null,
    emailVerifiedAt: c.email_verified_at,
    updatedAt: c.updated_at,
    updatedBy: c.updated_by,
  };
}
export type ApiContact = ReturnType<typeof toApiContact>;

/** The state the province screen shows for a registration (or its absence). */
export const stateOf = (
  c: { email: string | null; email_verified_at: string | null } | undefined | null,
): ContactState => (!c?.email ? 'unregistered' : c.email_verified_at ? 'verified' : 'pending');

/** The warnings a registration deserves without being refused: a central address not of the official form. */
export function contactWarnings(email: string): { field: string; message: Bilingual }[] {
  return email.startsWith('saraban')
    ? []
    : [
        {
          field: 'email',
          message: bi(
            'ที่อยู่ e-mail กลางของ อปท. ตามหนังสือสั่งการมักขึ้นต้นด้วย saraban',
            'By the DLA order, the central e-mail address of an LAO usually starts with saraban',
          ),
        },
      ];
}

/** Resolves an LAO and checks the actor may do `action` on it: 404 or 403 otherwise. */
export const authorise = (db: Kysely<Database>, actor: Actor, code: string, action: Action) =>
  requireLao(db, actor, code, action, {
    refusal:
      action === 'lao.view'
        ? bi('คุณไม่มีสิทธิ์ดูข้อมูลของ อปท. นี้', 'You may not see the data of this LAO')
        : undefined,
  });

const notRegistered = (code: string) =>
  new AppError(
    'not_found',
    bi(
      `อปท. รหัส ${code} ยังไม่ได้ลงทะเบียนผู้รับผิดชอบ e-mail กลาง`,
      `LAO ${code} has not registered its central e-mail`,
    ),
  );

/** Whether the actor may change the registration of an LAO (for showing the edit button). */
export async function canEditContact(db: Kysely<Database>, actor: Actor, code: string) {
  const scope = await laoScope(db, code);
  return Boolean(scope && can(actor, 'lao.contact.edit', scope));
}

/** An LAO's registration, or null when there is none; needs lao.view. */
export async function findContactFor(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
): Promise<ApiContact | null> {
  await authorise(db, actor, code, 'lao.view');
  const c = await repo.findContact(db, code);
  return c ? toApiContact(c) : null;
}

/** An LAO's registration; 404 when it has none. */
export async function getContact(db: Kysely<Database>, actor: Actor, code: string): Promise<ApiContact> {
  const c = await findContactFor(db, actor, code);
  if (!c) throw notRegistered(code);
  return c;
}

const snapshot = (c: LaoContactTable) =>
  JSON.stringify({
    responsibleName: c.responsible_name,
    responsiblePosition: c.responsible_position,
    responsibleDivision: c.responsible_division,
    phone: c.phone,
    email: c.email,
    emailVerifiedAt: c.email_verified_at,
  });

async function record(
  trx: Transaction<Database> | Kysely<Database>,
  c: LaoContactTable,
  change: LaoContactHistoryTable['change'],
  who: Actor | { username: string },
  extra: { ip?: string | null; detail?: Record<string, unknown> } = {},
) {
  const at = now();
  await repo.insertHistory(trx, {
    id: orderedId(),
    lao_code: c.lao_code,
    at,
    by_username: who.username,
    change,
    snapshot_json: snapshot(c),
  });
  await logActivity(trx, {
    actor: who,
    action: `contact.${change}`,
    laoCode: c.lao_code,
    target: c.email,
    detail: extra.detail ?? null,
    ip: extra.ip ?? null,
  });
}

/** Queues the verification mail in the transaction that saved the token. */
async function mailVerification(db: Transaction<Database>, config: Config, c: LaoContactTable, raw: string) {
  const lao = await getLao(db, c.lao_code);
  const link = `${config.baseUrl}/contact/verify/${raw}`;
  await queueMail(db, config, {
    to: c.email,
    kind: 'contact_verification',
    subject: `ยืนยันที่อยู่ e-mail กลางของ ${lao.nameTh} — ระบบข้อมูลกลาง อปท. (INFO)`,
    text:
      `เรียน ผู้รับผิดชอบ e-mail กลางของ${lao.nameTh}\n\n` +
      `ที่อยู่นี้ได้รับการลงทะเบียนเป็น e-mail กลางของ${lao.nameTh} (รหัส ${c.lao_code}) ` +
      `ในระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น (INFO)\n` +
      `ผู้รับผิดชอบ: ${c.responsible_name} ${c.responsible_position} ${c.responsible_division} โทร ${c.phone}\n\n` +
      `โปรดยืนยันที่อยู่ e-mail โดยเปิดลิงก์นี้ภายใน 7 วัน (ใช้ได้ครั้งเดียว):\n${link}\n\n` +
      `หากท่านไม่เกี่ยวข้องกับการลงทะเบียนนี้ ไม่ต้องทำอะไร ที่อยู่นี้จะไม่ถูกยืนยัน\n\n` +
      `Confirm this address as the central e-mail of LAO ${c.lao_code} within 7 days (single use): ${link}`,
  });
}

const newToken = () => {
  const raw = randomBytes(32).toString('base64url');
  return { raw, hash: sha256(raw), expires: new Date(Date.now() + VERIFY_TTL_MS).toISOString() };
};

/** Takes a place for one verification mail to an address of an LAO, or refuses (429) and nothing is written. */
async function verificationQuota(db: Kysely<Database>, code: string, to: string) {
  const refused = await takeMailQuota(db, { kind: 'contact_verification', to, laoCode: code });
  if (refused) throw mailLimitError(refused, to);
}

/**
 * Registers or updates an LAO's responsible person and central e-mail (lao.contact.edit). A new or changed
 * address becomes unverified and gets a fresh single-use link by mail, within the hourly mail limits (429
 * beyond them, with nothing saved). Every change is kept in the history and the activity log; saving the same
 * values changes nothing.
 */
export async function saveContact(
  db: Kysely<Database>,
  config: Config,
  actor: Actor,
  code: string,
  input: ContactInput,
  meta: { ip?: string | null } = {},
) {
  await authorise(db, actor, code, 'lao.contact.edit');
  const who = actor!;
  const token = newToken();
  const current = await repo.findContact(db, code);
  const willMail = !current || current.email !== input.email;
  if (willMail) await verificationQuota(db, code, input.email);
  const result = await db.transaction().execute(async (trx) => {
    const before = await repo.findContact(trx, code);
    const at = now();
    const emailChanged = !before || before.email !== input.email;
    if (emailChanged && !willMail) {
      // Changed by someone else since it was read: the mail it now needs was not counted.
      throw new AppError(
        'conflict',
        bi(
          'มีผู้แก้ไขการลงทะเบียนนี้พร้อมกัน เปิดหน้าใหม่แล้วตรวจสอบอีกครั้ง',
          'Someone changed this registration at the same time; reload and check',
        ),
      );
    }
    const next: LaoContactTable = {
      lao_code: code,
      responsible_name: input.responsibleName,
      responsible_position: input.responsiblePosition,
      responsible_division: input.responsibleDivision,
      phone: input.phone,
      email: input.email,
      email_verified_at: emailChanged ? null : (before?.email_verified_at ?? null),
      verify_token_hash: emailChanged ? token.hash : (before?.verify_token_hash ?? null),
      verify_expires_at: emailChanged ? token.expires : (before?.verify_expires_at ?? null),
      updated_at: at,
      updated_by: who.username,
    };
    const changed = (
      [
        ['responsibleName', 'responsible_name'],
        ['responsiblePosition', 'responsible_position'],
        ['responsibleDivision', 'responsible_division'],
        ['phone', 'phone'],
        ['email', 'email'],
      ] as const
    )
      .filter(([, col]) => !before || before[col] !== next[col])
      .map(([field]) => field);
    if (!before) {
      if (!(await repo.insertContact(trx, next))) {
        throw new AppError(
          'conflict',
          bi(
            'มีผู้ลงทะเบียน อปท. นี้พร้อมกัน เปิดหน้าใหม่แล้วตรวจสอบอีกครั้ง',
            'Someone registered this LAO at the same time; reload and check',
          ),
        );
      }
      await record(trx, next, 'registered', who, { ip: meta.ip ?? null, detail: { fields: changed } });
    } else if (changed.length) {
      await repo.updateContact(trx, code, next);
      await record(trx, next, 'updated', who, {
        ip: meta.ip ?? null,
        detail: { fields: changed, previousEmail: before.email },
      });
    } else {
      return { row: before, sent: false };
    }
    if (emailChanged) {
      await record(trx, next, 'verification_sent', who, { ip: meta.ip ?? null });
      await mailVerification(trx, config, next, token.raw);
    }
    return { row: next, sent: emailChanged };
  });
  return {
    contact: toApiContact(result.row),
    warnings: contactWarnings(result.row.email),
    verificationSent: result.sent,
  };
}

/**
 * Sends a new verification link (the old one stops working); 409 when the address is already verified, 429
 * beyond the hourly mail limits.
 */
export async function resendVerification(
  db: Kysely<Database>,
  config: Config,
  actor: Actor,
  code: string,
  meta: { ip?: string | null } = {},
): Promise<ApiContact> {
  await authorise(db, actor, code, 'lao.contact.edit');
  const token = newToken();
  const alreadyVerified = () =>
    new AppError('conflict', bi('ที่อยู่ e-mail นี้ยืนยันแล้ว ไม่ต้องส่งลิงก์ใหม่', 'This address is already verified'));
  const current = await repo.findContact(db, code);
  if (!current) throw notRegistered(code);
  if (current.email_verified_at) throw alreadyVerified();
  await verificationQuota(db, code, current.email);
  const row = await db.transaction().execute(async (trx) => {
    const c = await repo.findContact(trx, code);
    if (!c) throw notRegistered(code);
    if (c.email_verified_at) throw alreadyVerified();
    if (c.email !== current.email)
      throw new AppError(
        'conflict',
        bi(
          'มีผู้แก้ไขการลงทะเบียนนี้พร้อมกัน เปิดหน้าใหม่แล้วตรวจสอบอีกครั้ง',
          'Someone changed this registration at the same time; reload and check',
        ),
      );
    const next = { ...c, verify_token_hash: token.hash, verify_expires_at: token.expires };
    await repo.updateContact(trx, code, { verify_token_hash: token.hash, verify_expires_at: token.expires });
    await record(trx, next, 'verification_sent', actor!, { ip: meta.ip ?? null, detail: { resend: true } });
    await mailVerification(trx, config, next, token.raw);
    return next;
  });
  return toApiContact(row);
}

export type VerifyOutcome =
  | { ok: true; laoCode: string; laoName: string; email: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'used'; laoCode: string | null };

/**
 * Uses a verification link once (no sign-in: holding the mailbox is the proof). A link replaced by a newer
 * one, or for an address changed since, is unknown.
 */
export async function verifyEmail(
  db: Kysely<Database>,
  raw: string,
  meta: { ip?: string | null } = {},
): Promise<VerifyOutcome> {
  if (!/^[\w-]{20,100}$/.test(raw)) return { ok: false, reason: 'unknown', laoCode: null };
  const hash = sha256(raw);
  const c = await repo.findContactByTokenHash(db, hash);
  if (!c) return { ok: false, reason: 'unknown', laoCode: null };
  if (c.email_verified_at) return { ok: false, reason: 'used', laoCode: c.lao_code };
  const at = now();
  if (!c.verify_expires_at || c.verify_expires_at <= at)
    return { ok: false, reason: 'expired', laoCode: c.lao_code };
  const used = await db.transaction().execute(async (trx) => {
    if (!(await repo.useVerifyToken(trx, hash, at))) return false;
    await record(
      trx,
      { ...c, email_verified_at: at, verify_expires_at: null },
      'verified',
      { username: c.email },
      { ip: meta.ip ?? null },
    );
    return true;
  });
  if (!used) return { ok: false, reason: 'used', laoCode: c.lao_code };
  const lao = await getLao(db, c.lao_code);
  return { ok: true, laoCode: c.lao_code, laoName: lao.nameTh, email: c.email };
}

/** One page of the changes of an LAO's registration, newest first, and how many in all; needs lao.view. */
export async function contactHistory(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  p: { limit: number; offset: number },
) {
  await authorise(db, actor, code, 'lao.view');
  const r = await repo.historyOf(db, code, p);
  const items = r.items.map((h) => ({
    at: h.at,
    by: h.by_username,
    change: h.change,
    snapshot: JSON.parse(h.snapshot_json) as Record<string, string | null>,
  }));
  return { items, total: r.total };
}
export type ContactHistoryEntry = Awaited<ReturnType<typeof contactHistory>>['items'][number];

/**
 * The registration state of every active LAO of a province (province.view), with counts per state; `state`
 * narrows the list but not the counts.
 */
export async function provinceContacts(
  db: Kysely<Database>,
  actor: Actor,
  provinceCode: string,
  opts: { state?: ContactState | undefined; year?: number } = {},
) {
  const province = await getProvince(db, provinceCode);
  if (!province)
    throw new AppError('not_found', bi(`ไม่พบจังหวัดรหัส ${provinceCode}`, `No province ${provinceCode}`));
  if (!can(actor, 'province.view', { provinceCode })) {
    throw new AppError(
      'forbidden',
      bi('คุณดูรายการของจังหวัดนี้ไม่ได้', 'You may not see the list of this province'),
    );
  }
  const year = opts.year ?? fiscalYearOf();
  const rows = await repo.provinceRegistrations(db, provinceCode, year);
  const all = rows.map((r) => ({
    code: r.code,
    nameTh: fullNameTh(r.type, r.name),
    districtCode: r.district_code,
    districtNameTh: r.district_name_th,
    state: stateOf(r),
    responsibleName: r.responsible_name,
    phone: r.phone,
    email: r.email,
    emailVerifiedAt: r.email_verified_at,
    updatedAt: r.updated_at,
  }));
  const counts = { unregistered: 0, pending: 0, verified: 0, total: all.length };
  for (const x of all) counts[x.state]++;
  return {
    provinceCode,
    provinceNameTh: province.name_th,
    year,
    state: opts.state ?? null,
    counts,
    items: opts.state ? all.filter((x) => x.state === opts.state) : all,
  };
}
export type ProvinceContacts = Awaited<ReturnType<typeof provinceContacts>>;
