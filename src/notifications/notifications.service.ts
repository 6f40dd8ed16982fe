import type { Kysely, Transaction } from 'kysely';
import type { CatalogSection } from '../catalog/catalog.service.ts';
import type { Database } from '../db/database.ts';
import type { Lang } from '../plugins/i18n.ts';
import { assignedDivisionIds } from '../records/records.service.ts';
import { AppError, bi } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import * as repo from './notifications.repository.ts';
import type { NotificationTable } from './notifications.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export type NotificationKind =
  | 'certification.returned'
  | 'certification.lao_certified'
  | 'certification.province_certified'
  | 'reminder';

/** What happened, for whom and where they act; call it inside the transaction of the cause. */
export type NewNotification = {
  userIds: string[];
  kind: NotificationKind;
  href: string;
  laoCode?: string | null;
  year?: number | null;
  sectionNo?: number | null;
  by?: string | null;
  reason?: string | null;
  /** The words of a kind without a sentence of its own (a reminder). */
  text?: { th: string; en: string } | null;
};

/**
 * Adds one notification for each (distinct) user, inside the caller's transaction so it exists exactly when its
 * cause does. Reminders call it too (kind 'reminder' with its text).
 */
export async function notify(db: Q, n: NewNotification): Promise<number> {
  const at = new Date().toISOString();
  const rows: NotificationTable[] = [...new Set(n.userIds)].map((userId) => ({
    id: uuidv7(),
    user_id: userId,
    created_at: at,
    kind: n.kind,
    lao_code: n.laoCode ?? null,
    year: n.year ?? null,
    section_no: n.sectionNo ?? null,
    by_username: n.by ?? null,
    reason: n.reason ?? null,
    text_th: n.text?.th ?? null,
    text_en: n.text?.en ?? null,
    href: n.href,
    read_at: null,
  }));
  await repo.insertNotifications(db, rows);
  return rows.length;
}

/**
 * The notifications of a certification action, in its transaction: a return goes to the LAO's staff who record
 * the aspect and its administrators; an LAO certification to the province officers of its province; a province
 * certification to the LAO's administrators and certifiers. The one who acted is not told of their own action.
 */
export async function notifyCertification(
  trx: Transaction<Database>,
  e: {
    laoCode: string;
    year: number;
    section: CatalogSection;
    level: 'lao' | 'province';
    action: 'certify' | 'withdraw' | 'return';
    actor: { id: string; username: string };
    reason: string | null;
  },
) {
  const common = {
    laoCode: e.laoCode,
    year: e.year,
    sectionNo: e.section.no,
    by: e.actor.username,
    reason: e.reason,
    href: `/certification/laos/${e.laoCode}/years/${e.year}`,
  };
  let ids: { id: string }[] = [];
  let kind: NotificationKind;
  if (e.action === 'return') {
    const divisions = await assignedDivisionIds(trx, e.laoCode, e.year, e.section, '');
    ids = [
      ...(await repo.aspectStaff(trx, e.laoCode, e.year, e.section.no, divisions)),
      ...(await repo.laoUsers(trx, e.laoCode, ['lao_admin'])),
    ];
    kind = 'certification.returned';
  } else if (e.action === 'certify' && e.level === 'lao') {
    ids = await repo.provinceOfficers(trx, e.laoCode.slice(1, 3));
    kind = 'certification.lao_certified';
  } else if (e.action === 'certify') {
    ids = await repo.laoUsers(trx, e.laoCode, ['lao_admin', 'lao_certifier']);
    kind = 'certification.province_certified';
  } else return 0;
  return notify(trx, { ...common, kind, userIds: ids.map((x) => x.id).filter((id) => id !== e.actor.id) });
}

/** How many unread notifications a user has (the bell). */
export const unreadCount = (db: Kysely<Database>, userId: string) => repo.countUnread(db, userId);

const aspectName = (no: number | null, lang: Lang) =>
  no === 9
    ? lang === 'en'
      ? 'the debt report'
      : 'รายงานเกี่ยวกับหนี้'
    : lang === 'en'
      ? `aspect ${no}`
      : `ด้านที่ ${no}`;

/** A notification in words. */
export function notificationText(n: NotificationTable, lang: Lang): string {
  const en = lang === 'en';
  const a = aspectName(n.section_no === null ? null : Number(n.section_no), lang);
  const fy = en ? `of fiscal year ${n.year}` : `ปีงบประมาณ ${n.year}`;
  const lao = en ? `LAO ${n.lao_code}` : `อปท. ${n.lao_code}`;
  switch (n.kind) {
    case 'certification.returned':
      return en
        ? `The province returned ${a} ${fy} of ${lao} for correction (${n.by_username}). Reason: ${n.reason ?? ''}`
        : `จังหวัดส่งคืนข้อมูล${a} ${fy} ของ ${lao} ให้แก้ไข (${n.by_username}) เหตุผล: ${n.reason ?? ''}`;
    case 'certification.lao_certified':
      return en
        ? `${lao} certified ${a} ${fy}; it waits for the province's check (${n.by_username})`
        : `${lao} รับรองข้อมูล${a} ${fy} แล้ว รอจังหวัดตรวจสอบและรับรอง (${n.by_username})`;
    case 'certification.province_certified':
      return en
        ? `The province certified ${a} ${fy} of ${lao} (${n.by_username})`
        : `จังหวัดรับรองข้อมูล${a} ${fy} ของ ${lao} แล้ว (${n.by_username})`;
    default:
      return (en ? n.text_en : n.text_th) ?? n.text_th ?? (en ? 'Reminder' : 'การแจ้งเตือน');
  }
}

/** One page of the user's own notifications, newest first, in words. */
export async function listNotifications(
  db: Kysely<Database>,
  userId: string,
  p: { page: number; pageSize: number },
  lang: Lang,
) {
  const r = await repo.listForUser(db, userId, p.pageSize, (p.page - 1) * p.pageSize);
  const unread = await repo.countUnread(db, userId);
  return {
    total: r.total,
    unread,
    items: r.items.map((n) => ({
      id: n.id,
      at: n.created_at,
      kind: n.kind,
      text: notificationText(n, lang),
      href: n.href,
      laoCode: n.lao_code,
      year: n.year === null ? null : Number(n.year),
      aspectNo: n.section_no === null ? null : Number(n.section_no),
      read: n.read_at !== null,
      readAt: n.read_at,
    })),
  };
}
export type NotificationItem = Awaited<ReturnType<typeof listNotifications>>['items'][number];

/** Marks one of the user's own notifications read; 404 for any other id. */
export async function markNotificationRead(db: Kysely<Database>, userId: string, id: string) {
  if (!(await repo.markRead(db, userId, id, new Date().toISOString())))
    throw new AppError('not_found', bi('ไม่พบการแจ้งเตือนนี้ในบัญชีของคุณ', 'No such notification in your account'));
}

/** Marks all the user's notifications read; returns how many were unread. */
export const markAllNotificationsRead = (db: Kysely<Database>, userId: string) =>
  repo.markAllRead(db, userId, new Date().toISOString());
