import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { getCatalog } from '../../src/catalog/catalog.service.ts';
import { formValue } from '../../src/records/records.format.ts';
import { Rng } from '../../src/seed/rng.ts';
import { laoProfile, rowMaker } from '../../src/seed/values.ts';
import type { BenchCtx, Row } from '../lib/context.ts';
import { fmt } from '../lib/context.ts';
import { median, percentile, timed } from '../lib/stats.ts';
import { xlsxInsertLimit } from '../limits/xlsx-insert.ts';

export const W2_ROWS = 10_000;
const DATASET = 'local-roads';

function multipart(filename: string, data: Buffer) {
  const boundary = `----lao${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  return {
    body: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/**
 * LAOs whose aspect 4 is not certified (an import there needs no change reason) and whose roads list is still
 * the seeded one (an earlier run's 10,000 rows would make it a replace-everything import), one per round.
 */
async function importTargets(ctx: BenchCtx, n: number) {
  const r = await sql<{ code: string }>`
    select l.code from lao l
    left join aspect_status a on a.lao_code = l.code and a.year = ${ctx.year} and a.section_no = 4
    left join dataset_record d on d.lao_code = l.code and d.year = ${ctx.year} and d.dataset_id = ${DATASET}
    where a.lao_certified_at is null and a.province_certified_at is null and l.province_code = '30'
      and coalesce(d.row_count, 0) < 1000
    order by l.code limit ${n}`.execute(ctx.db.kysely);
  return r.rows.map((x) => x.code);
}

/** The system's own template of the data set, filled with 10,000 valid rows (the same file every round). */
async function buildWorkbook(ctx: BenchCtx, lao: string): Promise<Buffer> {
  const res = await fetch(
    `${ctx.server.url}/api/v1/laos/${lao}/years/${ctx.year}/datasets/${DATASET}/template.xlsx`,
    {
      headers: { authorization: `Bearer ${ctx.token}` },
    },
  );
  if (!res.ok) throw new Error(`template: ${res.status}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
  const ws = wb.getWorksheet('ข้อมูล') ?? wb.worksheets[0]!;
  const keys = (ws.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
  const def = (await getCatalog(ctx.db.kysely, ctx.year)).dataset(DATASET)!;
  const maker = rowMaker(def);
  const rng = new Rng(2569);
  const profile = laoProfile(
    {
      code: lao,
      type: 'provincial_admin_org',
      province_code: '30',
      district_code: '3001',
      lat: 14.97,
      lon: 102.1,
    },
    rng,
  );
  for (let i = 0; i < W2_ROWS; i++) {
    const values = maker.row(profile, rng, i, ctx.year);
    const cells = keys.map((k) => {
      const f = def.fields.find((x) => x.key === k);
      if (!f) return null;
      const v = formValue(f, values[k]);
      return Array.isArray(v)
        ? v.join(', ')
        : v === ''
          ? null
          : typeof values[k] === 'number'
            ? values[k]
            : v;
    });
    ws.getRow(3 + i).values = cells;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** W2: importing a 10,000-row .xlsx into a list data set, preview + apply, over the HTTP API. */
export async function w2(ctx: BenchCtx): Promise<Row> {
  const laos = await importTargets(ctx, ctx.rounds + 1);
  const file = path.join(ctx.scratchDir, `w2-${W2_ROWS}.xlsx`);
  const data = fs.existsSync(file) ? fs.readFileSync(file) : await buildWorkbook(ctx, laos[0]!);
  fs.writeFileSync(file, data);
  const times: number[] = [];
  for (let i = 0; i < ctx.rounds; i++) {
    const lao = laos[i + 1] ?? laos[0]!;
    const base = `${ctx.server.url}/api/v1/laos/${lao}/years/${ctx.year}/datasets/${DATASET}/imports`;
    const auth = { authorization: `Bearer ${ctx.token}` };
    times.push(
      await timed(async () => {
        const m = multipart('roads.xlsx', data);
        const p = await fetch(base, {
          method: 'POST',
          headers: { ...auth, 'content-type': m.type },
          body: m.body,
        });
        const preview = (await p.json()) as {
          importId: string;
          added: number;
          errorCount?: number;
          errors?: unknown[];
        };
        if (p.status !== 200 || preview.added !== W2_ROWS)
          throw new Error(`preview ${p.status} ${JSON.stringify(preview).slice(0, 300)}`);
        const a = await fetch(`${base}/${preview.importId}/apply`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: '{}',
        });
        if (a.status !== 200) throw new Error(`apply ${a.status} ${(await a.text()).slice(0, 300)}`);
      }),
    );
  }
  const limit = await xlsxInsertLimit(ctx, data);
  const ours = W2_ROWS / (median(times) / 1000);
  const ratio = ours / limit.rowsPerSecond;
  return {
    id: 'W2',
    name: `import a ${fmt(W2_ROWS, 0)}-row .xlsx (preview + apply)`,
    median: median(times) / 1000,
    p95: percentile(times, 95) / 1000,
    unit: 's',
    throughput: `${fmt(ours, 0)} rows/s`,
    limitName: 'ExcelJS read + direct insert',
    limit: `${fmt(limit.rowsPerSecond, 0)} rows/s`,
    ratio,
    target: '≥ 0.5',
    met: ratio >= 0.5,
  };
}
