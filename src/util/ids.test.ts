import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('sorts in creation order within one millisecond', () => {
    const ids = Array.from({ length: 50 }, () => uuidv7(1_700_000_000_000));
    assert.deepEqual([...ids].sort(), ids);
    assert.match(ids[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
