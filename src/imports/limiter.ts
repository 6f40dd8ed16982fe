import { AppError, bi } from '../util/errors.ts';

/**
 * Runs at most `max` tasks at once and queues up to `queue` more; beyond that a 429 asks to come back later.
 * Reading a 20,000-row workbook takes seconds of CPU and hundreds of MB: a wave of uploads must not take a node down.
 */
export function limiter(max: number, queue: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) {
      if (waiting.length >= queue) {
        throw new AppError(
          'too_many_requests',
          bi(
            'ขณะนี้มีการนำเข้าแฟ้มจำนวนมาก โปรดลองอีกครั้งในอีกสักครู่',
            'Many files are being imported right now; try again in a moment',
          ),
          [],
          { retryAfter: 30 },
        );
      }
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
}
