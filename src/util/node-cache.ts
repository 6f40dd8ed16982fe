// The one shape of every per-node cache (ADR 0011 lists them): kept per database (a process may hold several:
// the tests), for at most a time to live, at most a number of entries (the oldest out first), dropped by the
// event that makes them wrong, and counted in the metrics as hits and misses.
import { cacheLookup } from '../metrics/metrics.ts';

type Entry<V> = { value: V; at: number };

/** What a cache is for: its name in the metrics and ADR 0011, how long an entry lives, how many it keeps. */
export type CachePolicy = { name: string; ttlMs: number; maxEntries: number };

const all = new Map<string, CachePolicy>();
const instances = new Set<NodeCache<unknown>>();

/**
 * What other processes changed in a database, as a number that moves when they commit (SQLite's data_version,
 * the PostgreSQL change feed's connection epoch), or null while that cannot be known (the feed is down): then
 * no cache of the database is trusted. When the number moves, every cache of the database is emptied.
 */
type External = { version: () => number | null; last: number | null };
const externals = new WeakMap<object, External>();

/** Makes the caches of `db` follow `version` (see External); set by src/db/change-feed.ts. */
export function watchExternalVersion(db: object, version: () => number | null): void {
  externals.set(db, { version, last: version() });
}

/** Whether the caches of `db` can be trusted now; empties them all first when another process has committed. */
function externalCheck(db: object): boolean {
  const x = externals.get(db);
  if (!x) return true;
  const v = x.version();
  if (v === null) return false;
  if (v !== x.last) {
    x.last = v;
    dropAllCaches(db);
  }
  return true;
}

/** Empties every cache of a database (another process changed it, or the change feed was lost). */
export function dropAllCaches(db: object): void {
  for (const c of instances) c.drop(db);
}

/** Every kind of cache made in this process, with its policy (the ADR's table is tested against this list). */
export const nodeCaches = (): CachePolicy[] => [...all.values()];

export class NodeCache<V> {
  readonly #perDb = new WeakMap<object, Map<string, Entry<V>>>();

  constructor(readonly policy: CachePolicy) {
    all.set(policy.name, policy);
    instances.add(this as NodeCache<unknown>);
  }

  #entries(db: object): Map<string, Entry<V>> {
    let m = this.#perDb.get(db);
    if (!m) {
      m = new Map();
      this.#perDb.set(db, m);
    }
    return m;
  }

  /** The kept value while it is within its time to live (and `valid` accepts it), else undefined: a miss. */
  peek(db: object, key: string, valid?: (value: V, at: number) => boolean): V | undefined {
    const e = externalCheck(db) ? this.#entries(db).get(key) : undefined;
    const hit = e !== undefined && Date.now() - e.at < this.policy.ttlMs && (valid?.(e.value, e.at) ?? true);
    cacheLookup(this.policy.name, hit);
    return hit ? e.value : undefined;
  }

  /** The kept value even when its time is up (for a compute that can reuse it), without counting a lookup. */
  stale(db: object, key: string): V | undefined {
    return this.#entries(db).get(key)?.value;
  }

  /** Keeps a value, stamped `at` (default now); past the size bound the oldest entry goes. */
  set(db: object, key: string, value: V, at = Date.now()): void {
    const m = this.#entries(db);
    m.delete(key);
    m.set(key, { value, at });
    while (m.size > this.policy.maxEntries) m.delete(m.keys().next().value as string);
  }

  /** The kept value, or one computed (given the stale one, which it may reuse) and kept. */
  async get(
    db: object,
    key: string,
    compute: (stale: V | undefined) => Promise<V>,
    valid?: (value: V, at: number) => boolean,
  ): Promise<V> {
    const hit = this.peek(db, key, valid);
    if (hit !== undefined) return hit;
    const at = Date.now();
    const value = await compute(this.stale(db, key));
    this.set(db, key, value, at);
    return value;
  }

  /** Drops one entry, or every entry of a database (the event that made them wrong). */
  drop(db: object, key?: string): void {
    if (key === undefined) this.#perDb.delete(db);
    else this.#entries(db).delete(key);
  }

  /** How many entries a database's cache holds now. */
  size(db: object): number {
    return this.#entries(db).size;
  }
}

/**
 * A read kept as its promise in a cache of promises, so that requests arriving while it runs share one query;
 * forgotten if it fails.
 */
export function sharedRead<V>(
  cache: NodeCache<Promise<V>>,
  db: object,
  key: string,
  read: () => Promise<V>,
): Promise<V> {
  const hit = cache.peek(db, key);
  if (hit) return hit;
  const pending = read();
  cache.set(db, key, pending);
  pending.catch(() => cache.drop(db, key));
  return pending;
}
