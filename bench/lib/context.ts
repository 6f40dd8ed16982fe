import type { Db } from '../../src/db/connection.ts';
import type { Child } from './child.ts';

/** What every workload gets: the database (the bench's own connection), our server, a signed-in token. */
export type BenchCtx = {
  kind: 'sqlite' | 'postgres';
  /** SQLite file of the nationwide database (null on PostgreSQL). */
  dbFile: string | null;
  pgUrl: string | null;
  db: Db;
  server: Child;
  /** Bearer token of the bench's central administrator. */
  token: string;
  username: string;
  password: string;
  year: number;
  rounds: number;
  /** Seconds of each load run. */
  duration: number;
  scratchDir: string;
  log(line: string): void;
};

/** One line of the table. */
export type Row = {
  id: string;
  name: string;
  median: number | null;
  p95: number | null;
  /** What the throughput column shows, with its unit. */
  throughput: string;
  limitName: string;
  limit: string;
  /** ours / limit, or null when there is none. */
  ratio: number | null;
  target: string;
  met: boolean | null;
  unit: 'ms' | 's';
  note?: string;
};

export const fmt = (n: number, digits = 1) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    : '–';
