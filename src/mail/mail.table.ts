export type OutboxStatus = 'kept' | 'queued' | 'sending' | 'sent' | 'dead';

export interface MailOutboxTable {
  id: string;
  created_at: string;
  to_address: string;
  subject: string;
  body_text: string;
  kind: string;
  /**
   * kept: in the outbox only (no SMTP_URL); queued: waiting for the sender (again after a failed attempt);
   * sending: a node has it in hand; sent: the SMTP server accepted it; dead: no more attempts, the centre may
   * resend it. (failed: an older inline send that failed, before the outbox had a sender.)
   */
  status: OutboxStatus | 'failed';
  sent_at: string | null;
  /** The last attempt's error. */
  error: string | null;
  attempts: number;
  /** When the sender may try (again); null once sent or dead. */
  next_attempt_at: string | null;
  /** The node that has the message in hand while it is being sent, and until when its claim holds. */
  claimed_by: string | null;
  claimed_until: string | null;
}
