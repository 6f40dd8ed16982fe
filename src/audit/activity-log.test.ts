import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { browserSession, createRoleMatrixUsers, OTHER, OWN, tokenFor } from '../../test/factories.ts';
import { certify, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { registeredRoutes } from '../../test/routes.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { formatDateBE } from '../util/thai-date.ts';
import { isKnownAction, sentence } from './audit.kinds.ts';
import { insertActivity } from './audit.repository.ts';
import { logActivity, purgeActivity } from './audit.service.ts';

const Y = 2569;
const REASON = 'ตัวเลขขยะไม่ตรงกับรายงาน';
const DAY = 24 * 3600_000;
type Item = {
  id: string;
  action: string;
  actionLabel: string;
  sentence: string;
  actorUsername: string | null;
  laoCode: string | null;
  provinceCode: string | null;
  aspectNo: number | null;
};
const visibleText = (html: string) => html.replace(/<[^>]*>/g, ' ');

describe('the catalogue of activity kinds', () => {
  it('knows every action the code logs, so none is shown as a raw code', () => {
    const found = new Set<string>();
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name);
        if (f.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f.name) && !f.name.endsWith('.test.ts')) {
          const text = fs.readFileSync(p, 'utf8');
          // logActivity writes an entry at once; activityWrite builds it for a caller's batch of writes.
          for (const block of text.split(/logActivity\(|activityWrite\(/).slice(1)) {
            const from = block.indexOf('action');
            const end = block
              .slice(from)
              .search(/\n\s+(laoCode|target|detail|ip|provinceCode|sectionNo)\b|target:/);
            const seg = block.slice(from, from + (end < 0 ? 300 : end));
            for (const m of seg.matchAll(/'([a-z]+\.[a-z_]+(?:\.[a-z_]+)?)'/g)) found.add(m[1]!);
          }
        }
      }
    };
    walk(path.resolve('src'));
    for (const level of ['lao', 'province'])
      for (const a of ['certify', 'withdraw', 'return']) found.add(`certification.${level}.${a}`);
    for (const c of ['registered', 'updated', 'verified', 'verification_sent']) found.add(`contact.${c}`);
    const unknown = [...found].filter(
      (a) => !isKnownAction(a) && a !== 'certification.province.withdraw' && a !== 'certification.lao.return',
    );
    assert.deepEqual(unknown, []);
    assert.ok(found.has('record.saved') && found.has('auth.login'));
  });

  it('says who did what to which aspect, in Thai and in English', () => {
    const e = {
      actorUsername: 'x',
      actorRole: 'lao_certifier',
      action: 'certification.lao.certify',
      target: '2569/aspect-4',
      sectionNo: 4,
      detail: null,
    };
    assert.equal(sentence(e, 'th'), 'ผู้รับรองข้อมูล อปท. รับรองข้อมูลด้านที่ 4 ปีงบประมาณ 2569');
    assert.equal(sentence(e, 'en'), 'LAO certifier certified aspect 4 of fiscal year 2569');
    assert.equal(sentence({ ...e, action: 'made.up' }, 'th'), 'ผู้รับรองข้อมูล อปท.: กิจกรรมอื่นของระบบ');
  });
});

describe('retention settings', () => {
  it('refuses at start to keep sign-in records under 90 days, saying why', () => {
    assert.throws(
      () => loadConfig({ ACTIVITY_SIGN_IN_RETENTION_DAYS: '30' }),
      (e: Error) =>
        e instanceof ConfigError && /ACTIVITY_SIGN_IN_RETENTION_DAYS.*at least 90 days/.test(e.message),
    );
    assert.throws(
      () => loadConfig({ ACTIVITY_RETENTION_DAYS: '10' }),
      /ACTIVITY_RETENTION_DAYS.*at least 90/,
    );
    assert.deepEqual(loadConfig({}).activityRetention, { days: null, signInDays: 90 });
    assert.deepEqual(loadConfig({ ACTIVITY_RETENTION_DAYS: '365' }).activityRetention, {
      days: 365,
      signInDays: 90,
    });
  });
});

describeEachDb(
  'the activity log: every kind in words, filters, CSV, scope and retention',
  (t) => {
    const tok: Record<string, string> = {};
    const api = async (who: string, query: string) =>
      t.app.inject({ url: `/api/v1/activity${query}`, headers: { authorization: `Bearer ${tok[who]}` } });
    const items = async (who: string, query: string) => {
      const r = await api(who, query);
      assert.equal(r.statusCode, 200, r.body);
      return r.json().items as Item[];
    };

    before(async () => {
      for (const u of ['t.admin', 't.own.laoadmin', 't.own.certifier', 't.own.province', 't.other.province'])
        tok[u] = await tokenFor(t.app, u);
      await fillAspect(t.app, tok['t.own.laoadmin']!, { lao: OWN.lao, year: Y, aspect: 1 });
      await certify(t.app, tok['t.own.certifier']!, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/years/${Y}/aspects/1/returns`,
        headers: { authorization: `Bearer ${tok['t.own.province']}` },
        payload: { reason: REASON },
      });
      assert.equal(r.statusCode, 201, r.body);
      await logActivity(t.db.kysely, {
        actor: { username: '=HYPERLINK("http://x")', role: null },
        action: 'user.api_token_created',
        target: 'tok',
        laoCode: OWN.lao,
      });
    });

    it('logs saves, certifications, returns and sign-ins, each as a sentence with labels', async () => {
      const all = await items('t.admin', `?lao=${OWN.lao}&pageSize=500`);
      const saved = all.find((i) => i.action === 'record.saved')!;
      assert.equal(saved.aspectNo, 1);
      assert.match(saved.sentence, /^ผู้ดูแลระบบ อปท\. บันทึกชุดข้อมูล \S.* ด้านที่ 1 ปีงบประมาณ 2569/);
      const cert = all.find((i) => i.action === 'certification.lao.certify')!;
      assert.equal(cert.sentence, 'ผู้รับรองข้อมูล อปท. รับรองข้อมูลด้านที่ 1 ปีงบประมาณ 2569');
      assert.equal(cert.actionLabel, 'อปท. รับรองข้อมูล');
      const ret = all.find((i) => i.action === 'certification.province.return')!;
      assert.match(ret.sentence, new RegExp(`ส่งคืนข้อมูลด้านที่ 1 ปีงบประมาณ 2569 ให้ อปท\\. แก้ไข เหตุผล: ${REASON}`));
      assert.ok(all.some((i) => i.action === 'auth.login' && i.sentence === 'ผู้ดูแลระบบ อปท. เข้าสู่ระบบ'));
      const en = await t.app.inject({
        url: `/api/v1/activity?lao=${OWN.lao}&action=certification.lao.certify`,
        headers: { authorization: `Bearer ${tok['t.admin']}`, 'accept-language': 'en' },
      });
      assert.equal(en.json().items[0].sentence, 'LAO certifier certified aspect 1 of fiscal year 2569');
    });

    it('filters by who, by each kind and by kind group, by aspect and by a Buddhist-era date range', async () => {
      const byWho = await items('t.admin', '?who=t.own.certifier&pageSize=500');
      assert.ok(byWho.length > 0 && byWho.every((i) => i.actorUsername === 't.own.certifier'));
      const kind = await items('t.admin', '?action=certification.province.return');
      assert.deepEqual(
        kind.map((i) => i.action),
        ['certification.province.return'],
      );
      const group = await items('t.admin', '?action=certification.&pageSize=500');
      assert.deepEqual([...new Set(group.map((i) => i.action))].sort(), [
        'certification.lao.certify',
        'certification.province.return',
      ]);
      const aspect = await items('t.admin', `?aspect=1&lao=${OWN.lao}&pageSize=500`);
      assert.ok(aspect.length >= 3 && aspect.every((i) => i.aspectNo === 1));
      assert.deepEqual(await items('t.admin', '?aspect=2'), []);
      const today = formatDateBE(new Date());
      const yesterday = formatDateBE(Date.now() - DAY);
      assert.ok((await items('t.admin', `?from=${today}&to=${today}`)).length > 0);
      assert.deepEqual(await items('t.admin', `?to=${yesterday}`), []);
      const bad = await api('t.admin', '?from=31/02/2569&to=01/01/2569');
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad.json().errors.map((e: { field: string }) => e.field),
        ['from'],
      );
      const reversed = await api('t.admin', '?from=02/01/2569&to=01/01/2569');
      assert.equal(reversed.statusCode, 400);
      assert.equal(reversed.json().errors[0].field, 'to');
    });

    it('shows the page in words with every filter, no raw codes, and Thai errors for a bad date', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({ url: '/activity?aspect=1', cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      const text = visibleText(res.body);
      assert.match(text, /ผู้รับรองข้อมูล อปท\. รับรองข้อมูลด้านที่ 1 ปีงบประมาณ 2569/);
      assert.doesNotMatch(text, /certification\.lao\.certify|record\.saved|auth\.login/);
      for (const name of ['who', 'action', 'aspect', 'from', 'to'])
        assert.match(res.body, new RegExp(`name="${name}"`));
      assert.match(res.body, /<option value="certification\.province\.return"/);
      const bad = await t.app.inject({ url: '/activity?from=32/13/2569', cookies: s.cookies });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /วันที่เริ่มต้องเป็นวันที่จริงแบบ วว\/ดด\/ปปปป พ\.ศ\. เช่น 15\/05\/2569/);
      assert.match(bad.body, /value="32\/13\/2569"/);
    });

    it('exports the filtered view as CSV: header in row 1, the LAO only, formulas made inert', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({ url: '/activity.csv', cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      const lines = res.body.replace(/^\ufeff/, '').split('\r\n');
      assert.equal(lines[0], 'วันเวลา,ผู้ใช้,บทบาท,ประเภท,รายละเอียด,อปท.,ด้าน,IP');
      const rows = lines.slice(1).filter(Boolean);
      assert.ok(rows.length >= 4);
      assert.ok(
        rows.every((l) => l.includes(`,${OWN.lao},`)),
        'only the own LAO',
      );
      assert.ok(res.body.includes(`"'=HYPERLINK(""http://x"")"`), 'a formula starts with a quote mark');
      assert.ok(!/(^|,)=HYPERLINK/m.test(res.body));
      const narrowed = await t.app.inject({
        url: '/activity.csv?action=certification.lao.certify',
        cookies: s.cookies,
      });
      assert.equal(
        narrowed.body
          .replace(/^\ufeff/, '')
          .split('\r\n')
          .filter(Boolean).length,
        2,
      );
      assert.match(narrowed.body, /ผู้รับรองข้อมูล อปท\. รับรองข้อมูลด้านที่ 1/);
    });

    it('keeps each role in scope: an LAO never reads another LAO, a province officer only their province', async () => {
      assert.equal((await api('t.own.laoadmin', `?lao=${OTHER.lao}`)).statusCode, 403);
      const s = await browserSession(t.app, 't.own.laoadmin');
      const csv = await t.app.inject({ url: `/activity.csv?lao=${OTHER.lao}`, cookies: s.cookies });
      assert.equal(csv.statusCode, 403);
      const own = await items('t.own.province', '?pageSize=500');
      assert.ok(own.length > 0 && own.every((i) => i.provinceCode === OWN.province));
      assert.equal((await api('t.own.province', `?lao=${OTHER.lao}`)).statusCode, 403);
      const other = await items('t.other.province', '?pageSize=500');
      assert.ok(other.every((i) => i.provinceCode === OTHER.province && i.laoCode !== OWN.lao));
    });

    it('has no route that changes or deletes an entry: every activity route is a read', () => {
      const routes = registeredRoutes(t.app).filter((r) => r.url.includes('activity'));
      assert.ok(routes.length >= 3);
      for (const r of routes) assert.ok(['GET', 'HEAD'].includes(r.method), `${r.method} ${r.url}`);
      const sources: string[] = [];
      const walk = (dir: string) => {
        for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, f.name);
          if (f.isDirectory()) walk(p);
          else if (/\.tsx?$/.test(f.name) && !f.name.endsWith('.test.ts')) sources.push(p);
        }
      };
      walk(path.resolve('src'));
      for (const p of sources) {
        const text = fs.readFileSync(p, 'utf8');
        assert.doesNotMatch(text, /updateTable\('activity_log'\)/, p);
        if (!p.endsWith(path.join('audit', 'audit.repository.ts')))
          assert.doesNotMatch(text, /deleteFrom\('activity_log'\)/, p);
      }
    });

    it('purges past retention once a day, keeping sign-in records at least 90 days (moved clock)', async () => {
      const now = new Date(Date.now() + 2 * DAY);
      const entry = (id: string, action: string, daysAgo: number) =>
        insertActivity(t.db.kysely, {
          id,
          at: new Date(now.getTime() - daysAgo * DAY).toISOString(),
          actor_id: null,
          actor_username: 'old.user',
          actor_role: null,
          action,
          lao_code: OWN.lao,
          province_code: OWN.province,
          target: null,
          detail_json: null,
          ip: null,
          section_no: null,
        }).execute();
      await entry('00000000-0000-7000-8000-000000000001', 'auth.login', 100);
      await entry('00000000-0000-7000-8000-000000000002', 'auth.login', 85);
      await entry('00000000-0000-7000-8000-000000000003', 'record.saved', 400);
      const ids = async () =>
        (
          await t.db.kysely
            .selectFrom('activity_log')
            .select('id')
            .where('actor_username', '=', 'old.user')
            .execute()
        )
          .map((r) => r.id)
          .sort();
      // A setting below 90 days (which the config refuses) still keeps sign-ins 90 days.
      const cfg = { activityRetention: { days: null, signInDays: 30 } };
      const first = await purgeActivity(t.db.kysely, cfg, { now });
      assert.equal(first.skipped, null);
      assert.deepEqual(await ids(), [
        '00000000-0000-7000-8000-000000000002',
        '00000000-0000-7000-8000-000000000003',
      ]);
      const again = await purgeActivity(t.db.kysely, cfg, { now, node: 'other-node' });
      assert.equal(again.skipped, 'already_done');
      const later = new Date(now.getTime() + 6 * DAY);
      const r = await purgeActivity(
        t.db.kysely,
        { activityRetention: { days: 365, signInDays: 90 } },
        { now: later },
      );
      assert.equal(r.deleted, 2);
      assert.deepEqual(await ids(), []);
      const logged = await items('t.admin', '?action=audit.purged');
      assert.ok(logged.length >= 1);
      assert.match(logged[0]!.sentence, /^ระบบลบประวัติการดำเนินการที่เกินระยะเวลาเก็บ \d+ รายการ$/);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);
