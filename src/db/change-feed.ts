// What the per-node caches depend on, told to every app node of the same database the moment it commits
// (ADR 0011, issue 17). A change is announced inside the transaction that makes it: on PostgreSQL that is a
// NOTIFY, which PostgreSQL delivers to every listening node when (and only if) the transaction commits. Each
// server node keeps one connection that LISTENs and hands what arrives to the handlers the caches registered.
// While that connection is down a node trusts none of its caches (NodeCache's external version is null), and
// when it is back every cache of the database starts empty: a notification missed meanwhile cannot leave an
// answer stale. SQLite has no NOTIFY; there the caches compare the file's data_version instead (another
// process that writes the same file, a CLI import, empties them) — see watchSqliteFile.
import type SQLite from 'better-sqlite3';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { watchExternalVersion } from '../util/node-cache.ts';
import type { Database } from './database.ts';
import { isPostgres } from './dialect.ts';

/**
 * What changed: an LAO's status (key: its code; null: every LAO's), the registry, a year's catalog (key: year),
 * the roles' 2FA policy.
 */
export type ChangeTopic = 'status' | 'registry' | 'catalog' | 'mfa_policy';
type Handler = (db: object, key: string | null) => void;

const handlers = new Map<ChangeTopic, Handler[]>();

/**
 * A cache's reaction to a change committed by another node: `db` is the Kysely instance the cache is keyed by,
 * `key` what changed (null: everything of that topic). The node that commits acts after its commit as well (at
 * once, for its own next answer) and then once more when its own notification comes back: harmless, a drop.
 */
export function onChange(topic: ChangeTopic, handler: Handler): void {
  handlers.set(topic, [...(handlers.get(topic) ?? []), handler]);
}

/** The channel of a database: one per schema (several test schemas can share a PostgreSQL database). */
const channelSql = sql`'lao_info_' || current_schema()`;

/**
 * Tells the other nodes, within the transaction `trx` that makes the change, that `topic`/`key` changed: on
 * PostgreSQL a NOTIFY delivered when the transaction commits and dropped if it rolls back. Nothing on SQLite.
 */
export async function announceChange(
  trx: Transaction<Database> | Kysely<Database>,
  topic: ChangeTopic,
  key: string | null,
): Promise<void> {
  const notify = notifyExpression(trx, topic, key);
  if (notify) await sql`select ${notify}`.execute(trx);
}

/**
 * The announcement as an expression to select (PostgreSQL's pg_notify), for a statement that sends it with other
 * work in one round trip (src/db/write-together.ts); null on SQLite, which has nothing to announce.
 */
export function notifyExpression(
  db: Transaction<Database> | Kysely<Database>,
  topic: ChangeTopic,
  key: string | null,
): RawBuilder<unknown> | null {
  if (!isPostgres(db)) return null;
  return sql`pg_notify(${channelSql}, ${JSON.stringify({ t: topic, k: key })})`;
}

/** Hands a notification's payload to the handlers of its topic. */
export function dispatchChange(db: object, payload: string): void {
  let m: { t?: unknown; k?: unknown };
  try {
    m = JSON.parse(payload);
  } catch {
    return;
  }
  if (typeof m.t !== 'string') return;
  const key = typeof m.k === 'string' ? m.k : null;
  for (const h of handlers.get(m.t as ChangeTopic) ?? []) h(db, key);
}

/**
 * SQLite: the caches of `db` are emptied whenever another connection (another process) committed to the file,
 * read from the writing connection's `PRAGMA data_version` at each cache lookup (about a microsecond).
 */
export function watchSqliteFile(db: object, writer: SQLite.Database): void {
  const version = writer.prepare('pragma data_version').pluck();
  watchExternalVersion(db, () => version.get() as number);
}

export type FeedLog = (msg: string, err?: unknown) => void;

/**
 * PostgreSQL: one connection per node that LISTENs on the database's channel, reconnecting after a loss (1 s,
 * then up to 30 s apart). `connection` is the pool's configuration. `ready` settles when the first LISTEN is in
 * place (or the feed is stopped first).
 */
export type ChangeFeed = { ready: Promise<void>; stop(): Promise<void> };

export function startChangeFeed(db: Kysely<Database>, connection: pg.ClientConfig, log: FeedLog): ChangeFeed {
  let epoch = 0;
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  let up = false;
  let stopped = false;
  let client: pg.Client | null = null;
  let wait = 1000;
  let timer: NodeJS.Timeout | null = null;
  // Until the first LISTEN is in place (and between a loss and the next), no cache of this database is trusted.
  watchExternalVersion(db, () => (up ? epoch : null));

  const connect = async () => {
    timer = null;
    if (stopped) return;
    const c = new pg.Client(connection);
    c.on('error', () => {});
    c.on('end', () => {
      if (client !== c) return;
      up = false;
      client = null;
      if (!stopped) {
        log('change feed: connection lost, caches off until it is back');
        timer = setTimeout(connect, wait);
        wait = Math.min(wait * 2, 30_000);
      }
    });
    c.on('notification', (n) => {
      if (n.payload) dispatchChange(db, n.payload);
    });
    try {
      await c.connect();
      const { rows } = await c.query<{ ch: string }>(`select 'lao_info_' || current_schema() as ch`);
      await c.query(`listen ${c.escapeIdentifier(rows[0]!.ch)}`);
      if (stopped) {
        await c.end().catch(() => {});
        return;
      }
      client = c;
      epoch += 1;
      up = true;
      wait = 1000;
      listening();
    } catch (err) {
      await c.end().catch(() => {});
      if (stopped) return;
      log('change feed: cannot listen, caches off until it can', err);
      timer = setTimeout(connect, wait);
      wait = Math.min(wait * 2, 30_000);
    }
  };
  void connect();
  return {
    ready,
    async stop() {
      stopped = true;
      up = false;
      listening();
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
