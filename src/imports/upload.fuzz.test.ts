// Fuzzing kept in the suite (issue 11, item 14): generated hostile .xlsx and .csv files, from one seed so a failure
// can be replayed, through the parse entry point the import endpoint uses (the worker pool, with its heap and time
// limits), and some through the endpoint itself. Never a 5xx: a 4xx with a message naming the file, or a preview.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { createRoleMatrixUsers, OWN, tokenFor } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';
import { flood, type HostileFile, hostileFile, zipBomb } from '../../test/hostile-files.ts';
import { multipart } from '../../test/multipart.ts';
import { defaultCatalogFiles } from '../catalog/catalog-files.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../util/errors.ts';
import { previewInWorker } from './parse-pool.ts';
import type { UploadResult } from './upload.ts';

const SEED = 20_261_205;
const roads = defaultCatalogFiles()
  .flatMap((f) => f.datasets)
  .find((d) => d.id === 'local-roads')!;

/** A preview that could be kept: rows as JSON, counts that add up. */
function assertPreview(r: UploadResult, kind: string) {
  const rows = JSON.parse(r.rowsJson) as unknown[];
  assert.ok(Array.isArray(rows), kind);
  const s = r.summary;
  assert.equal(s.total, rows.length, kind);
  assert.equal(s.added + s.changed + s.unchanged, s.total, kind);
  assert.ok(s.errorCount >= r.errors.length, kind);
}

/** A refusal a person can act on: 4xx, a message in both languages, the field `file`. */
function assertRefusal(err: unknown, kind: string) {
  assert.ok(err instanceof AppError, `${kind}: ${String((err as Error)?.stack ?? err)}`);
  assert.ok([400, 413, 422].includes(err.status), `${kind}: ${err.status}`);
  assert.ok(err.text.th.length > 10 && err.text.en.length > 10, kind);
  assert.equal(err.fieldErrors[0]?.field, 'file', kind);
}

describe('fuzzing the parse entry point', () => {
  it('reads 1,200 generated hostile files (seeded) into a preview or a 4xx naming the file, within bounded memory', async () => {
    let peakRss = 0;
    const kinds = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(hostileFile, async (f: HostileFile) => {
        const kind = f.kind.split(' ')[0]!;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        try {
          assertPreview(
            await previewInWorker({ fileName: f.fileName, data: f.data, def: roads, current: [] }),
            f.kind,
          );
        } catch (err) {
          if (err instanceof assert.AssertionError) throw err;
          assertRefusal(err, f.kind);
        }
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }),
      { seed: SEED, numRuns: 1200 },
    );
    assert.ok(kinds.size >= 15, `kinds generated: ${[...kinds.keys()].join(', ')}`);
    // Every parse ran in a worker with a heap of its own: the test process never held a flood's objects.
    assert.ok(peakRss < 1024 * 1024 * 1024, `peak RSS ${Math.round(peakRss / 1024 / 1024)} MB`);
  });
});

/** What an upload could have written to the data set. */
async function dataset(k: Kysely<Database>) {
  const rows = await k.selectFrom('dataset_row').select(['id', 'values_json']).orderBy('id').execute();
  const records = await k.selectFrom('dataset_record').selectAll().orderBy('dataset_id').execute();
  return JSON.stringify({ rows, records });
}
const previews = async (k: Kysely<Database>) =>
  Number((await k.selectFrom('import_preview').select(k.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describeEachDb(
  'fuzzing the import endpoint',
  (t) => {
    let token: string;
    before(async () => {
      token = await tokenFor(t.app, 't.own.laoadmin');
    });
    const send = (f: { fileName: string; data: Buffer }) => {
      const m = multipart(f.fileName, f.data);
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/years/2569/datasets/local-roads/imports`,
        headers: { authorization: `Bearer ${token}`, ...m.headers },
        payload: m.payload,
      });
    };

    it('answers 40 generated hostile files with a 4xx naming the file or a preview, the data set untouched', async () => {
      const before = await dataset(t.db.kysely);
      const files = fc.sample(hostileFile, { seed: SEED + 1, numRuns: 40 });
      let kept = 0;
      for (const f of files) {
        const res = await send(f);
        assert.ok(res.statusCode < 500, `${f.kind}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (res.statusCode === 200) {
          kept++;
          continue;
        }
        assert.ok([400, 413, 422].includes(res.statusCode), `${f.kind}: ${res.statusCode}`);
        const problem = res.json();
        assert.ok(problem.detail.length > 10, f.kind);
        assert.equal(problem.errors[0].field, 'file', f.kind);
      }
      assert.equal(await previews(t.db.kysely), kept);
      assert.equal(await dataset(t.db.kysely), before);
    });

    it('refuses full-size floods of every kind, a zip bomb and 10 MB CSVs with a 422, storing nothing', async () => {
      const before = await dataset(t.db.kysely);
      const kept = await previews(t.db.kysely);
      const big: [string, string, () => Buffer, RegExp][] = [
        ['3,000,000 <row/>', 'a.xlsx', () => flood('row/', 3_000_000), /เกิน 20,000 แถว/],
        ['1,000,000 <x:row r>', 'a.xlsx', () => flood('x:row', 1_000_000), /เกิน 20,000 แถว/],
        ['1,500,000 <c/>', 'a.xlsx', () => flood('c/', 1_500_000), /เกิน 1,000,000 เซลล์/],
        ['1,100,000 <si>', 'a.xlsx', () => flood('si', 1_100_000), /ข้อความต่างกันเกิน/],
        ['100,000 <xf>', 'a.xlsx', () => flood('xf', 100_000), /รูปแบบเซลล์/],
        ['5,000 <numFmt>', 'a.xlsx', () => flood('numFmt', 5_000), /รูปแบบเซลล์/],
        ['1,500,000 <font>', 'a.xlsx', () => flood('font', 1_500_000), /รูปแบบเซลล์/],
        ['a 200 MB zip bomb', 'a.xlsx', () => zipBomb(200 * 1024 * 1024), /เกิน 100 MB/],
        [
          '10 MB of short lines',
          'a.csv',
          () => Buffer.from(`roadName\n${'ก\n'.repeat(2_000_000)}`.slice(0, 10 * 1024 * 1024 - 1024)),
          /เกิน 20,000 แถว/,
        ],
        [
          'a 10 MB cell',
          'a.csv',
          () => Buffer.from(`roadName\n"${'x'.repeat(10 * 1024 * 1024 - 1024)}"\n`),
          /ยาวเกิน 32,767 ตัวอักษร/,
        ],
      ];
      for (const [name, fileName, make, message] of big) {
        const data = make();
        assert.ok(data.length <= 10 * 1024 * 1024, `${name} is ${data.length} bytes`);
        const res = await send({ fileName, data });
        assert.equal(res.statusCode, 422, `${name}: ${res.body.slice(0, 300)}`);
        assert.match(res.json().detail, message, name);
      }
      assert.equal(await previews(t.db.kysely), kept);
      assert.equal(await dataset(t.db.kysely), before);
      assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);
