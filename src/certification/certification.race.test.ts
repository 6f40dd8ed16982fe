import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createRoleMatrixUsers, OWN, tokenFor } from '../../test/factories.ts';
import { datasetDef, fillAspect, listDatasets } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { prng, sampleRow } from '../catalog/sample-values.ts';

const Y = 2569;
const ROUNDS = 12;

describeEachDb(
  'a save and a certification of the same aspect at the same moment',
  (t) => {
    let staff = '';
    let certifier = '';
    let formId = '';
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const url = () => `/api/v1/laos/${OWN.lao}/years/${Y}/datasets/${formId}`;

    before(async () => {
      staff = await tokenFor(t.app, 't.own.laoadmin');
      certifier = await tokenFor(t.app, 't.own.certifier');
      await fillAspect(t.app, staff, { lao: OWN.lao, year: Y, aspect: 1 });
      formId = (await listDatasets(t.app, staff, OWN.lao, Y)).find(
        (d) => d.sectionNo === 1 && d.kind === 'form',
      )!.datasetId;
    });

    it('never leaves a certification whose snapshot misses a save that landed after it', async (ctx) => {
      const def = await datasetDef(t.app, formId, Y);
      const outcomes = { savedFirst: 0, certifiedFirst: 0 };
      for (let i = 0; i < ROUNDS; i++) {
        const cur = (await t.app.inject({ url: url(), headers: bearer(staff) })).json() as {
          version: number;
          rows: { id: string }[];
        };
        const values = sampleRow(def, prng(1000 + i), 0, Y);
        const [saved, certified] = await Promise.all([
          t.app.inject({
            method: 'PUT',
            url: url(),
            headers: bearer(staff),
            payload: { version: cur.version, rows: [{ id: cur.rows[0]!.id, values, explanation: 'ทดสอบ' }] },
          }),
          t.app.inject({
            method: 'POST',
            url: `/api/v1/laos/${OWN.lao}/years/${Y}/aspects/1/certifications`,
            headers: bearer(certifier),
            payload: { level: 'lao' },
          }),
        ]);
        assert.equal(certified.statusCode, 201, certified.body);
        // Either the save came first (200, inside the certified snapshot) or it met a certified aspect and was
        // refused for want of a change reason (422): never saved after the certification without one.
        if (saved.statusCode === 200) outcomes.savedFirst++;
        else {
          assert.equal(saved.statusCode, 422, saved.body);
          assert.equal(saved.json().errors[0].field, 'changeReason');
          outcomes.certifiedFirst++;
        }
        const aspect = await t.db.kysely
          .selectFrom('aspect_status')
          .selectAll()
          .where('lao_code', '=', OWN.lao)
          .where('year', '=', Y)
          .where('section_no', '=', 1)
          .executeTakeFirstOrThrow();
        assert.ok(aspect.lao_certified_at, 'certified');
        assert.equal(aspect.changed_after_certification_at, null);
        const event = await t.db.kysely
          .selectFrom('certification_event')
          .select('snapshot_json')
          .where('lao_code', '=', OWN.lao)
          .where('year', '=', Y)
          .where('section_no', '=', 1)
          .where('action', '=', 'certify')
          .orderBy('at', 'desc')
          .executeTakeFirstOrThrow();
        const record = await t.db.kysely
          .selectFrom('dataset_record')
          .select('version')
          .where('lao_code', '=', OWN.lao)
          .where('year', '=', Y)
          .where('dataset_id', '=', formId)
          .executeTakeFirstOrThrow();
        const snapshot = JSON.parse(event.snapshot_json!) as Record<string, number>;
        assert.equal(
          snapshot[formId],
          Number(record.version),
          `round ${i}: the certified snapshot is the data`,
        );
        const withdrawn = await t.app.inject({
          method: 'POST',
          url: `/api/v1/laos/${OWN.lao}/years/${Y}/aspects/1/withdrawals`,
          headers: bearer(certifier),
          payload: { reason: 'ทดสอบการรับรองพร้อมกับการบันทึก' },
        });
        assert.equal(withdrawn.statusCode, 201, withdrawn.body);
      }
      // Which came first is up to the scheduler; the invariant above held either way. Reported, not asserted.
      ctx.diagnostic(
        `save first ${outcomes.savedFirst} × / certification first ${outcomes.certifiedFirst} ×`,
      );
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);
