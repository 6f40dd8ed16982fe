// A client generated from the API document (openapi-typescript types + openapi-fetch) against a real server: it
// signs in and saves a data set with no cast anywhere, so the document's bodies and answers are the ones the
// routes take and give (tsc checks this file; the answers are also checked against the routes' Zod schemas).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { before, it } from 'node:test';
import createClient from 'openapi-fetch';
import { createRoleMatrixUsers, OWN, TEST_PASSWORD } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';
import type { paths } from '../../test/openapi-types.ts';
import { datasetAnswer, saveAnswer } from '../records/records.schemas.ts';
import { loginAnswer } from '../users/users.schemas.ts';

describeEachDb(
  'a client generated from the OpenAPI document',
  (t) => {
    let baseUrl: string;
    before(async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    });

    it('signs in, reads a data set and saves it, and gets the conflict as a typed problem', async () => {
      const anonymous = createClient<paths>({ baseUrl });
      const signIn = await anonymous.POST('/api/v1/auth/login', {
        body: { username: 't.own.laoadmin', password: TEST_PASSWORD },
      });
      assert.equal(signIn.response.status, 200);
      assert.ok(signIn.data);
      loginAnswer.parse(signIn.data);
      assert.equal(signIn.data.user.laoCode, OWN.lao);

      const client = createClient<paths>({
        baseUrl,
        headers: { authorization: `Bearer ${signIn.data.token}` },
      });
      const path = { code: OWN.lao, year: 2569, datasetId: 'local-roads' };
      const read = await client.GET('/api/v1/laos/{code}/years/{year}/datasets/{datasetId}', {
        params: { path },
      });
      assert.ok(read.data, JSON.stringify(read.error));
      datasetAnswer.parse(read.data);
      assert.equal(read.data.status, 'empty');

      const saved = await client.PUT('/api/v1/laos/{code}/years/{year}/datasets/{datasetId}', {
        params: { path },
        body: { version: read.data.version, none: true, noneReason: 'ไม่มีถนนในความรับผิดชอบ' },
      });
      assert.ok(saved.data, JSON.stringify(saved.error));
      saveAnswer.parse(saved.data);
      assert.equal(saved.data.status, 'none');
      assert.equal(saved.data.version, read.data.version + 1);

      const again = await client.GET('/api/v1/laos/{code}/years/{year}/datasets/{datasetId}', {
        params: { path },
      });
      assert.equal(again.data?.none, true);
      assert.equal(again.data?.noneReason, 'ไม่มีถนนในความรับผิดชอบ');

      const stale = await client.PUT('/api/v1/laos/{code}/years/{year}/datasets/{datasetId}', {
        params: { path },
        body: { version: read.data.version, none: true, noneReason: 'บันทึกจากรุ่นเก่า' },
      });
      assert.equal(stale.response.status, 409);
      assert.ok(stale.error?.detail);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);
