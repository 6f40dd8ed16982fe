// The .xlsx container, read by our own code: a spreadsheet library unzips every entry into memory as declared, so a
// zip bomb or a lying central directory would take the process down. Here an upload's entries are inflated as a
// stream, only those the reader needs, with one budget for all the bytes they may produce.
import buffer from 'node:buffer';
import zlib, { inflateRawSync } from 'node:zlib';

export type ZipLimits = { maxEntries: number; maxTotalBytes: number };

export type ZipProblem =
  | 'not_zip'
  | 'encrypted'
  | 'zip64'
  | 'method'
  | 'too_many_entries'
  | 'too_large'
  | 'corrupt';

/** Why an archive was refused; the caller turns the reason into a message for people. */
export class ZipError extends Error {
  constructor(readonly reason: ZipProblem) {
    super(`zip: ${reason}`);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(buf: Buffer): number {
  const last = buf.length - 22;
  const first = Math.max(0, last - 0xffff);
  for (let i = last; i >= first; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/** Where an entry's bytes are in the archive and how they are stored; nothing is inflated yet. */
export type ZipEntry = { name: string; method: number; start: number; compressed: number };

/** The entries of an archive from its central directory, every offset checked against the bytes there are. */
export function zipEntries(buf: Buffer, maxEntries: number): Map<string, ZipEntry> {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) throw new ZipError('not_zip');
  const end = findEndOfCentralDirectory(buf);
  if (end < 0) throw new ZipError('corrupt');
  const count = buf.readUInt16LE(end + 10);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new ZipError('zip64');
  if (buf.readUInt16LE(end + 4) !== 0 || buf.readUInt16LE(end + 6) !== 0) throw new ZipError('corrupt');
  if (count > maxEntries) throw new ZipError('too_many_entries');
  if (cdOffset + cdSize > end) throw new ZipError('corrupt');

  const out = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL) throw new ZipError('corrupt');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    if (next > end) throw new ZipError('corrupt');
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/^\/+/, '');
    p = next;
    if (flags & 1) throw new ZipError('encrypted');
    if (compressed === 0xffffffff || local === 0xffffffff) throw new ZipError('zip64');
    if (name.endsWith('/')) continue;
    if (out.has(name)) throw new ZipError('corrupt');
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw new ZipError('corrupt');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw new ZipError('corrupt');
    if (method !== 0 && method !== 8) throw new ZipError('method');
    out.set(name, { name, method, start, compressed });
  }
  return out;
}

/** How many inflated bytes the entries read from one archive may still produce. */
export type ZipBudget = { left: number };

/**
 * Streams one entry's inflated bytes to `onChunk` a piece at a time, never holding the whole entry: the budget is
 * shared by every entry read from the archive, and one byte over it stops the inflation (ZipError too_large).
 */
export async function inflateEntry(
  buf: Buffer,
  entry: ZipEntry,
  budget: ZipBudget,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  const raw = buf.subarray(entry.start, entry.start + entry.compressed);
  const take = (chunk: Buffer) => {
    budget.left -= chunk.length;
    if (budget.left < 0) throw new ZipError('too_large');
    onChunk(chunk);
  };
  if (entry.method === 0) {
    for (let at = 0; at < raw.length; at += CHUNK) take(raw.subarray(at, at + CHUNK));
    return;
  }
  const z = zlib.createInflateRaw({ chunkSize: CHUNK });
  z.end(raw);
  // What the consumer throws (a limit it counted) is its own; only zlib's complaints mean a damaged entry.
  let stopped: unknown = null;
  try {
    for await (const chunk of z) {
      try {
        take(chunk as Buffer);
      } catch (err) {
        stopped = err;
        break;
      }
    }
  } catch {
    throw new ZipError('corrupt');
  } finally {
    z.destroy();
  }
  if (stopped !== null) throw stopped;
}

const CHUNK = 64 * 1024;

/** Every file entry of an archive, inflated within the limits; throws ZipError with the reason otherwise. */
export function readZip(buf: Buffer, limits: ZipLimits): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let budget = limits.maxTotalBytes;
  for (const [name, e] of zipEntries(buf, limits.maxEntries)) {
    const raw = buf.subarray(e.start, e.start + e.compressed);
    let data: Buffer;
    if (e.method === 0) data = Buffer.from(raw);
    else {
      try {
        // One byte over the budget is enough to know it is too much.
        data = inflateRawSync(raw, { maxOutputLength: Math.min(budget + 1, buffer.kMaxLength) });
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw new ZipError(code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'corrupt');
      }
    }
    budget -= data.length;
    if (budget < 0) throw new ZipError('too_large');
    out.set(name, data);
  }
  return out;
}

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 as zip uses it: zlib's native one where Node has it (20.15 and later), else computed here. */
export function crc32(data: Buffer): number {
  if (nativeCrc32) return nativeCrc32(data) >>> 0;
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An entry to write: plain bytes (stored), or bytes already deflated with their inflated size. */
export type ZipEntryOut =
  | { name: string; data: Buffer }
  | { name: string; deflated: Buffer; size: number; crc: number };

/** Writes a zip archive (no compression unless an entry comes deflated). */
export function writeZip(entries: ZipEntryOut[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = 'data' in e ? e.data : e.deflated;
    const size = 'data' in e ? e.data.length : e.size;
    const crc = 'data' in e ? crc32(e.data) : e.crc;
    const method = 'data' in e ? 0 : 8;
    // The local header and the central directory entry share these fields, 2 bytes further along in the latter.
    const common = (b: Buffer, at: number) => {
      b.writeUInt16LE(20, at);
      b.writeUInt16LE(0x0800, at + 2);
      b.writeUInt16LE(method, at + 4);
      b.writeUInt16LE(0x21, at + 8);
      b.writeUInt32LE(crc, at + 10);
      b.writeUInt32LE(body.length, at + 14);
      b.writeUInt32LE(size, at + 18);
      b.writeUInt16LE(name.length, at + 22);
      return b;
    };
    const head = common(Buffer.alloc(30), 4);
    head.writeUInt32LE(LOCAL, 0);
    const central = common(Buffer.alloc(46), 6);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt32LE(offset, 42);
    locals.push(head, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(EOCD, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
