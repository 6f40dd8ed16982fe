import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import * as repo from './scheduler.repository.ts';

/** This process's name among the app nodes (host and pid), as written in leases and claims. */
export const nodeName = () => `${hostname()}:${process.pid}`;

/** Takes or renews a lease for `ms` from `now`: true while this node holds it. */
export function holdLease(db: Kysely<Database>, name: string, owner: string, now: Date, ms: number) {
  return repo.takeLease(db, name, owner, now.toISOString(), new Date(now.getTime() + ms).toISOString());
}

/** Gives up a lease this node holds, so another node may take it at once. */
export const releaseLease = repo.releaseLease;

/**
 * Runs `tick` now and then every `everyMs`, never two at once in this process; an error is logged, not thrown.
 * The timer does not keep the process alive; the returned function stops it and waits for a running tick.
 */
export function every(
  everyMs: number,
  tick: () => Promise<void>,
  log: (msg: string, err?: unknown) => void,
  what: string,
  /** The first run this long after start (default: at once), e.g. to stay out of the way of start-up. */
  opts: { firstAfterMs?: number } = {},
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = tick()
      .catch((err) => log(`${what} failed`, err))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  const first = opts.firstAfterMs ? setTimeout(run, opts.firstAfterMs) : null;
  first?.unref();
  if (!first) run();
  return async () => {
    stopped = true;
    clearInterval(timer);
    if (first) clearTimeout(first);
    await running;
  };
}
