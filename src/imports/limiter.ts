import { AppError, bi } from '../util/errors.ts';

/** How long a refused upload is asked to wait (Retry-After). */
export const RETRY_AFTER_SECONDS = 30;

/**
 * Runs at most `max` tasks at once and queues up to `queue` more; beyond that a 429 asks to come back later.
 * Reading an upload takes a core and its worker's heap (./parse-pool.ts): a wave of uploads waits its turn or is
 * told to come back, and never takes a node down.
 */
export function limiter(max: number, queue: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  const full = () => active >= max && waiting.length >= queue;
  const busy = () =>
    new AppError(
      'too_many_requests',
      bi(
        `ขณะนี้มีการนำเข้าแฟ้มจำนวนมาก โปรดลองอีกครั้งในอีกสักครู่ (ประมาณ ${RETRY_AFTER_SECONDS} วินาที)`,
        `Many files are being imported right now; try again in a moment (about ${RETRY_AFTER_SECONDS} seconds)`,
      ),
      [],
      { retryAfter: RETRY_AFTER_SECONDS },
    );
  const run = async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) {
      if (waiting.length >= queue) throw busy();
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else active++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next in line, or free it.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
  /** Throws the 429 now when a task would be refused, before the caller spends anything on it. */
  const refuseIfFull = () => {
    if (full()) throw busy();
  };
  return Object.assign(run, { refuseIfFull });
}
