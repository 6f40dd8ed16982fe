import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import jsonld from 'jsonld';
import { describeEachDb } from '../../test/harness.ts';
import { getCatalog } from '../catalog/catalog.service.ts';
import { seedNationwide } from '../seed/nationwide.service.ts';
import { parseCsv } from '../util/csv.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const KEYWORDS = new Set(['@context', '@id', '@type', '@value', '@language']);
const absoluteIri = /^https?:\/\/[^\s<>"{}|\\^`]+$/;

/**
 * A strict check that a document is JSON-LD a processor expands without a remote context and without dropping
 * anything: every property is a compact IRI whose prefix the inline context defines (so no key is silently
 * dropped on expansion), every @id an absolute IRI, every @type a defined compact IRI, every value object a
 * @value with either a BCP 47 @language or a defined @type. Returns the problems found.
 */
function jsonLdProblems(doc: { [k: string]: Json }): string[] {
  const problems: string[] = [];
  const ctx = doc['@context'];
  if (!ctx || typeof ctx !== 'object' || Array.isArray(ctx)) return ['@context must be an inline object'];
  const prefixes = new Map<string, string>();
  for (const [p, iri] of Object.entries(ctx)) {
    if (typeof iri !== 'string' || !absoluteIri.test(iri))
      problems.push(`prefix ${p} is not an absolute IRI`);
    else prefixes.set(p, iri);
  }
  const compact = (s: string) => {
    const [prefix, ...rest] = s.split(':');
    return prefixes.has(prefix!) && rest.join(':').length > 0;
  };
  const visit = (node: Json, path: string, top = false) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => {
        visit(n, `${path}[${i}]`);
      });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    if ('@value' in node) {
      const extra = Object.keys(node).filter((k) => !['@value', '@language', '@type'].includes(k));
      if (extra.length) problems.push(`${path}: value object with ${extra.join(',')}`);
      if ('@language' in node && '@type' in node) problems.push(`${path}: both @language and @type`);
      if ('@language' in node && !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(String(node['@language'])))
        problems.push(`${path}: bad @language`);
      if ('@type' in node && !compact(String(node['@type']))) problems.push(`${path}: undefined @type`);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '@context') {
        if (!top) problems.push(`${path}: nested @context`);
        continue;
      }
      if (KEYWORDS.has(key)) {
        if (key === '@id' && (typeof value !== 'string' || !absoluteIri.test(value)))
          problems.push(`${path}.@id is not an absolute IRI: ${value}`);
        if (key === '@type' && (typeof value !== 'string' || !compact(value)))
          problems.push(`${path}.@type is not a defined term: ${value}`);
        continue;
      }
      if (!compact(key)) problems.push(`${path}: property ${key} has no prefix in the context`);
      visit(value, `${path}.${key}`);
    }
  };
  visit(doc, '$', true);
  return problems;
}

// ภูเก็ต (83): 19 LAOs, FY 2569 partly certified and FY 2568 certified, seeded with the nationwide generator.
describeEachDb('The open data: /api/v1/opendata/catalog and /opendata pages', (ctx) => {
  before(async () => {
    await seedNationwide(ctx.db.kysely, { year: 2569, fill: 0.85, seed: 7, provinces: ['83'] });
  });

  /** The data sets with certified rows in a year, from the tables (rows of certified aspects, complete records elsewhere). */
  async function publishedIds(year: number) {
    const k = ctx.db.kysely;
    const catalog = await getCatalog(k, year);
    const ids = new Set<string>();
    for (const d of catalog.datasets) {
      const section = catalog.sectionOf(d.id)!;
      const rows =
        section.kind === 'aspect'
          ? await k
              .selectFrom('dataset_row as r')
              .innerJoin('aspect_status as a', (j) =>
                j
                  .onRef('a.lao_code', '=', 'r.lao_code')
                  .onRef('a.year', '=', 'r.year')
                  .on('a.section_no', '=', section.no),
              )
              .select('r.lao_code')
              .where('r.year', '=', year)
              .where('r.dataset_id', '=', d.id)
              .where('a.lao_certified_at', 'is not', null)
              .where('a.changed_after_certification_at', 'is', null)
              .limit(1)
              .execute()
          : await k
              .selectFrom('dataset_record')
              .select('lao_code')
              .where('year', '=', year)
              .where('dataset_id', '=', d.id)
              .where('status', '=', 'complete')
              .where('row_count', '>', 0)
              .limit(1)
              .execute();
      if (rows.length) ids.add(d.id);
    }
    return ids;
  }

  it('is valid JSON-LD (DCAT) listing every data set with certified data, with the GD-Catalog fields', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/opendata/catalog' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/ld\+json/);
    const doc = res.json();
    assert.deepEqual(jsonLdProblems(doc), []);
    // A real JSON-LD processor in safe mode (it throws on any term, IRI or value it would drop), with no remote
    // document allowed: the catalog expands and turns into RDF whole.
    const noRemote = async (url: string) => {
      throw new Error(`remote context ${url} fetched`);
    };
    const expanded = await jsonld.expand(doc, {
      safe: true,
      documentLoader: noRemote,
    } as jsonld.Options.Expand);
    assert.equal(expanded.length, 1);
    const quads = (await jsonld.toRDF(doc, {
      format: 'application/n-quads',
      safe: true,
      documentLoader: noRemote,
    } as jsonld.Options.ToRdf)) as unknown as string;
    assert.match(quads, /<http:\/\/www\.w3\.org\/ns\/dcat#Catalog>/);
    assert.ok(quads.split('\n').length > 100, 'the catalog becomes many statements');
    assert.equal(doc['@type'], 'dcat:Catalog');
    assert.equal(doc['@context'].dcat, 'http://www.w3.org/ns/dcat#');
    const ids = new Set<string>(
      doc['dcat:dataset'].map((d: { 'dct:identifier': string }) => d['dct:identifier']),
    );
    const want = new Set([...(await publishedIds(2569)), ...(await publishedIds(2568))]);
    assert.ok(want.size > 10, `many data sets have certified data (${want.size})`);
    assert.deepEqual([...ids].sort(), [...want].sort());
    const roads = doc['dcat:dataset'].find(
      (d: { 'dct:identifier': string }) => d['dct:identifier'] === 'local-roads',
    );
    for (const f of [
      'gdc:objective',
      'gdc:update_frequency_unit',
      'gdc:geo_coverage',
      'gdc:data_category',
      'gdc:license',
    ])
      assert.ok(roads[f], f);
    assert.equal(roads['dct:license']['@id'], 'https://creativecommons.org/licenses/by/4.0/');
    assert.match(roads['@id'], /\/opendata\/local-roads$/);
    const csv = roads['dcat:distribution'].find((x: { 'dct:format': string }) => x['dct:format'] === 'CSV');
    assert.match(
      csv['dcat:downloadURL']['@id'],
      /\/api\/v1\/exports\/datasets\/local-roads\.csv\?year=25\d\d$/,
    );
    assert.equal(csv['dct:temporal']['dcat:startDate']['@type'], 'xsd:date');
  });

  it('downloads what a distribution names: the data set’s certified rows of that year', async () => {
    const doc = (await ctx.app.inject({ url: '/api/v1/opendata/catalog' })).json();
    const roads = doc['dcat:dataset'].find(
      (d: { 'dct:identifier': string }) => d['dct:identifier'] === 'local-roads',
    );
    const url = new URL(roads['dcat:distribution'][0]['dcat:downloadURL']['@id']);
    const res = await ctx.app.inject({ url: `${url.pathname}${url.search}` });
    assert.equal(res.statusCode, 200);
    const [header, ...rows] = parseCsv(res.body.slice(1));
    assert.equal(header![0], 'ปีงบประมาณ', 'the header in row 1');
    assert.ok(rows.length > 0);
  });

  it('shows each data set’s public page: licence, attribution, downloads per year, code lists', async () => {
    const index = await ctx.app.inject({ url: '/opendata' });
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /href="\/opendata\/local-roads"/);
    assert.match(index.body, /creativecommons\.org\/licenses\/by\/4\.0/);
    const page = await ctx.app.inject({ url: '/opendata/local-roads' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /กรมส่งเสริมการปกครองท้องถิ่น/);
    assert.match(page.body, /href="\/api\/v1\/exports\/datasets\/local-roads\.csv\?year=2569"/);
    assert.match(page.body, /href="\/api\/v1\/exports\/datasets\/local-roads\.xlsx\?year=2568"/);
    assert.match(page.body, /ประเภทผิวจราจร \(รหัส\)/);
    const none = await ctx.app.inject({ url: '/opendata/no-such-set' });
    assert.equal(none.statusCode, 404);
  });

  it('is linked from the catalog page of a data set', async () => {
    const res = await ctx.app.inject({ url: '/catalog/2569/datasets/local-roads' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /href="\/opendata\/local-roads"/);
  });
});
