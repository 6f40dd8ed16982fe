import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it, mock } from 'node:test';
import { bearers, browserSession, createRoleMatrixUsers, OWN } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

// 230 staff of the own LAO besides the role matrix's accounts: more than the 200 the list used to stop at.
const EXTRA = 230;

describeEachDb(
  'the lists of accounts and of API tokens are paged',
  (t) => {
    const as = bearers(t);
    let all: number;

    before(async () => {
      const at = new Date().toISOString();
      await t.db.kysely
        .insertInto('app_user')
        .values(
          Array.from({ length: EXTRA }, (_, i) => ({
            id: randomUUID(),
            username: `t.bulk.${String(i).padStart(3, '0')}`,
            display_name: `เจ้าหน้าที่ ${i}`,
            email: null,
            // Never signed in with: no password matches this.
            password_hash: '$argon2id$v=19$m=65536,t=3,p=4$none$none',
            role: 'lao_staff' as const,
            province_code: null,
            district_code: null,
            lao_code: OWN.lao,
            must_change_password: 0,
            totp_secret: null,
            totp_enabled: 0,
            disabled_at: null,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
      all = Number(
        (
          await t.db.kysely
            .selectFrom('app_user')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    });

    it('pages GET /api/v1/users: every account once, in order, following next to the last page', async () => {
      const seen: string[] = [];
      let next: string | null = '/api/v1/users?pageSize=100';
      let pages = 0;
      while (next) {
        const res: Awaited<ReturnType<typeof t.app.inject>> = await t.app.inject({
          url: next,
          headers: await as('t.admin'),
        });
        assert.equal(res.statusCode, 200, res.body);
        const body: { total: number; next: string | null; items: { username: string }[] } = res.json();
        assert.equal(body.total, all);
        seen.push(...body.items.map((u) => u.username));
        next = body.next;
        pages++;
      }
      assert.equal(pages, Math.ceil(all / 100));
      assert.equal(seen.length, all);
      assert.equal(new Set(seen).size, all);
      const own = (
        await t.app.inject({
          url: '/api/v1/users?pageSize=5&role=lao_staff',
          headers: await as('t.own.laoadmin'),
        })
      ).json();
      assert.equal(own.total, EXTRA + 1);
      assert.equal(own.next, '/api/v1/users?pageSize=5&role=lao_staff&page=2');
      assert.ok(own.items.every((u: { laoCode: string }) => u.laoCode === OWN.lao));
    });

    it('refuses a page size over 500 with 400 naming it', async () => {
      const res = await t.app.inject({
        url: '/api/v1/users?pageSize=501',
        headers: { ...(await as('t.admin')), 'accept-language': 'en' },
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errors[0].field, 'pageSize');
    });

    it('pages /admin/users with a pager', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({ url: '/admin/users?page=2', cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      const inLao = EXTRA + 3;
      const shown = /(\d+) ถึง (\d+) จาก (\d+)/.exec(res.body)?.slice(1);
      assert.deepEqual(shown, ['51', '100', String(inLao)]);
      assert.ok(res.body.includes('href="/admin/users?page=3"'), 'a link to page 3');
    });

    it('lists API tokens made in one millisecond newest first, a page at a time', async () => {
      const headers = await as('t.own.staff');
      mock.timers.enable({ apis: ['Date'], now: Date.now() });
      try {
        for (let i = 1; i <= 25; i++) {
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/v1/account/tokens',
            headers,
            payload: { name: `โทเคน ${String(i).padStart(2, '0')}` },
          });
          assert.equal(res.statusCode, 201);
        }
      } finally {
        mock.timers.reset();
      }
      const names = async (query: string) => {
        const res = await t.app.inject({ url: `/api/v1/account/tokens?${query}`, headers });
        assert.equal(res.statusCode, 200, res.body);
        return res.json();
      };
      const p1 = await names('pageSize=10');
      assert.equal(p1.total, 25);
      assert.deepEqual(
        p1.items.map((x: { name: string }) => x.name),
        Array.from({ length: 10 }, (_, i) => `โทเคน ${String(25 - i).padStart(2, '0')}`),
      );
      assert.equal(p1.next, '/api/v1/account/tokens?pageSize=10&page=2');
      const p3 = await names('pageSize=10&page=3');
      assert.deepEqual(
        p3.items.map((x: { name: string }) => x.name),
        ['โทเคน 05', 'โทเคน 04', 'โทเคน 03', 'โทเคน 02', 'โทเคน 01'],
      );
      assert.equal(p3.next, null);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);
