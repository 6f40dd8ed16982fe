import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, bi, type FieldError } from '../util/errors.ts';
import { type CatalogFile, catalogFileSchema } from './catalog.schemas.ts';

/** One catalog file's text and the name its errors are reported under. */
export type CatalogSource = { name: string; text: string };

export type ParsedCatalog = { files: { name: string; file: CatalogFile }[]; errors: FieldError[] };

const defaultDir = fileURLToPath(new URL('./definitions/', import.meta.url));

/** Reads one .json file, or every .json file of a directory in name order. */
export function readCatalogSources(input: string): CatalogSource[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new AppError('bad_request', bi(`ไม่พบแฟ้มหรือโฟลเดอร์ ${input}`, `No file or directory ${input}`));
  }
  const paths = stat.isDirectory()
    ? fs
        .readdirSync(input)
        .filter((n) => n.endsWith('.json'))
        .sort()
        .map((n) => path.join(input, n))
    : [input];
  if (paths.length === 0) {
    throw new AppError(
      'bad_request',
      bi(`โฟลเดอร์ ${input} ไม่มีแฟ้ม .json`, `The directory ${input} holds no .json file`),
    );
  }
  return paths.map((p) => ({ name: path.basename(p), text: fs.readFileSync(p, 'utf8') }));
}

type Raw = { datasets?: { id?: unknown; fields?: { key?: unknown }[]; rules?: { id?: unknown }[] }[] };

/** "ชุดข้อมูล waste-management ฟิลด์ generatedTonsPerDay (max)" from a Zod path and the raw JSON. */
function locate(raw: unknown, issuePath: PropertyKey[]): { th: string; en: string } {
  const p = issuePath.map(String);
  const th: string[] = [];
  const en: string[] = [];
  let rest = p;
  if (p[0] === 'datasets' && p[1] !== undefined) {
    const ds = (raw as Raw)?.datasets?.[Number(p[1])];
    const id = typeof ds?.id === 'string' ? ds.id : `#${Number(p[1]) + 1}`;
    th.push(`ชุดข้อมูล ${id}`);
    en.push(`data set ${id}`);
    rest = p.slice(2);
    if ((rest[0] === 'fields' || rest[0] === 'rules') && rest[1] !== undefined) {
      const item = ds?.[rest[0]]?.[Number(rest[1])] as { key?: unknown; id?: unknown } | undefined;
      const name = item?.key ?? item?.id;
      const label = typeof name === 'string' ? name : `#${Number(rest[1]) + 1}`;
      th.push(`${rest[0] === 'fields' ? 'ฟิลด์' : 'กฎ'} ${label}`);
      en.push(`${rest[0] === 'fields' ? 'field' : 'rule'} ${label}`);
      rest = rest.slice(2);
    }
  }
  const tail = rest.length ? ` (${rest.join('.')})` : '';
  return { th: `${th.join(' ')}${tail}`, en: `${en.join(', ')}${tail}` };
}

function parseOne(src: CatalogSource, errors: FieldError[]): CatalogFile | null {
  let raw: unknown;
  try {
    raw = JSON.parse(src.text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    errors.push({
      field: src.name,
      code: 'json',
      message: bi(`${src.name}: ไม่ใช่ JSON ที่ถูกต้อง — ${why}`, `${src.name}: not valid JSON: ${why}`),
    });
    return null;
  }
  const r = catalogFileSchema.safeParse(raw);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const where = locate(raw, issue.path);
    errors.push({
      field: `${src.name}#${issue.path.map(String).join('.')}`,
      code: issue.code,
      message: bi(
        `${src.name}: ${where.th ? `${where.th}: ` : ''}${issue.message}`,
        `${src.name}: ${where.en ? `${where.en}: ` : ''}${issue.message}`,
      ),
    });
  }
  return null;
}

/** Sections and data set ids must be unique across the files loaded together. */
function crossFileErrors(files: { name: string; file: CatalogFile }[]): FieldError[] {
  const errors: FieldError[] = [];
  const sections = new Map<number, string>();
  const ids = new Map<string, string>();
  for (const { name, file } of files) {
    const other = sections.get(file.section.no);
    if (other) {
      errors.push({
        field: name,
        code: 'duplicate_section',
        message: bi(
          `${name}: หมวดที่ ${file.section.no} ซ้ำกับแฟ้ม ${other}`,
          `${name}: section ${file.section.no} is also in ${other}`,
        ),
      });
    }
    sections.set(file.section.no, name);
    for (const d of file.datasets) {
      const where = ids.get(d.id);
      if (where && where !== name) {
        errors.push({
          field: `${name}#${d.id}`,
          code: 'duplicate_dataset',
          message: bi(
            `${name}: รหัสชุดข้อมูล ${d.id} ซ้ำกับแฟ้ม ${where}`,
            `${name}: data set id ${d.id} is also in ${where}`,
          ),
        });
      }
      ids.set(d.id, name);
    }
  }
  return errors;
}

/** Validates catalog sources with catalogFileSchema; every error names its file, data set and field. */
export function parseCatalogSources(sources: CatalogSource[]): ParsedCatalog {
  const errors: FieldError[] = [];
  const files = sources.flatMap((src) => {
    const file = parseOne(src, errors);
    return file ? [{ name: src.name, file }] : [];
  });
  errors.push(...crossFileErrors(files));
  return { files, errors };
}

/** Reads and validates a file, a directory or given sources; never throws for a content error. */
export function validateCatalogInput(input: string | CatalogSource[]): ParsedCatalog {
  return parseCatalogSources(typeof input === 'string' ? readCatalogSources(input) : input);
}

/** Like validateCatalogInput, but any error is a 422 listing every problem, so nothing is half-loaded. */
export function parseCatalogOrThrow(input: string | CatalogSource[]): CatalogFile[] {
  const r = validateCatalogInput(input);
  if (r.errors.length) {
    throw new AppError(
      'unprocessable',
      bi(
        `แฟ้มชุดข้อมูลมีข้อผิดพลาด ${r.errors.length} รายการ ไม่ได้นำเข้า`,
        `The catalog has ${r.errors.length} errors; nothing was imported`,
      ),
      r.errors,
    );
  }
  return r.files.map((f) => f.file);
}

let shipped: CatalogFile[] | null = null;

/** The default catalog shipped in src/catalog/definitions (read and validated once). */
export function defaultCatalogFiles(): CatalogFile[] {
  if (!shipped) {
    const r = validateCatalogInput(defaultDir);
    // A broken shipped file is a bug caught by catalog-files.test.ts, never a user error.
    if (r.errors.length)
      throw new Error(`default catalog invalid: ${r.errors.map((e) => e.message.en).join('; ')}`);
    shipped = r.files.map((f) => f.file);
  }
  return shipped;
}

/** Where the shipped definitions live (for the CLI's help text). */
export const defaultCatalogDir = defaultDir;
