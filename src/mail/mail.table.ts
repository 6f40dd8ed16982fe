export interface MailOutboxTable {
  id: string;
  created_at: string;
  to_address: string;
  subject: string;
  body_text: string;
  kind: string;
  /** kept: in the outbox only (no SMTP_URL); sent; failed. */
  status: 'kept' | 'sent' | 'failed';
  sent_at: string | null;
  error: string | null;
}
