// W5's limit: the same rows as the export, read with the driver alone (better-sqlite3's iterate, or a pg cursor)
// and written as CSV to stdout. Prints nothing else; the parent counts lines and samples this process's RSS.
import SQLite from 'better-sqlite3';
import pg from 'pg';
import Cursor from 'pg-cursor';

const [target = '', year = '2569', datasetId = 'local-roads', sectionNo = '4'] = process.argv.slice(2);
const query = (p: (i: number) => string) => `
  select r.lao_code, r.position, r.values_json from dataset_row r
  join aspect_status a on a.lao_code = r.lao_code and a.year = r.year and a.section_no = ${p(1)}
  where r.year = ${p(2)} and r.dataset_id = ${p(3)}
    and a.lao_certified_at is not null and a.changed_after_certification_at is null
  order by r.lao_code, r.position`;
const cell = (v: unknown) => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
let chunk = '';
const out = (row: { lao_code: string; position: number; values_json: string }) => {
  const v = JSON.parse(row.values_json) as Record<string, unknown>;
  chunk += `${[year, row.lao_code, row.position, ...Object.values(v)].map(cell).join(',')}\r\n`;
  if (chunk.length > 65536) {
    const ok = process.stdout.write(chunk);
    chunk = '';
    return ok;
  }
  return true;
};
const drain = () => new Promise((r) => process.stdout.once('drain', r));

if (target.startsWith('postgres')) {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  const cursor = client.query(
    new Cursor(
      query((i) => `$${i}`),
      [Number(sectionNo), Number(year), datasetId],
    ),
  );
  for (;;) {
    const rows = await cursor.read(1000);
    if (rows.length === 0) break;
    for (const r of rows) if (!out(r)) await drain();
  }
  await client.end();
} else {
  const db = new SQLite(target, { readonly: true });
  for (const r of db
    .prepare(query(() => '?'))
    .iterate(Number(sectionNo), Number(year), datasetId) as Iterable<{
    lao_code: string;
    position: number;
    values_json: string;
  }>)
    if (!out(r)) await drain();
}
process.stdout.write(chunk);
