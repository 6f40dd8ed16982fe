// Prepared statements on PostgreSQL (issue 17): Kysely's driver sends every statement unnamed, so PostgreSQL
// parses and plans each one again. Here each pooled connection prepares a statement the first time it sees its
// text (named by a hash of it) and afterwards only binds and executes it: the same as `statementCache` does for
// SQLite (ADR 0011). Bounded per connection; long texts (a batch insert of many rows) stay unnamed.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** At most this many statements prepared per connection; later texts run unnamed. */
const MAX_PER_CONNECTION = 1000;
/** Texts longer than this (multi-row inserts with their own shape each) are not worth keeping. */
const MAX_TEXT = 4000;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
const prepared = Symbol('prepared');

type Client = pg.PoolClient & { [prepared]?: Set<string> };
type Query = (text: unknown, values?: unknown) => Promise<unknown>;

/** Makes the client prepare what it runs (once per client). */
function preparing(client: Client): Client {
  if (client[prepared]) return client;
  const names = new Set<string>();
  client[prepared] = names;
  const plain = client.query.bind(client) as Query;
  (client as unknown as { query: Query }).query = (text, values) => {
    if (typeof text !== 'string' || text.length > MAX_TEXT || !PREPARABLE.test(text))
      return plain(text, values);
    const name = `k${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (!names.has(name)) {
      if (names.size >= MAX_PER_CONNECTION) return plain(text, values);
      names.add(name);
    }
    return plain({ name, text, values });
  };
  return client;
}

/** A pool whose clients prepare their statements (see above); everything else is the pg pool's. */
export function preparingPool(pool: pg.Pool): pg.Pool {
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'connect') return async () => preparing((await target.connect()) as Client);
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
