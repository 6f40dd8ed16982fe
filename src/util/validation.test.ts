import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStorableText, unstorableTextAt } from './validation.ts';

describe('isStorableText', () => {
  it('accepts text, Thai, emoji (a surrogate pair) and the empty string', () => {
    for (const s of ['', 'เทศบาลเมืองบ้านบัว', 'a\tb\r\n', '😀 ถนน', '\uD83D\uDE00', '\uFFFD'])
      assert.equal(isStorableText(s), true, JSON.stringify(s));
  });
  it('refuses U+0000 and a surrogate without its pair, anywhere in the text', () => {
    for (const s of [
      '\u0000',
      'a\u0000',
      '\uD800',
      'ก\uD800ข',
      '\uDC00',
      'x\uDE00',
      '\uDE00\uD83D',
      '\uD83D\uD83D\uDE00\uDE00',
    ])
      assert.equal(isStorableText(s), false, JSON.stringify(s));
  });
});

describe('unstorableTextAt', () => {
  it('names the first value or key that holds such text by its dotted path', () => {
    assert.equal(unstorableTextAt({ a: 'ok', b: [1, 'x', { c: 'y\u0000' }] }, ''), 'b.2.c');
    assert.equal(unstorableTextAt({ ['k\uD800']: 1 }, ''), 'k\uD800');
    assert.equal(unstorableTextAt(['\uDC00'], 'rows'), 'rows.0');
    assert.equal(unstorableTextAt({ a: [1, 2, { b: null }], c: true }, ''), null);
  });
  it('walks a deeply nested value without running out of stack', () => {
    let v: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) v = [v];
    assert.equal(unstorableTextAt(v, '')?.split('.').length, 100_000);
  });
});
