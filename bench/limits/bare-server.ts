// The machine's limits for W1 and W3: a bare Fastify route returning a small JSON, and a bare route that commits
// one row per request under the same durability settings as the app (SQLite WAL + synchronous=FULL, or a pg
// pool of the same size). Run as a child process: prints "READY <port>" when listening.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

const [target = ''] = process.argv.slice(2);
const app = Fastify({ logger: false });
app.get('/json', async () => ({ status: 'ok', db: 'sqlite' }));

const ddl =
  'create table if not exists bench_row (id varchar(36) primary key, lao_code varchar(7), year integer, values_json text, at text)';
let id = 0;
if (target.startsWith('postgres')) {
  const pool = new pg.Pool({ connectionString: target, max: 10 });
  await pool.query(ddl);
  app.post('/insert', async (req) => {
    const b = req.body as { lao: string; values: unknown };
    await pool.query('insert into bench_row values ($1, $2, $3, $4, $5)', [
      `${process.pid}-${++id}`,
      b.lao,
      2569,
      JSON.stringify(b.values),
      new Date().toISOString(),
    ]);
    return { ok: true };
  });
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const db = new SQLite(target);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(ddl);
  const insert = db.prepare('insert into bench_row values (?, ?, ?, ?, ?)');
  app.post('/insert', async (req) => {
    const b = req.body as { lao: string; values: unknown };
    insert.run(`${process.pid}-${++id}`, b.lao, 2569, JSON.stringify(b.values), new Date().toISOString());
    return { ok: true };
  });
}
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`READY ${(app.server.address() as { port: number }).port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
