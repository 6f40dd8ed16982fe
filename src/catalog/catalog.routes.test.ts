import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDb } from '../../test/harness.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { ensureDefaultCatalog } from './catalog.service.ts';

const keys = (o: object) => Object.keys(o).sort();

describeEachDb(
  'catalog API',
  (t) => {
    it('lists aspects 1–8 of FY 2569, each with at least 3 data sets, and the debt report', async () => {
      const res = await t.app.inject({ url: '/api/v1/catalog?year=2569' });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.year, 2569);
      const aspects = body.sections.filter((s: { kind: string }) => s.kind === 'aspect');
      assert.deepEqual(
        aspects.map((s: { no: number }) => s.no),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
      for (const s of aspects) assert.ok(s.datasets.length >= 3, `aspect ${s.no}: ${s.datasets.length}`);
      const debt = body.sections.find((s: { kind: string }) => s.kind === 'report');
      assert.equal(debt.nameTh, 'รายงานเกี่ยวกับหนี้ขององค์กรปกครองส่วนท้องถิ่น');
      assert.ok(debt.datasets.length >= 2);
    });

    it('returns exactly the documented shape', async () => {
      const body = (await t.app.inject({ url: '/api/v1/catalog?year=2569' })).json();
      assert.deepEqual(keys(body), ['sections', 'year']);
      const section = body.sections.find((s: { no: number }) => s.no === 1);
      assert.deepEqual(keys(section), ['aliasesTh', 'datasets', 'key', 'kind', 'nameEn', 'nameTh', 'no']);
      const waste = section.datasets.find((d: { id: string }) => d.id === 'waste-management');
      assert.deepEqual(keys(waste), [
        'appliesTo',
        'fields',
        'id',
        'kind',
        'nameEn',
        'nameTh',
        'rules',
        'source',
      ]);
      assert.deepEqual(waste.fields[0], {
        key: 'generatedTonsPerDay',
        labelTh: 'ปริมาณขยะที่เกิดขึ้น',
        labelEn: 'Waste generated',
        type: 'decimal',
        unit: 'ตัน/วัน',
        required: true,
        min: 0,
        max: 20000,
        decimals: 2,
        pattern: null,
        options: [],
      });
      const method = waste.fields.find((f: { key: string }) => f.key === 'disposalMethod');
      assert.deepEqual(method.options[0], {
        value: 'sanitary_landfill',
        labelTh: 'ฝังกลบถูกหลักวิชาการ',
        labelEn: 'Sanitary landfill',
      });
      assert.deepEqual(keys(waste.rules[0]), ['id', 'messageEn', 'messageTh', 'severity']);
      const types = new Set(
        body.sections.flatMap((s: { datasets: { fields: { type: string }[] }[] }) =>
          s.datasets.flatMap((d) => d.fields.map((f) => f.type)),
        ),
      );
      for (const type of types)
        assert.ok(
          ['integer', 'decimal', 'text', 'enum', 'multi_enum', 'boolean', 'date', 'geo'].includes(
            type as string,
          ),
        );
    });

    it('defaults to the current fiscal year', async () => {
      const res = await t.app.inject({ url: '/api/v1/catalog' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().year, fiscalYearOf());
    });

    it('rejects a bad year with a 400 naming it', async () => {
      const res = await t.app.inject({ url: '/api/v1/catalog?year=25x9' });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errors[0].field, 'year');
      assert.match(res.json().detail, /year/);
    });

    it('answers a year without a catalog with a 404 listing the years there are', async () => {
      const res = await t.app.inject({
        url: '/api/v1/catalog?year=2560',
        headers: { 'accept-language': 'en' },
      });
      assert.equal(res.statusCode, 404);
      assert.match(res.headers['content-type'] as string, /problem\+json/);
      assert.match(res.json().detail, /No catalog for fiscal year 2560 \(years: 2568, 2569, 2570/);
    });

    it('returns one data set with its section, description and every field detail', async () => {
      const res = await t.app.inject({ url: '/api/v1/catalog/datasets/waste-management?year=2569' });
      assert.equal(res.statusCode, 200);
      const d = res.json();
      assert.equal(d.year, 2569);
      assert.deepEqual(d.section, {
        no: 1,
        key: 'aspect-1',
        nameTh: 'สาธารณสุขและสิ่งแวดล้อม',
        nameEn: 'Public health and environment',
        kind: 'aspect',
      });
      assert.equal(d.fields[0].unitEn, 't/day');
      assert.deepEqual(d.rules[0].check, {
        op: 'lte',
        left: 'collectedTonsPerDay',
        right: 'generatedTonsPerDay',
      });
      assert.deepEqual(d.archivedFields, []);
    });

    it('answers an unknown data set with a 404 and a bad id with a 400', async () => {
      const missing = await t.app.inject({ url: '/api/v1/catalog/datasets/no-such-set?year=2569' });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json().detail, /no-such-set/);
      const bad = await t.app.inject({ url: '/api/v1/catalog/datasets/Bad_Id' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'id');
    });

    it('is listed in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
      assert.ok(doc.paths['/api/v1/catalog']);
      assert.ok(doc.paths['/api/v1/catalog/datasets/{id}']);
    });
  },
  {
    // The default year must exist whatever today's date is.
    setup: async (t) => {
      await ensureDefaultCatalog(t.db.kysely, [fiscalYearOf()]);
    },
  },
);

/** The page's main content, without the menus (which name every section). */
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describeEachDb('catalog pages', (t) => {
  it('lists the sections and data sets of a year in Thai, in accessible tables', async () => {
    const res = await t.app.inject({ url: '/catalog?year=2569' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="th"/);
    assert.match(res.body, /ด้านที่ 1 สาธารณสุขและสิ่งแวดล้อม/);
    assert.match(res.body, /รายงานเกี่ยวกับหนี้ขององค์กรปกครองส่วนท้องถิ่น/);
    assert.match(res.body, /href="\/catalog\/2569\/datasets\/waste-management"/);
    assert.match(res.body, /<caption/);
    assert.match(res.body, /<th scope="col"/);
    assert.match(res.body, /<th scope="row"/);
    assert.match(res.body, /<option value="2569" selected/);
  });

  it('finds a section by another name it is known by (aspect 2 as วัฒนธรรมและการศึกษา, section 9 as รายงานเกี่ยวกับพื้นที่)', async () => {
    const aspect2 = await t.app.inject({
      url: `/catalog?year=2569&q=${encodeURIComponent('วัฒนธรรมและการศึกษา')}`,
    });
    assert.equal(aspect2.statusCode, 200);
    assert.match(aspect2.body, /ด้านที่ 2 นวัตกรรมและการศึกษา/);
    assert.match(aspect2.body, /ชื่ออื่น: &quot;วัฒนธรรมและการศึกษา&quot;/);
    assert.doesNotMatch(main(aspect2.body), /ด้านที่ 1 สาธารณสุขและสิ่งแวดล้อม/);
    assert.match(aspect2.body, /id="search-result"[^>]*>พบ \d+ ชุดข้อมูล/);
    const debt = await t.app.inject({ url: `/catalog?year=2569&q=${encodeURIComponent('รายงานเกี่ยวกับพื้นที่')}` });
    assert.match(debt.body, /รายงานเกี่ยวกับหนี้ขององค์กรปกครองส่วนท้องถิ่น/);
    assert.doesNotMatch(main(debt.body), /ด้านที่ 2 นวัตกรรม/);
    const api = (
      await t.app.inject({ url: `/api/v1/catalog?year=2569&q=${encodeURIComponent('วัฒนธรรมและการศึกษา')}` })
    ).json();
    assert.deepEqual(
      api.sections.map((x: { no: number }) => x.no),
      [2],
    );
    assert.ok(api.sections[0].aliasesTh.includes('วัฒนธรรมและการศึกษา'));
  });

  it('finds data sets by a field label, says when nothing is found, and bounds the search text', async () => {
    const field = await t.app.inject({ url: `/catalog?year=2569&q=${encodeURIComponent('ปริมาณขยะที่เกิดขึ้น')}` });
    assert.match(field.body, /href="\/catalog\/2569\/datasets\/waste-management"/);
    assert.doesNotMatch(field.body, /href="\/catalog\/2569\/datasets\/local-roads"/);
    const none = await t.app.inject({ url: `/catalog?year=2569&q=${encodeURIComponent('ไม่มีสิ่งนี้แน่นอน')}` });
    assert.equal(none.statusCode, 200);
    assert.match(none.body, /ไม่พบด้านหรือชุดข้อมูล/);
    const long = await t.app.inject({ url: `/catalog?year=2569&q=${'ก'.repeat(101)}` });
    assert.equal(long.statusCode, 400);
  });

  it('shows every field of a data set with type, unit, range, options and its rules', async () => {
    const res = await t.app.inject({ url: '/catalog/2569/datasets/waste-management' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /การจัดการขยะมูลฝอย/);
    assert.match(res.body, /ปริมาณขยะที่เกิดขึ้น/);
    assert.match(res.body, /ตัน\/วัน/);
    assert.match(res.body, /0 – 20,000; ทศนิยมไม่เกิน 2 ตำแหน่ง/);
    assert.match(res.body, /ฝังกลบถูกหลักวิชาการ/);
    assert.match(res.body, /ปริมาณขยะที่เก็บขนได้ ≤ ปริมาณขยะที่เกิดขึ้น/);
  });

  it('speaks English with ?lang=en', async () => {
    const res = await t.app.inject({ url: '/catalog/2569/datasets/waste-management?lang=en' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="en"/);
    assert.match(res.body, /Solid waste management/);
    assert.match(res.body, /Waste collected ≤ Waste generated/);
  });

  it('renders a 404 page for an unknown data set or year', async () => {
    const res = await t.app.inject({ url: '/catalog/2569/datasets/no-such-set' });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /ไม่พบชุดข้อมูล no-such-set/);
    assert.equal((await t.app.inject({ url: '/catalog?year=2560' })).statusCode, 404);
  });
});
