import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { limiter } from './limiter.ts';

const gate = () => {
  let open!: () => void;
  const p = new Promise<void>((r) => {
    open = r;
  });
  return { p, open };
};

describe('limiter', () => {
  it('runs up to max at once, queues the next ones in order and refuses beyond the queue with 429', async () => {
    const run = limiter(2, 1);
    const order: string[] = [];
    const gates = [gate(), gate(), gate()];
    const task = (i: number) => async () => {
      order.push(`start ${i}`);
      await gates[i]!.p;
      order.push(`end ${i}`);
      return i;
    };
    const a = run(task(0));
    const b = run(task(1));
    const c = run(task(2));
    await assert.rejects(run(task(0)), (e: { status?: number }) => e.status === 429);
    await Promise.resolve();
    assert.deepEqual(order, ['start 0', 'start 1']);
    gates[0]!.open();
    assert.equal(await a, 0);
    gates[2]!.open();
    assert.equal(await c, 2);
    assert.deepEqual(order, ['start 0', 'start 1', 'end 0', 'start 2', 'end 2']);
    gates[1]!.open();
    assert.equal(await b, 1);
    // Every slot is free again.
    assert.deepEqual(await Promise.all([run(async () => 'x'), run(async () => 'y')]), ['x', 'y']);
  });
});
