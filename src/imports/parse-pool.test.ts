import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalogFiles } from '../catalog/catalog-files.ts';
import { AppError } from '../util/errors.ts';
import { parseLimits, previewInWorker } from './parse-pool.ts';
import { previewUpload } from './upload.ts';

const roads = defaultCatalogFiles()
  .flatMap((f) => f.datasets)
  .find((d) => d.id === 'local-roads')!;
const roadsCsv = (n: number) =>
  Buffer.from(
    `roadName,surfaceType,lengthKm,widthM,condition\n${Array.from(
      { length: n },
      (_, i) => `ถนนสายที่ ${i} บ้านบัว,ดิน,${(i % 50) + 0.5},5,ดี`,
    ).join('\n')}\n`,
  );
const task = (data: Buffer, fileName = 'roads.csv') => ({ fileName, data, def: roads, current: [] });

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    return err;
  }
  assert.fail('the file was read');
};

describe('previewInWorker', () => {
  it('reads in another thread: the same preview as in-process, while this thread keeps serving', async () => {
    const data = roadsCsv(20_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const inWorker = previewInWorker(task(data));
    let settled = false;
    void inWorker.finally(() => {
      settled = true;
    });
    // This thread is free while the parse runs: timers fire before the answer comes.
    while (!settled && ticks < 5) await new Promise((r) => setTimeout(r, 5));
    clearInterval(timer);
    assert.equal(settled, false, 'the answer came before this thread ran five timers');
    const result = await inWorker;
    assert.equal(result.summary.added, 20_000);
    assert.deepEqual(result, await previewUpload(task(data)));
  });

  it('brings the file’s own refusal back as the same 4xx', async () => {
    const err = await refusal(previewInWorker(task(Buffer.from('ก,ข\n'))));
    assert.equal(err.status, 422);
    assert.match(err.text.th, /ไม่พบหัวคอลัมน์/);
    assert.equal(err.fieldErrors[0]?.field, 'file');
    const type = await refusal(previewInWorker(task(Buffer.from('x'), 'a.exe')));
    assert.equal(type.status, 400);
  });

  it('stops a parse over its time limit with a 422 saying so, and the next parse runs', async () => {
    const err = await refusal(previewInWorker(task(roadsCsv(20_000)), { ...parseLimits, timeoutMs: 5 }));
    assert.equal(err.status, 422);
    assert.match(err.text.th, /^อ่านแฟ้มไม่เสร็จภายใน 0.005 วินาที/);
    assert.match(err.text.en, /split it/);
    assert.equal((await previewInWorker(task(roadsCsv(3)))).summary.added, 3);
  });

  it('stops a parse over its heap with a 422 saying so; this process is unharmed', async () => {
    const err = await refusal(previewInWorker(task(roadsCsv(20_000)), { ...parseLimits, heapMb: 10 }));
    assert.equal(err.status, 422);
    assert.match(err.text.th, /หน่วยความจำเกิน 10 MB/);
    assert.equal((await previewInWorker(task(roadsCsv(3)))).summary.added, 3);
  });
});
