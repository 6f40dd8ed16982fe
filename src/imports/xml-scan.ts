// A linear, streaming XML tokenizer for the parts of an uploaded workbook. It holds no tree: the reader keeps only
// what it needs as elements go by, so a part of a million `<row/>` costs time in proportion to its bytes and no
// memory. What it refuses (a DTD, an unknown entity, a tag or nesting beyond any real workbook) is a damaged file.

/** A tag, comment or run of text longer than this is not in any real workbook; text is bounded by the reader. */
const MAX_PENDING = 256 * 1024;
/** Spreadsheet XML nests about six deep; a hostile nesting is refused before its stack grows. */
const MAX_DEPTH = 64;

/** Why a part cannot be read as XML; the reader turns it into a message for people. */
export class XmlError extends Error {}

export type XmlHandler = {
  /** An element opens; `tag` is the raw text between `<` and `>` (for its attributes). */
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text (entities not decoded; CDATA re-escaped) of the innermost open element. */
  text(raw: string): void;
};

const isNameEnd = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62;

/** The local name of an element or attribute: `x:row` and `row` are the same element. */
const localName = (qname: string) => {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
};

/** Feeds text chunk by chunk and calls the handler for every element and text run, in order. */
export class XmlScanner {
  private buf = '';
  private readonly stack: string[] = [];
  private root = false;
  /** Elements seen so far; the reader bounds them per part. */
  elements = 0;

  constructor(private readonly h: XmlHandler) {}

  write(chunk: string) {
    this.buf += chunk;
    const consumed = this.scan();
    this.buf = this.buf.slice(consumed);
    if (this.buf.length > MAX_PENDING) throw new XmlError('tag too long');
  }

  /** The end of the part: anything left open means it was cut short. */
  end() {
    if (!this.root || this.stack.length > 0) throw new XmlError('truncated');
  }

  /** Handles every complete token in the buffer; returns how far it got. */
  private scan(): number {
    const s = this.buf;
    let pos = 0;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // Text up to the end may continue in the next chunk: hand over all of it now (the reader concatenates).
        if (pos < s.length && this.stack.length) this.h.text(s.slice(pos));
        return s.length;
      }
      if (lt > pos && this.stack.length) this.h.text(s.slice(pos, lt));
      if (lt + 1 >= s.length) return lt;
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const e = s.indexOf('-->', lt + 4);
          if (e < 0) return lt;
          pos = e + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const e = s.indexOf(']]>', lt + 9);
          if (e < 0) return lt;
          if (this.stack.length)
            this.h.text(
              s
                .slice(lt + 9, e)
                .replace(/&/g, '&amp;')
                .replace(/</g, '&lt;'),
            );
          pos = e + 3;
        } else if (s.length - lt < 9) return lt;
        // A DTD can declare entities that expand without bound: no workbook needs one.
        else throw new XmlError('declaration');
        continue;
      }
      if (c1 === 63 /* ? */) {
        const e = s.indexOf('?>', lt + 2);
        if (e < 0) return lt;
        pos = e + 2;
        continue;
      }
      // The closing '>' outside quoted attribute values.
      let gt = -1;
      let quote = 0;
      for (let i = lt + 1; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === 34 || c === 39) quote = c;
        else if (c === 62) {
          gt = i;
          break;
        } else if (c === 60) throw new XmlError('unexpected <');
      }
      if (gt < 0) return lt;
      this.elements++;
      if (c1 === 47 /* / */) {
        const name = localName(s.slice(lt + 2, gt).trim());
        const open = this.stack.pop();
        if (open !== name) throw new XmlError('mismatched close');
        this.h.close(name);
      } else {
        let e = lt + 1;
        while (e < gt && !isNameEnd(s.charCodeAt(e))) e++;
        const name = localName(s.slice(lt + 1, e));
        if (!name) throw new XmlError('no name');
        const selfClosing = s.charCodeAt(gt - 1) === 47;
        if (this.stack.length === 0) {
          if (this.root) throw new XmlError('two roots');
          this.root = true;
        }
        this.h.open(name, s.slice(e, gt), selfClosing);
        if (!selfClosing) {
          if (this.stack.length >= MAX_DEPTH) throw new XmlError('too deep');
          this.stack.push(name);
        } else this.h.close(name);
      }
      pos = gt + 1;
    }
  }
}

const ATTR = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a tag by local name, values decoded (`r:id` and `id` are both `id`; the first one wins). */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(tag); m; m = ATTR.exec(tag)) {
    const name = localName(m[1]!);
    if (!(name in out)) out[name] = decodeXml(m[2] ?? m[3] ?? '');
  }
  return out;
}

/** One attribute's raw value, without building the others (the hot path: every cell's r, t and s). */
export function attribute(tag: string, name: string): string | null {
  let at = 0;
  for (;;) {
    const i = tag.indexOf(name, at);
    if (i < 0) return null;
    at = i + name.length;
    const before = i === 0 ? 32 : tag.charCodeAt(i - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let j = at;
    while (tag.charCodeAt(j) === 32) j++;
    if (tag.charCodeAt(j) !== 61 /* = */) continue;
    j++;
    while (tag.charCodeAt(j) === 32) j++;
    const q = tag.charCodeAt(j);
    if (q !== 34 && q !== 39) return null;
    const end = tag.indexOf(q === 34 ? '"' : "'", j + 1);
    if (end < 0) return null;
    return decodeXml(tag.slice(j + 1, end));
  }
}

const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with its entities decoded and line ends normalised as XML does; an unknown entity is an XmlError. */
export function decodeXml(raw: string): string {
  const s = raw.indexOf('\r') < 0 ? raw : raw.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&]{0,10});?/g, (all, ref: string) => {
    if (!all.endsWith(';')) throw new XmlError('bad entity');
    const known = named[ref];
    if (known !== undefined) return known;
    const code = /^#x[0-9a-f]{1,6}$/i.test(ref)
      ? Number.parseInt(ref.slice(2), 16)
      : /^#\d{1,7}$/.test(ref)
        ? Number(ref.slice(1))
        : -1;
    if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlError('bad entity');
    return String.fromCodePoint(code);
  });
}
