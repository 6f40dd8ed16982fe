import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 (RFC 4648, no padding), as authenticator apps expect secrets. */
export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error('invalid base32');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new 160-bit secret, base32. */
export const newTotpSecret = () => base32Encode(randomBytes(20));

/** The RFC 6238 code (SHA-1, 6 digits, 30 s) for a moment. */
export function totpCode(secret: string, atMs = Date.now()): string {
  const counter = Math.floor(atMs / 30_000);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const offset = h[h.length - 1]! & 0xf;
  const bin = ((h[offset]! & 0x7f) << 24) | (h[offset + 1]! << 16) | (h[offset + 2]! << 8) | h[offset + 3]!;
  return String(bin % 1_000_000).padStart(6, '0');
}

/**
 * The 30-second step whose code this is, trying this step and one either side (clock drift); null when none
 * matches. The caller refuses a step already used.
 */
export function totpStep(secret: string, code: string, atMs = Date.now()): number | null {
  const given = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(given)) return null;
  const now = Math.floor(atMs / 30_000);
  for (const step of [now - 1, now, now + 1]) {
    const expected = totpCode(secret, step * 30_000);
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(given))) return step;
  }
  return null;
}

/** Whether the code matches this 30-second step or one either side. */
export const verifyTotp = (secret: string, code: string, atMs = Date.now()) =>
  totpStep(secret, code, atMs) !== null;

/** The otpauth:// URI an authenticator app reads. */
export const totpUri = (secret: string, username: string) =>
  `otpauth://totp/${encodeURIComponent(`INFO อปท.:${username}`)}?secret=${secret}&issuer=${encodeURIComponent('INFO อปท.')}&algorithm=SHA1&digits=6&period=30`;
