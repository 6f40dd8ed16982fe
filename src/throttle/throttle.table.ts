/** One counted event (a mail sent, a reset asked for) of a limit per subject and time window; pruned by age. */
export interface ThrottleEventTable {
  id: string;
  /** What is limited, e.g. `mail:contact_verification:to`. */
  scope: string;
  /** Whom it is counted for: an address, an LAO code, a sign-in name. */
  subject: string;
  at: string;
}
