import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base32Decode, base32Encode, totpCode, verifyTotp } from './totp.ts';

// RFC 6238 appendix B test vector (SHA-1, secret "12345678901234567890").
const secret = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vectors (last 6 digits)', () => {
    assert.equal(totpCode(secret, 59_000), '287082');
    assert.equal(totpCode(secret, 1_111_111_109_000), '081804');
    assert.equal(totpCode(secret, 1_234_567_890_000), '005924');
  });
  it('round-trips base32', () => {
    assert.equal(base32Decode(secret).toString(), '12345678901234567890');
  });
  it('accepts one step of drift and refuses two', () => {
    const now = 1_700_000_000_000;
    assert.ok(verifyTotp(secret, totpCode(secret, now - 30_000), now));
    assert.ok(!verifyTotp(secret, totpCode(secret, now - 90_000), now));
    assert.ok(!verifyTotp(secret, 'abcdef', now));
  });
});
