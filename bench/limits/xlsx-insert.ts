import path from 'node:path';
import SQLite from 'better-sqlite3';
import ExcelJS from 'exceljs';
import pg from 'pg';
import type { BenchCtx } from '../lib/context.ts';
import { median, timed } from '../lib/stats.ts';

/**
 * W2's limit: the same .xlsx read with ExcelJS alone, its rows turned into JSON and inserted directly in one
 * transaction (SQLite WAL + synchronous=FULL in a scratch file, or the same PostgreSQL): rows per second.
 */
export async function xlsxInsertLimit(ctx: BenchCtx, data: Buffer) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < ctx.rounds; i++) {
    times.push(
      await timed(async () => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(data as any);
        const ws = wb.worksheets[0]!;
        const keys = (ws.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
        const out: [string, string][] = [];
        ws.eachRow((row, n) => {
          if (n < 3) return;
          const values: Record<string, unknown> = {};
          (row.values as unknown[]).forEach((v, c) => {
            if (keys[c]) values[keys[c]!] = v ?? null;
          });
          out.push([`${i}-${n}`, JSON.stringify(values)]);
        });
        rows = out.length;
        if (ctx.kind === 'postgres') {
          const c = new pg.Client({ connectionString: ctx.pgUrl! });
          await c.connect();
          await c.query('create table if not exists bench_import (id text primary key, values_json text)');
          await c.query('begin');
          for (let k = 0; k < out.length; k += 1000) {
            const part = out.slice(k, k + 1000);
            await c.query(
              `insert into bench_import values ${part.map((_, j) => `($${2 * j + 1}, $${2 * j + 2})`).join(',')} on conflict do nothing`,
              part.flat(),
            );
          }
          await c.query('commit');
          await c.end();
        } else {
          const db = new SQLite(path.join(ctx.scratchDir, 'xlsx-insert.sqlite'));
          db.pragma('journal_mode = WAL');
          db.pragma('synchronous = FULL');
          db.exec('create table if not exists bench_import (id text primary key, values_json text)');
          const ins = db.prepare('insert or replace into bench_import values (?, ?)');
          db.transaction(() => {
            for (const r of out) ins.run(r[0], r[1]);
          })();
          db.close();
        }
      }),
    );
  }
  return { rowsPerSecond: rows / (median(times) / 1000), ms: median(times) };
}
