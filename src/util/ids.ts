import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let seq = 0;
// Random bytes drawn 4 KB at a time: one call into the system's generator per 256 ids instead of one per id.
const pool = Buffer.alloc(4096);
let taken = pool.length;

/**
 * A UUIDv7 (RFC 9562): time-ordered, so rows written in the same millisecond by this process still sort in the
 * order they were made (a 12-bit counter fills rand_a). The ids of one process only ever increase: past 4,096 in
 * a millisecond, or when the clock steps back, the timestamp is carried forward (RFC 9562 §6.2, method 1).
 */
export function uuidv7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    seq = 0;
  } else if (++seq > 0xfff) {
    lastMs++;
    seq = 0;
  }
  if (taken === pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  const b = Buffer.allocUnsafe(16);
  pool.copy(b, 0, taken, taken + 16);
  taken += 16;
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
