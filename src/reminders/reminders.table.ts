/**
 * One reminder sent: the primary key (kind, user, subject, day) is the lock that keeps a re-run, or a second
 * app node, from sending it twice.
 */
export interface ReminderSentTable {
  /** due_14 | due_7 | due_1 (data sets due in so many days), certify (aspects to certify), province_weekly. */
  kind: string;
  user_id: string;
  /** What it is about, e.g. `5310108:2569` (an LAO's year) or `31:2569` (a province's year). */
  subject_key: string;
  /** The Bangkok day (yyyy-mm-dd) it belongs to: the due date for due_*, the day for certify, the week's Monday. */
  day: string;
  lao_code: string | null;
  province_code: string | null;
  to_address: string;
  /** One line on what the reminder was about (Thai), for the page of reminders sent. */
  summary: string;
  mail_id: string;
  sent_at: string;
}
