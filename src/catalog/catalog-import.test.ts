import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { describeEachDb } from '../../test/harness.ts';
import type { CatalogFile } from './catalog.schemas.ts';
import { ensureDefaultCatalog, getCatalog, importCatalog, listCatalogYears } from './catalog.service.ts';
import type { CatalogSource } from './catalog-files.ts';

const shipped = (name: string): CatalogFile =>
  JSON.parse(readFileSync(new URL(`./definitions/${name}`, import.meta.url), 'utf8'));

const source = (name: string, file: unknown): CatalogSource[] => [{ name, text: JSON.stringify(file) }];

/**
 * Aspect 1 as an official version might change it: the waste form loses servedVillages, gains
 * householdsServed and has a higher maximum; septage-wastewater is gone and noise-complaints is new.
 */
function changedAspect1(): CatalogFile {
  const file = shipped('01-aspect-1.json');
  const waste = file.datasets.find((d) => d.id === 'waste-management')!;
  const template = waste.fields.find((f) => f.key === 'servedPopulation')!;
  waste.fields = waste.fields.filter((f) => f.key !== 'servedVillages');
  waste.fields.push({
    ...template,
    key: 'householdsServed',
    labelTh: 'ครัวเรือนที่ได้รับบริการ',
    labelEn: 'Households served',
    unit: 'ครัวเรือน',
    unitEn: 'households',
  });
  waste.fields.find((f) => f.key === 'generatedTonsPerDay')!.max = 30000;
  const septage = file.datasets.find((d) => d.id === 'septage-wastewater')!;
  file.datasets = file.datasets.filter((d) => d.id !== 'septage-wastewater');
  file.datasets.push({
    ...septage,
    id: 'noise-complaints',
    nameTh: 'เหตุเดือดร้อนรำคาญ',
    nameEn: 'Nuisance complaints',
  });
  return file;
}

describeEachDb('catalog import', (t) => {
  it('refuses a broken file, naming file, data set and field, and changes nothing', async () => {
    const before = await listCatalogYears(t.db.kysely);
    const file = changedAspect1();
    const other = file.datasets[1]!;
    other.fields[0]!.type = 'money' as never;
    file.datasets[0]!.rules[0]!.check = {
      op: 'lte',
      left: 'collectedTonsPerDay',
      right: 'producedTonsPerDay',
    };
    await assert.rejects(
      importCatalog(t.db.kysely, source('01-aspect-1.json', file), { year: 2570 }),
      (err: { status: number; fieldErrors: { message: { th: string; en: string } }[] }) => {
        assert.equal(err.status, 422);
        const en = err.fieldErrors.map((e) => e.message.en);
        assert.ok(
          en.some((m) =>
            m.startsWith(`01-aspect-1.json: data set ${other.id}, field ${other.fields[0]!.key} (type)`),
          ),
          en.join('\n'),
        );
        assert.ok(
          en.some((m) =>
            m.startsWith(
              '01-aspect-1.json: data set waste-management, rule collected-le-generated (check.right)',
            ),
          ),
          en.join('\n'),
        );
        return true;
      },
    );
    await assert.rejects(
      importCatalog(t.db.kysely, [{ name: 'x.json', text: '{ not json' }], { year: 2570 }),
      /nothing was imported/,
    );
    assert.deepEqual(await listCatalogYears(t.db.kysely), before);
    assert.equal((await getCatalog(t.db.kysely, 2570)).dataset('waste-management')!.fields.length, 9);
  });

  it('refuses a data set id already used by another section of the year', async () => {
    const file = shipped('02-aspect-2.json');
    file.datasets.push({ ...file.datasets[0]!, id: 'waste-management' });
    await assert.rejects(
      importCatalog(t.db.kysely, source('02.json', file), { year: 2570 }),
      (err: { status: number; fieldErrors: { field: string }[] }) => {
        assert.equal(err.status, 422);
        assert.deepEqual(
          err.fieldErrors.map((e) => e.field),
          ['waste-management'],
        );
        return true;
      },
    );
  });

  it('reports a dry run without storing it', async () => {
    const r = await importCatalog(t.db.kysely, source('01.json', changedAspect1()), {
      year: 2570,
      dryRun: true,
    });
    assert.equal(r.applied, false);
    assert.deepEqual(r.datasetsAdded, ['noise-complaints']);
    const c = await getCatalog(t.db.kysely, 2570);
    assert.equal(c.revision, 1);
    assert.ok(c.dataset('septage-wastewater'));
  });

  it('imports a changed section over a year: archives the removed field and data set, reports every change', async () => {
    const r = await importCatalog(t.db.kysely, source('01.json', changedAspect1()), { year: 2570 });
    assert.equal(r.applied, true);
    assert.equal(r.revision, 2);
    assert.equal(r.createdFrom, null);
    assert.deepEqual(r.sections, [1]);
    assert.deepEqual(r.datasetsAdded, ['noise-complaints']);
    assert.deepEqual(r.datasetsArchived, ['septage-wastewater']);
    assert.deepEqual(r.datasetsChanged, [
      {
        id: 'waste-management',
        sectionNo: 1,
        changes: [],
        fieldsAdded: ['householdsServed'],
        fieldsRestored: [],
        fieldsArchived: ['servedVillages'],
        fieldsChanged: [{ key: 'generatedTonsPerDay', changes: ['max: 20000 → 30000'] }],
      },
    ]);
    assert.equal(r.datasetsUnchanged, 5);

    const c = await getCatalog(t.db.kysely, 2570);
    assert.equal(c.revision, 2);
    const waste = c.dataset('waste-management')!;
    assert.ok(!waste.fields.some((f) => f.key === 'servedVillages'));
    assert.deepEqual(
      c.archivedFields('waste-management').map((a) => [a.field.key, a.field.labelTh, a.revision]),
      [['servedVillages', 'หมู่บ้าน/ชุมชนที่ได้รับบริการ', 2]],
    );
    assert.equal(c.dataset('septage-wastewater'), undefined);
    assert.deepEqual(
      c.archivedDatasets.map((d) => d.definition.id),
      ['septage-wastewater'],
    );
    assert.equal(c.sectionOf('noise-complaints')?.no, 1);
  });

  it('leaves the other years and the other sections unchanged', async () => {
    const y2569 = await getCatalog(t.db.kysely, 2569);
    assert.equal(y2569.revision, 1);
    assert.ok(y2569.dataset('waste-management')!.fields.some((f) => f.key === 'servedVillages'));
    assert.ok(y2569.dataset('septage-wastewater'));
    assert.equal(y2569.archivedFields('waste-management').length, 0);
    const y2570 = await getCatalog(t.db.kysely, 2570);
    assert.deepEqual(
      y2570.sections.find((s) => s.no === 4),
      y2569.sections.find((s) => s.no === 4),
    );
  });

  it('serves the new definition through the API at once', async () => {
    const body = (await t.app.inject({ url: '/api/v1/catalog/datasets/waste-management?year=2570' })).json();
    assert.ok(body.fields.some((f: { key: string }) => f.key === 'householdsServed'));
    assert.deepEqual(
      body.archivedFields.map((f: { key: string }) => f.key),
      ['servedVillages'],
    );
    const old = await t.app.inject({ url: '/api/v1/catalog/datasets/septage-wastewater?year=2570' });
    assert.equal(old.statusCode, 404);
  });

  it('restores an archived field and data set when a later definition brings them back', async () => {
    const r = await importCatalog(t.db.kysely, source('01.json', shipped('01-aspect-1.json')), {
      year: 2570,
    });
    assert.deepEqual(r.datasetsRestored, ['septage-wastewater']);
    assert.deepEqual(r.datasetsArchived, ['noise-complaints']);
    const waste = r.datasetsChanged.find((d) => d.id === 'waste-management')!;
    assert.deepEqual(waste.fieldsRestored, ['servedVillages']);
    assert.deepEqual(waste.fieldsArchived, ['householdsServed']);
    const c = await getCatalog(t.db.kysely, 2570);
    assert.equal(c.revision, 3);
    assert.deepEqual(
      c.archivedFields('waste-management').map((a) => a.field.key),
      ['householdsServed'],
    );
  });

  it('starts a new year as a copy of the latest earlier one, without its archived parts', async () => {
    const r = await importCatalog(t.db.kysely, source('09.json', shipped('09-debt.json')), { year: 2572 });
    assert.equal(r.createdFrom, 2570);
    assert.equal(r.revision, 1);
    const c = await getCatalog(t.db.kysely, 2572);
    assert.equal(c.sections.length, 10);
    assert.equal(c.archivedDatasets.length, 0);
    assert.equal(c.archivedFields('waste-management').length, 0);
  });

  it('lets another app node see an import within five seconds', async (ctx) => {
    const otherNode = t.db.kysely.withoutPlugins();
    ctx.mock.timers.enable({ apis: ['Date'], now: Date.now() });
    const before = await getCatalog(otherNode, 2569);
    await importCatalog(t.db.kysely, source('01.json', changedAspect1()), { year: 2569 });
    assert.equal((await getCatalog(otherNode, 2569)).revision, before.revision);
    ctx.mock.timers.tick(5001);
    assert.equal((await getCatalog(otherNode, 2569)).revision, before.revision + 1);
  });

  it('loads the default catalog idempotently', async () => {
    assert.deepEqual(await ensureDefaultCatalog(t.db.kysely, [2568, 2569, 2570]), { loaded: [] });
    assert.equal((await getCatalog(t.db.kysely, 2570)).revision, 3);
  });
});
