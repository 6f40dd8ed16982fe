// The SQLite driver behind Kysely (ADR 0012): one writer connection with group commit, one reader connection.
//
// Kysely's own SQLite driver runs everything on one connection, one query or transaction at a time, and every
// transaction pays its own fsync (with synchronous=FULL, ~0.2–0.7 ms on these machines: most of a save). Here:
// - Transactions (and writes outside one) run on the writer, one at a time, each inside a SAVEPOINT of a
//   physical transaction that stays open while more transactions are waiting for the writer. The last one out
//   (or the 64th, or after 25 ms) COMMITs them together with one fsync. Nobody is answered before that COMMIT:
//   `execute()` resolves only once the group is durable, and if the COMMIT fails every member of the group
//   fails. A member that throws is rolled back to its savepoint alone.
// - Reads outside a transaction run on a second connection, which sees only committed data (WAL snapshot), so
//   they neither wait behind the writer nor ever see a group that is not yet durable.
import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

const MAX_GROUP = 64;
const MAX_GROUP_MS = 25;
const STATEMENT_CACHE_SIZE = 500;

/**
 * Keeps the last prepared statements by their SQL, least recently used out first (Kysely would prepare every
 * statement again: a parse and plan per query). A statement still iterating (a stream) is busy and cannot be
 * run again, so that case prepares a fresh one.
 */
export function statementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return (sql: string): SQLite.Statement => {
    const hit = cache.get(sql);
    if (hit) {
      cache.delete(sql);
      cache.set(sql, hit);
      return hit.busy ? sqlite.prepare(sql) : hit;
    }
    const stmt = sqlite.prepare(sql);
    cache.set(sql, stmt);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return stmt;
  };
}

function run(prepare: (sql: string) => SQLite.Statement, q: CompiledQuery): QueryResult<unknown> {
  const stmt = prepare(q.sql);
  const params = q.parameters as unknown[];
  if (stmt.reader) return { rows: stmt.all(params) };
  const { changes, lastInsertRowid } = stmt.run(params);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

type Deferred = { promise: Promise<void>; resolve(): void; reject(e: unknown): void };
function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Awaited by releaseConnection; never an unhandled rejection in between.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** The writer: a FIFO lock, and the open group (the physical transaction and its members' promises). */
class Writer {
  readonly prepare: (sql: string) => SQLite.Statement;
  #waiting: (() => void)[] = [];
  #locked = false;
  #group: Deferred[] = [];
  #openedAt = 0;
  #scheduled = false;
  #seq = 0;

  constructor(readonly sqlite: SQLite.Database) {
    this.prepare = statementCache(sqlite);
  }

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** Starts a member: the group's physical transaction if none is open, then the member's savepoint. */
  begin(): string {
    if (!this.sqlite.inTransaction) {
      // A group whose transaction SQLite ended on its own (an I/O error, a full disk) is lost: say so.
      if (this.#group.length) this.#fail(new Error('the transaction of a group commit was rolled back'));
      this.sqlite.exec('begin');
      this.#openedAt = Date.now();
    }
    const name = `g${++this.#seq}`;
    this.sqlite.exec(`savepoint ${name}`);
    return name;
  }

  /** The member's work is kept (the savepoint released); it is durable when its group commits. */
  join(savepoint: string): Deferred {
    this.sqlite.exec(`release ${savepoint}`);
    const d = deferred();
    this.#group.push(d);
    return d;
  }

  rollback(savepoint: string) {
    if (!this.sqlite.inTransaction) return;
    this.sqlite.exec(`rollback to ${savepoint}`);
    this.sqlite.exec(`release ${savepoint}`);
  }

  /** Called by the lock holder on its way out: commits the group unless more members are waiting. */
  unlock() {
    if (this.sqlite.inTransaction) {
      const full = this.#group.length >= MAX_GROUP || Date.now() - this.#openedAt >= MAX_GROUP_MS;
      if (full) this.#commit();
      else if (this.#waiting.length === 0) this.#scheduleCommit();
    } else if (this.#group.length) this.#fail(new Error('the transaction of a group commit was rolled back'));
    const next = this.#waiting.shift();
    if (next) next();
    else this.#locked = false;
  }

  /**
   * Nobody is waiting for the writer right now, but requests already read from the network may be a few
   * promise turns away from it: commit after them (setImmediate runs once the pending callbacks are done).
   */
  #scheduleCommit() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (!this.#locked && this.sqlite.inTransaction) this.#commit();
    });
  }

  #commit() {
    try {
      this.sqlite.exec('commit');
    } catch (err) {
      try {
        if (this.sqlite.inTransaction) this.sqlite.exec('rollback');
      } catch {
        // SQLite rolled back already
      }
      this.#fail(err);
      return;
    }
    const group = this.#group;
    this.#group = [];
    for (const d of group) d.resolve();
  }

  #fail(err: unknown) {
    const group = this.#group;
    this.#group = [];
    for (const d of group) d.reject(err);
  }
}

/**
 * What Kysely holds between acquire and release; decides where each query runs. A connection that has taken
 * the writer (a transaction, or a write outside one) runs everything on it from then on, so it reads its own
 * writes; one that has not reads from the reader, which sees only committed (durable) data.
 */
class Connection implements DatabaseConnection {
  savepoint: string | null = null;
  locked = false;
  pending: Deferred[] = [];

  constructor(
    readonly writer: Writer,
    readonly reader: Reader | null,
  ) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    if (this.savepoint) return run(this.writer.prepare, q) as QueryResult<R>;
    if (!this.locked && this.reader) {
      const stmt = this.reader.statement(q.sql);
      if (stmt?.readonly) return { rows: stmt.all(q.parameters as unknown[]) as R[] };
    }
    if (!this.locked) {
      await this.writer.lock();
      this.locked = true;
    }
    if (this.writer.prepare(q.sql).readonly) return run(this.writer.prepare, q) as QueryResult<R>;
    // A write outside a transaction is a member of its own.
    const sp = this.writer.begin();
    try {
      const result = run(this.writer.prepare, q) as QueryResult<R>;
      this.pending.push(this.writer.join(sp));
      return result;
    } catch (err) {
      this.writer.rollback(sp);
      throw err;
    }
  }

  /** A stream outside a transaction reads on a connection of its own (better-sqlite3 allows nothing else on a connection while a statement iterates). */
  async *streamQuery<R>(q: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(q.query))
      throw new Error('Sqlite driver only supports streaming of select queries');
    if (this.locked || !this.reader) {
      if (!this.locked) {
        await this.writer.lock();
        this.locked = true;
      }
      for (const row of this.writer.prepare(q.sql).iterate(q.parameters as unknown[]))
        yield { rows: [row as R] };
      return;
    }
    const own = this.reader.take();
    try {
      for (const row of own.prepare(q.sql).iterate(q.parameters as unknown[])) yield { rows: [row as R] };
    } finally {
      this.reader.give(own);
    }
  }
}

/** The reader connection (statements kept), and more like it for streams (kept warm for the next one). */
type Reader = {
  statement(sql: string): SQLite.Statement | null;
  take(): SQLite.Database;
  give(conn: SQLite.Database): void;
};
const IDLE_STREAM_CONNECTIONS = 2;

class GroupCommitDriver implements Driver {
  #writer: Writer;
  #reader: Reader | null;

  constructor(
    writer: SQLite.Database,
    openReader: (() => SQLite.Database) | null,
    private onClose: () => void,
  ) {
    this.#writer = new Writer(writer);
    if (openReader) {
      const conn = openReader();
      const prepare = statementCache(conn);
      this.#reader = {
        // A statement the reader cannot prepare (a table created by a group not yet committed) runs on the writer.
        statement: (sql) => {
          try {
            return prepare(sql);
          } catch {
            return null;
          }
        },
        take: () => idle.pop() ?? openReader(),
        give: (c) => {
          if (idle.length < IDLE_STREAM_CONNECTIONS) idle.push(c);
          else c.close();
        },
      };
      const idle: SQLite.Database[] = [];
      const close = onClose;
      this.onClose = () => {
        for (const c of [conn, ...idle.splice(0)]) c.close();
        close();
      };
    } else this.#reader = null;
  }

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Connection(this.#writer, this.#reader);
  }

  async beginTransaction(c: DatabaseConnection) {
    const conn = c as Connection;
    if (!conn.locked) {
      await this.#writer.lock();
      conn.locked = true;
    }
    conn.savepoint = this.#writer.begin();
  }

  async commitTransaction(c: DatabaseConnection) {
    const conn = c as Connection;
    conn.pending.push(this.#writer.join(conn.savepoint!));
    conn.savepoint = null;
  }

  async rollbackTransaction(c: DatabaseConnection) {
    const conn = c as Connection;
    if (conn.savepoint) this.#writer.rollback(conn.savepoint);
    conn.savepoint = null;
  }

  async savepoint(c: DatabaseConnection, name: string) {
    await c.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(c: DatabaseConnection, name: string) {
    await c.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(c: DatabaseConnection, name: string) {
    await c.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  /** Lets the next writer in, then answers only once this connection's members are durable. */
  async releaseConnection(c: DatabaseConnection) {
    const conn = c as Connection;
    if (!conn.locked) return;
    conn.locked = false;
    this.#writer.unlock();
    const pending = conn.pending;
    conn.pending = [];
    for (const d of pending) await d.promise;
  }

  async destroy() {
    this.onClose();
  }
}

/** The dialect: Kysely's SQLite compiler and adapter over the group-commit driver. */
export function groupCommitDialect(
  writer: SQLite.Database,
  openReader: (() => SQLite.Database) | null,
  onClose: () => void,
): Dialect {
  return {
    createDriver: () => new GroupCommitDriver(writer, openReader, onClose),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new SqliteAdapter(),
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
  };
}
