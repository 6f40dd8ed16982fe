// The public status search's answers kept in memory (the JSON body and the anonymous HTML page), so the page
// everyone reads before a deadline costs a lookup instead of queries and a render.
//
// An answer is dropped the moment anything it shows changes: in this process every save, certification,
// return or withdrawal calls `statusChanged(lao)` after it commits (a registry import `statusChanged()`), and
// announces the change in its transaction so that the other nodes do the same when it commits (PostgreSQL
// NOTIFY, src/db/change-feed.ts); on SQLite another process's commit to the file empties the caches. TTL_MS
// only bounds how long an answer is kept. See ADR 0011.

import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { onChange } from '../db/change-feed.ts';
import { NodeCache } from '../util/node-cache.ts';

const TTL_MS = 60_000;
const MAX_ENTRIES = 400;

/** A counter of changes in this process: every change takes the next number. */
let seq = 0;
/** The number of the last change of each LAO's aspects, and of the last change affecting every LAO. */
const laoChanged = new Map<string, number>();
let allChanged = 0;

/** Says that an LAO's status (or, without a code, every LAO's: a registry import) changed; call after commit. */
export function statusChanged(laoCode?: string): void {
  seq += 1;
  if (laoCode) laoChanged.set(laoCode, seq);
  else allChanged = seq;
}

// Another node committed a change of an LAO's status (or of every LAO's).
onChange('status', (_db, key) => statusChanged(key ?? undefined));

type Entry<V> = { value: V; seq: number; codes: readonly string[] };

/** Whether nothing an answer shows has changed since it was computed. */
function unchanged(e: Entry<unknown>): boolean {
  if (allChanged > e.seq) return false;
  for (const c of e.codes) if ((laoChanged.get(c) ?? 0) > e.seq) return false;
  return true;
}

/**
 * A cache of answers that depend on the status of some LAOs, one per database (a process may hold several:
 * the tests). `get` computes on a miss; an answer computed while a change it depends on was committed is
 * never served, because it is stamped with the change counter read before computing.
 */
export class StatusAnswers<V> {
  readonly #cache: NodeCache<Entry<V>>;

  /** `name`: what the metrics count its hits and misses under. */
  constructor(name: string) {
    this.#cache = new NodeCache({ name, ttlMs: TTL_MS, maxEntries: MAX_ENTRIES });
  }

  async get(
    db: object,
    key: string,
    compute: () => Promise<{ value: V; codes: readonly string[] }>,
  ): Promise<V> {
    const hit = this.#cache.peek(db, key, unchanged);
    if (hit) return hit.value;
    const stamp = seq;
    const at = Date.now();
    const { value, codes } = await compute();
    this.#cache.set(db, key, { value, seq: stamp, codes }, at);
    return value;
  }
}

/**
 * An answer as the bytes sent, plain and gzipped: encoding a 40 KB Thai page to UTF-8 (and compressing it) on
 * every request would cost more than the rest of the answer, so it is done once, when the answer is made.
 */
export type Encoded = { plain: Buffer; gzip: Buffer };

export function encoded(text: string): Encoded {
  const plain = Buffer.from(text);
  return { plain, gzip: gzipSync(plain, { level: 6 }) };
}

/** Sends a kept answer, gzipped to a client that accepts it (every browser does). */
export function sendEncoded(req: FastifyRequest, reply: FastifyReply, answer: Encoded, type: string) {
  reply.type(type).header('vary', 'accept-encoding');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')))
    return reply.header('content-encoding', 'gzip').send(answer.gzip);
  return reply.send(answer.plain);
}
