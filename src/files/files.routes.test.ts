import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { before, it } from 'node:test';
import { bearers, browserSession, createRoleMatrixUsers, OTHER, OWN } from '../../test/factories.ts';
import { certify, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { multipart } from '../../test/multipart.ts';
import { ORPHAN_AGE_MS, sweepOrphanBlobs } from './files.service.ts';

const Y = 2569;
const DS = 'village-water-supply';
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n% ทดสอบ\n'),
  Buffer.alloc(2000, 0x20),
  Buffer.from('\n%%EOF\n'),
]);
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(500)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);

describeEachDb(
  'evidence files on a water-supply row',
  (t) => {
    const as = bearers(t);
    const url = `/api/v1/laos/${OWN.lao}/years/${Y}/datasets/${DS}`;
    let rowId = '';
    let fileId = '';

    const upload = async (who: string, name: string, data: Buffer, q = `?rowId=${rowId}`) => {
      const m = multipart(name, data);
      return t.app.inject({
        method: 'POST',
        url: `${url}/files${q}`,
        headers: { ...m.headers, ...(await as(who)) },
        payload: m.payload,
      });
    };

    before(async () => {
      const admin = await as('t.own.laoadmin');
      await fillAspect(t.app, admin.authorization.slice(7), { lao: OWN.lao, year: Y, aspect: 5 });
      const d = await t.app.inject({ url, headers: admin });
      rowId = d.json().rows[0].id;
    });

    it('attaches a PDF to a row and lists it', async () => {
      const res = await upload('t.own.laoadmin', 'รายงาน ประปา.pdf', PDF);
      assert.equal(res.statusCode, 201, res.body);
      const f = res.json().items[0];
      assert.equal(f.mediaType, 'application/pdf');
      assert.equal(f.ownerKind, 'row');
      assert.equal(f.ownerId, rowId);
      fileId = f.id;
      const list = await t.app.inject({ url: `${url}/files`, headers: await as('t.own.province') });
      assert.equal(list.statusCode, 200);
      assert.equal(list.json().items[0].id, fileId);
    });

    it('serves the PDF to the LAO and the province with safe headers, not to another LAO nor the public', async () => {
      for (const who of ['t.own.laoadmin', 't.own.staff', 't.own.province', 't.admin']) {
        const res = await t.app.inject({ url: `/api/v1/files/${fileId}`, headers: await as(who) });
        assert.equal(res.statusCode, 200, `${who}: ${res.body}`);
        assert.equal(res.headers['content-type'], 'application/pdf');
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.match(String(res.headers['content-security-policy']), /sandbox/);
        assert.match(String(res.headers['cache-control']), /private/);
        assert.match(
          String(res.headers['content-disposition']),
          /^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''%E0%B8%A3/,
        );
        assert.ok(res.rawPayload.equals(PDF));
      }
      for (const who of ['t.other.laoadmin', 't.other.province']) {
        const res = await t.app.inject({ url: `/api/v1/files/${fileId}`, headers: await as(who) });
        assert.equal(res.statusCode, 403, who);
      }
      assert.equal((await t.app.inject({ url: `/api/v1/files/${fileId}` })).statusCode, 401);
      const page = await t.app.inject({ url: `/files/${fileId}` });
      assert.equal(page.statusCode, 303);
    });

    it('refuses a renamed executable, changing nothing', async () => {
      const res = await upload('t.own.laoadmin', 'report.pdf', EXE);
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.body, /PDF, JPEG หรือ PNG/);
      const list = await t.app.inject({ url: `${url}/files`, headers: await as('t.own.laoadmin') });
      assert.equal(list.json().total, 1);
    });

    it('refuses a large renamed executable from its first bytes', async () => {
      const res = await upload(
        't.own.laoadmin',
        'setup.jpg',
        Buffer.concat([EXE, Buffer.alloc(3 * 1024 * 1024)]),
      );
      assert.equal(res.statusCode, 422, res.body);
    });

    it('refuses a file over 10 MB with 413 and says the limit', async () => {
      const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 10)]);
      const res = await upload('t.own.laoadmin', 'big.pdf', big);
      assert.equal(res.statusCode, 413, res.body);
      assert.match(res.body, /10 MB/);
    });

    it('refuses an eleventh file of a row with a message naming the limit', async () => {
      for (let i = 0; i < 9; i++) {
        const r = await upload('t.own.laoadmin', `p${i}.png`, Buffer.concat([PNG, Buffer.from([i])]));
        assert.equal(r.statusCode, 201, r.body);
      }
      const res = await upload('t.own.laoadmin', 'p10.png', PNG);
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.body, /ไม่เกิน 10 ไฟล์/);
    });

    it('refuses uploads from those who may not record the data set', async () => {
      for (const who of ['t.own.province', 't.other.laoadmin', 't.own.certifier']) {
        const res = await upload(who, 'a.pdf', PDF);
        assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
      }
    });

    it('refuses a sender’s 61st upload in an hour with 429 and Retry-After', async () => {
      for (let i = 0; i < 60; i++) {
        const r = await upload('t.admin', 'x.pdf', EXE);
        assert.equal(r.statusCode, 422, r.body);
      }
      const res = await upload('t.admin', 'x.pdf', PDF);
      assert.equal(res.statusCode, 429, res.body);
      assert.ok(Number(res.headers['retry-after']) > 0);
    });

    it('shows the files on the data set page with an upload form whose first field is the CSRF token', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const page = await t.app.inject({
        url: `/laos/${OWN.lao}/years/${Y}/datasets/${DS}`,
        cookies: s.cookies,
      });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`href="/files/${fileId}"`));
      assert.match(page.body, /enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf"/);
    });

    it('uploads through the page form and refuses it without the token', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const pageUrl = `/laos/${OWN.lao}/years/${Y}/datasets/${DS}/files`;
      const d = await t.app.inject({ url, headers: await as('t.own.laoadmin') });
      const second = d.json().rows[1].id;
      const m = multipart('photo.png', PNG, 'file', { _csrf: s.csrf, rowId: second });
      const ok = await t.app.inject({ method: 'POST', url: pageUrl, cookies: s.cookies, ...m });
      assert.equal(ok.statusCode, 303, ok.body);
      const bad = multipart('photo.png', PNG, 'file', { rowId: second });
      const no = await t.app.inject({ method: 'POST', url: pageUrl, cookies: s.cookies, ...bad });
      assert.equal(no.statusCode, 403);
      const exe = multipart('setup.png', EXE, 'file', { _csrf: s.csrf, rowId: second });
      const refused = await t.app.inject({ method: 'POST', url: pageUrl, cookies: s.cookies, ...exe });
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /govuk-error-summary/);
    });

    it('keeps a deleted row’s files, shown with the history, and removes a file through a confirm page', async () => {
      const admin = await as('t.own.laoadmin');
      const d = (await t.app.inject({ url, headers: admin })).json();
      const put = await t.app.inject({
        method: 'PUT',
        url,
        headers: admin,
        payload: { version: d.version, rows: d.rows.slice(1) },
      });
      assert.equal(put.statusCode, 200, put.body);
      const list = await t.app.inject({ url: `${url}/files`, headers: admin });
      assert.ok(list.json().items.some((f: { id: string }) => f.id === fileId));
      const s = await browserSession(t.app, 't.own.laoadmin');
      const page = await t.app.inject({
        url: `/laos/${OWN.lao}/years/${Y}/datasets/${DS}`,
        cookies: s.cookies,
      });
      assert.match(page.body, /ไฟล์ของแถวที่ลบแล้ว/);
      const rm = `/laos/${OWN.lao}/years/${Y}/files/${fileId}/remove`;
      const ask = await t.app.inject({ url: rm, cookies: s.cookies });
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /ลบไฟล์นี้/);
      const done = await t.app.inject({
        method: 'POST',
        url: rm,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, confirmed: 'yes' },
      });
      assert.equal(done.statusCode, 303, done.body);
      const gone = await t.app.inject({ url: `/api/v1/files/${fileId}`, headers: admin });
      assert.equal(gone.statusCode, 404);
      const log = await t.db.kysely
        .selectFrom('activity_log')
        .select('action')
        .where('action', 'like', 'evidence.%')
        .execute();
      assert.ok(log.some((l) => l.action === 'evidence.removed'));
      assert.ok(log.some((l) => l.action === 'evidence.attached'));
    });

    it('serves a row’s file to the public only once the aspect is certified', async () => {
      const admin = await as('t.own.laoadmin');
      const d = (await t.app.inject({ url, headers: admin })).json();
      const res = await upload('t.own.laoadmin', 'ok.pdf', PDF, `?rowId=${d.rows[0].id}`);
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json().items[0].id;
      assert.equal((await t.app.inject({ url: `/api/v1/files/${id}` })).statusCode, 401);
      await fillAspect(t.app, admin.authorization.slice(7), { lao: OWN.lao, year: Y, aspect: 5, skip: [DS] });
      await certify(t.app, (await as('t.own.certifier')).authorization.slice(7), {
        lao: OWN.lao,
        year: Y,
        aspect: 5,
        level: 'lao',
      });
      const pub = await t.app.inject({ url: `/api/v1/files/${id}` });
      assert.equal(pub.statusCode, 200, pub.body);
      assert.match(String(pub.headers['cache-control']), /public/);
      const other = await t.app.inject({ url: `/files/${id}`, headers: await as('t.other.laoadmin') });
      assert.equal(other.statusCode, 200);
      void OTHER;
    });

    it('sweeps blobs no row names and stale temporary files, older than an hour; keeps attached and fresh ones', async () => {
      const root = path.join(t.config.dataDir, 'files');
      const rows = (await t.app.inject({ url, headers: await as('t.own.laoadmin') })).json().rows;
      const up = await upload('t.own.laoadmin', 'kept.png', PNG, `?rowId=${rows[0].id}`);
      assert.equal(up.statusCode, 201, up.body);
      const attached = await t.db.kysely
        .selectFrom('evidence_file')
        .select(['id', 'sha256'])
        .where('id', '=', up.json().items[0].id)
        .executeTakeFirstOrThrow();
      const orphan = 'ab'.repeat(32);
      const fresh = 'cd'.repeat(32);
      const write = async (rel: string, ageMs: number) => {
        const file = path.join(root, rel);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, PDF);
        const at = new Date(Date.now() - ageMs);
        await fs.utimes(file, at, at);
        return file;
      };
      const hour = ORPHAN_AGE_MS;
      const orphanFile = await write(`ab/${orphan}`, 2 * hour);
      const freshFile = await write(`cd/${fresh}`, 60_000);
      const staleTmp = await write('tmp/interrupted', 2 * hour);
      const attachedFile = path.join(root, attached.sha256.slice(0, 2), attached.sha256);
      const old = new Date(Date.now() - 3 * hour);
      await fs.utimes(attachedFile, old, old);
      const r = await sweepOrphanBlobs(t.db.kysely, t.config.dataDir);
      assert.deepEqual(r, { blobs: 1, temporary: 1 });
      const exists = (f: string) =>
        fs.stat(f).then(
          () => true,
          () => false,
        );
      assert.equal(await exists(orphanFile), false);
      assert.equal(await exists(staleTmp), false);
      assert.equal(await exists(freshFile), true);
      assert.equal(await exists(attachedFile), true);
      const res = await t.app.inject({
        url: `/api/v1/files/${attached.id}`,
        headers: await as('t.own.laoadmin'),
      });
      assert.equal(res.statusCode, 200, res.body);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);
