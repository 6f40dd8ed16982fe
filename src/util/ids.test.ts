import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('sorts in creation order within one millisecond', () => {
    const ids = Array.from({ length: 50 }, () => uuidv7(1_700_000_000_000));
    assert.deepEqual([...ids].sort(), ids);
    assert.match(ids[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps increasing past 4,096 ids in one millisecond and when the clock steps back', () => {
    const ids = [
      ...Array.from({ length: 5000 }, () => uuidv7(1_800_000_000_000)),
      ...Array.from({ length: 10 }, () => uuidv7(1_799_999_999_000)),
    ];
    const sorted = [...ids].sort();
    assert.ok(
      ids.every((id, i) => id === sorted[i]),
      'every id sorts after the one made before it',
    );
  });
});
