/**
 * No page shows a code where a person expects words (issue 16): a crawl of every page kind the app registers
 * (each GET page route, its parameters filled from the own scope as in the route matrix), in Thai, as the
 * central administrator and as the own LAO's administrator, after data was recorded, certified and returned.
 * The visible text (tags, scripts, attribute values and deliberate <code> left out) must hold no activity kind
 * (certification.lao.certify), no role code, no catalog option code (asphalt, in_progress) and no other
 * snake_case code.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { knownActions } from '../src/audit/audit.kinds.ts';
import { getCatalog } from '../src/catalog/catalog.service.ts';
import { roles } from '../src/policy/policy.ts';
import { browserSession, OWN, tokenFor } from './factories.ts';
import { certify, fillAllAspects } from './fill.ts';
import { describeEachDb } from './harness.ts';
import { expectations } from './route-matrix.expectations.ts';
import { concreteUrl, prepareRouteTargets, registeredRoutes } from './routes.ts';

const Y = 2569;
/** Routes that are not pages a person reads (files, machine documents, redirects). */
const notAPage = /^\/(api|assets|metrics|healthz)\b|\.(csv|xlsx|json)$|\/(logout|download)\b|\/files\//;

/**
 * The text a person reads as words: the page without its tags, scripts, styles and attribute values, and
 * without what it shows as a code on purpose, in a <code> beside its label (the catalog page documents the
 * option codes an import file may use).
 */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style|code)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

/** The codes a Thai page must never show, and the ASCII words of a text (usernames and addresses stay whole). */
export function rawCodesIn(text: string, codes: ReadonlySet<string>): string[] {
  const words = text.split(/[^A-Za-z0-9_.@-]+/).map((w) => w.replace(/^[.-]+|[.-]+$/g, ''));
  return [...new Set(words.filter((w) => codes.has(w) || /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(w)))];
}

/**
 * The wording slips issue 16 names: a second name for the LAO certifier, Pattaya named twice, a rubric
 * "revision 0", and the roads example on a data set that is not about roads.
 */
export function wordingSlips(text: string, url: string): string[] {
  const out: string[] = [];
  if (text.includes('ผู้บริหาร อปท.')) out.push('"ผู้บริหาร อปท." (the role is ผู้รับรองข้อมูล อปท.)');
  if (text.includes('เมืองพัทยา (เมืองพัทยา)')) out.push('"เมืองพัทยา (เมืองพัทยา)"');
  if (/\(ฉบับ 0\)/.test(text)) out.push('"(ฉบับ 0)"');
  if (text.includes('ไม่มีถนนในความรับผิดชอบ') && !url.includes('local-roads'))
    out.push('a roads example off the roads set');
  return out;
}

describeEachDb('no raw codes on any page kind in Thai', (t) => {
  const codes = new Set<string>();
  const ids: Record<string, string> = {};
  before(async () => {
    Object.assign(ids, await prepareRouteTargets(t.db.kysely));
    const admin = await tokenFor(t.app, 't.own.laoadmin');
    await fillAllAspects(t.app, admin, { lao: OWN.lao, year: Y });
    await certify(t.app, await tokenFor(t.app, 't.own.certifier'), {
      lao: OWN.lao,
      year: Y,
      aspect: 1,
      level: 'lao',
    });
    const ret = await t.app.inject({
      method: 'POST',
      url: `/api/v1/laos/${OWN.lao}/years/${Y}/aspects/1/returns`,
      headers: { authorization: `Bearer ${await tokenFor(t.app, 't.own.province')}` },
      payload: { reason: 'ตัวเลขขยะไม่ตรงกับรายงาน' },
    });
    assert.equal(ret.statusCode, 201, ret.body);
    for (const a of knownActions) codes.add(a);
    for (const r of roles) codes.add(r);
    const catalog = await getCatalog(t.db.kysely, Y);
    for (const s of catalog.sections)
      for (const d of s.datasets) for (const f of d.fields) for (const o of f.options) codes.add(o.value);
  });

  it('finds none in the visible text of every page, as the centre and as the LAO', async () => {
    const pages = registeredRoutes(t.app).filter((r) => r.method === 'GET' && !notAPage.test(r.url));
    assert.ok(pages.length > 40, `only ${pages.length} page routes found`);
    const sessions = {
      admin: (await browserSession(t.app, 't.admin')).cookies,
      lao: (await browserSession(t.app, 't.own.laoadmin')).cookies,
    };
    const found: string[] = [];
    let read = 0;
    for (const r of pages) {
      const e = expectations[`GET ${r.url}`];
      if (!e) continue; // the route matrix fails for a route without its expectation
      const url = concreteUrl(r, e, ids).replace(/\b2570\b/, String(Y));
      for (const [who, cookies] of Object.entries(sessions)) {
        const res = await t.app.inject({ url, cookies });
        if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
        read++;
        const text = visibleText(res.body);
        const bad = [...rawCodesIn(text, codes), ...wordingSlips(text, url)];
        if (bad.length) found.push(`${url} (${who}): ${bad.join(', ')}`);
      }
    }
    assert.ok(read > 60, `only ${read} pages read`);
    assert.deepEqual(found, []);
  });

  it('the scan itself sees a raw code, an option code and a snake_case code', () => {
    const text = visibleText(
      '<p title="lao_certifier">ผู้รับรองข้อมูล อปท. certification.lao.certify ถนน asphalt สถานะ in_progress</p>',
    );
    assert.deepEqual(rawCodesIn(text, new Set(['certification.lao.certify', 'asphalt'])), [
      'certification.lao.certify',
      'asphalt',
      'in_progress',
    ]);
    assert.deepEqual(
      rawCodesIn(visibleText('<p>t.own.staff · info@lao.go.th · lao-info</p>'), new Set()),
      [],
    );
  });
});
