import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearers, createRoleMatrixUsers, OTHER, OWN } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';
import { fingerprint } from '../../test/routes.ts';
import { ensureDefaultDivisions } from '../divisions/divisions.service.ts';

// Ids in bodies and query strings are checked against the registry and the actor's scope: unknown → 422 naming
// the field; another LAO's division → 422 (the same answer); a filter outside the caller's scope → 403, as the
// activity log always did; an id in the address itself → 404. Never a foreign-key 500, never accepted silently.
describeEachDb(
  'ids in bodies and query strings',
  (t) => {
    const as = bearers(t);
    const divisions: Record<'own' | 'other', string> = { own: '', other: '' };

    before(async () => {
      divisions.own = (await ensureDefaultDivisions(t.db.kysely, OWN.lao))[0]!.id;
      divisions.other = (await ensureDefaultDivisions(t.db.kysely, OTHER.lao))[0]!.id;
      for (const who of ['t.admin', 't.own.laoadmin', 't.own.province', 't.own.staff', 't.other.staff'])
        await as(who);
    });

    const refuses = async (
      who: string,
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      status: number,
      field: string | null,
      payload?: object,
    ) => {
      const before = await fingerprint(t.db.kysely);
      const res = await t.app.inject({
        method,
        url,
        headers: { ...(await as(who)), 'accept-language': 'en' },
        ...(payload ? { payload } : {}),
      });
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      if (field) assert.equal(res.json().errors?.[0]?.field, field, `${method} ${url}: ${res.body}`);
      assert.equal(await fingerprint(t.db.kysely), before, `${method} ${url} changed nothing`);
      return res;
    };

    it('refuses an account’s unknown division, or another LAO’s, with 422 naming divisionIds', async () => {
      const body = (username: string, id: string) => ({
        username,
        displayName: 'เจ้าหน้าที่ใหม่',
        role: 'lao_staff',
        laoCode: OWN.lao,
        divisionIds: [id],
      });
      const unknown = await refuses(
        't.own.laoadmin',
        'POST',
        '/api/v1/users',
        422,
        'divisionIds',
        body('fi.one', '00000000-0000-4000-8000-000000000000'),
      );
      assert.match(unknown.json().errors[0].message, /No division .* in this LAO/);
      await refuses(
        't.own.laoadmin',
        'POST',
        '/api/v1/users',
        422,
        'divisionIds',
        body('fi.two', divisions.other),
      );
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: await as('t.own.laoadmin'),
        payload: body('fi.three', divisions.own),
      });
      assert.equal(ok.statusCode, 201, ok.body);
    });

    it('answers 404 for another account’s API token, and leaves it working', async () => {
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/tokens',
        headers: await as('t.other.staff'),
        payload: { name: 'ของคนอื่น' },
      });
      const raw = made.json().token as string;
      const id = (
        await t.db.kysely
          .selectFrom('api_token')
          .select('id')
          .where('name', '=', 'ของคนอื่น')
          .executeTakeFirstOrThrow()
      ).id;
      await refuses('t.own.staff', 'DELETE', `/api/v1/account/tokens/${id}`, 404, null);
      await refuses(
        't.own.staff',
        'DELETE',
        '/api/v1/account/tokens/00000000-0000-4000-8000-000000000000',
        404,
        null,
      );
      const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${raw}` } });
      assert.equal(me.statusCode, 200);
    });

    it('refuses codes the registry does not have in query strings, with 422 naming the parameter', async () => {
      for (const [who, url, field] of [
        ['t.admin', '/api/v1/status?province=99', 'province'],
        ['t.admin', '/api/v1/status?district=9999', 'district'],
        ['t.admin', '/api/v1/status?lao=9999999', 'lao'],
        ['t.admin', '/api/v1/scores?province=99', 'province'],
        ['t.admin', '/api/v1/scores?district=9999', 'district'],
        ['t.admin', '/api/v1/laos?province=99', 'province'],
        ['t.admin', '/api/v1/districts?province=99', 'province'],
        ['t.admin', '/api/v1/activity?province=99', 'province'],
        ['t.admin', '/api/v1/users?lao=9999999', 'lao'],
        ['t.admin', '/api/v1/assessments?province=99', 'province'],
        ['t.admin', '/api/v1/aggregates/sum?year=2569&dataset=no-such-set&field=lengthKm', 'dataset'],
        [
          't.admin',
          '/api/v1/aggregates/sum?year=2569&dataset=local-roads&field=lengthKm&province=99',
          'province',
        ],
        ['t.admin', `/api/v1/dashboards/provinces/${OWN.province}?district=${OTHER.district}`, 'district'],
        [
          't.admin',
          '/api/v1/reports/stats?year=2569&dataset=waste-management&field=generatedTonsPerDay&province=99',
          'province',
        ],
        [
          't.admin',
          '/api/v1/reports/stats?year=2569&dataset=waste-management&field=generatedTonsPerDay&district=9999',
          'district',
        ],
        [
          't.admin',
          '/api/v1/reports/stats?year=2569&dataset=waste-management&field=generatedTonsPerDay&lao=9999999',
          'lao',
        ],
        ['t.admin', '/api/v1/reports/stats?year=2569&dataset=no-such-set&field=x', 'dataset'],
      ] as const) {
        const res = await refuses(who, 'GET', url, 422, field);
        assert.match(res.json().errors[0].message, /^No /, url);
      }
    });

    it('refuses a filter by an LAO outside the caller’s scope with 403', async () => {
      const res = await refuses('t.own.laoadmin', 'GET', `/api/v1/users?lao=${OTHER.lao}`, 403, null);
      assert.match(res.json().detail, /outside your scope/);
      const own = await t.app.inject({
        url: `/api/v1/users?lao=${OWN.lao}`,
        headers: await as('t.own.laoadmin'),
      });
      assert.equal(own.statusCode, 200);
    });

    it('refuses an assessment of an unknown LAO or province with 422 naming code', async () => {
      const body = { year: 2569, asOf: '2026-03-01T10:00:00+07:00' };
      await refuses('t.own.province', 'POST', '/api/v1/assessments', 422, 'code', {
        ...body,
        scope: 'lao',
        code: '9999999',
      });
      await refuses('t.admin', 'POST', '/api/v1/assessments', 422, 'code', {
        ...body,
        scope: 'province',
        code: '99',
      });
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);
