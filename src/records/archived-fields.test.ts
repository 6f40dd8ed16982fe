import assert from 'node:assert/strict';
import fs from 'node:fs';
import { it } from 'node:test';
import { createRoleMatrixUsers, tokenFor } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';
import { importCatalog } from '../catalog/catalog.service.ts';

const url = '/api/v1/laos/5310108/years/2570/datasets/waste-management';

describeEachDb(
  'values of archived fields',
  (t) => {
    it('keeps a field a catalog import removed when the row is saved again', async () => {
      const token = await tokenFor(t.app, 't.own.laoadmin');
      const h = { authorization: `Bearer ${token}` };
      const values = {
        generatedTonsPerDay: 10,
        collectedTonsPerDay: 8,
        recycledTonsPerDay: 1,
        servedPopulation: 900,
        disposalMethod: 'composting',
        disposalSite: 'own',
        feeBahtPerMonth: 20,
      };
      const put = await t.app.inject({
        method: 'PUT',
        url,
        headers: h,
        payload: { version: 0, rows: [{ values }] },
      });
      assert.equal(put.statusCode, 200, put.body);
      const file = JSON.parse(
        fs.readFileSync(new URL('../catalog/definitions/01-aspect-1.json', import.meta.url), 'utf8'),
      );
      const ds = file.datasets.find((d: { id: string }) => d.id === 'waste-management');
      ds.fields = ds.fields.filter((f: { key: string }) => f.key !== 'feeBahtPerMonth');
      await importCatalog(t.db.kysely, [{ name: '01-aspect-1.json', text: JSON.stringify(file) }], {
        year: 2570,
      });
      // The catalog is cached for 5 seconds per process: ask the service directly through a fresh read.
      const cur = (await t.app.inject({ url, headers: h })).json();
      const { feeBahtPerMonth: _fee, ...rest } = cur.rows[0].values;
      const again = await t.app.inject({
        method: 'PUT',
        url,
        headers: h,
        payload: {
          version: cur.version,
          rows: [{ id: cur.rows[0].id, values: { ...rest, servedPopulation: 950 } }],
        },
      });
      assert.equal(again.statusCode, 200, again.body);
      const row = await t.db.kysely
        .selectFrom('dataset_row')
        .select('values_json')
        .where('lao_code', '=', '5310108')
        .where('year', '=', 2570)
        .where('dataset_id', '=', 'waste-management')
        .executeTakeFirstOrThrow();
      const stored = JSON.parse(row.values_json);
      assert.equal(stored.servedPopulation, 950);
      assert.equal(stored.feeBahtPerMonth, 20);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);
