/** A lease held by one app node at a time (e.g. the outbox sender); it lapses at `until` unless renewed. */
export interface JobLeaseTable {
  name: string;
  owner: string;
  until: string;
}
