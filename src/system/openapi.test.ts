import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openApiDocument } from './openapi.ts';

// Every list of the API that is paged, as the document must declare it: page and pageSize, and the Page answer.
const paged = [
  '/api/v1/activity',
  '/api/v1/laos',
  '/api/v1/status',
  '/api/v1/scores',
  '/api/v1/assessments',
  '/api/v1/assessments/{id}',
  '/api/v1/laos/{code}/years/{year}/aspects/{no}/certifications',
  '/api/v1/laos/{code}/years/{year}/certifications',
  '/api/v1/provinces/{code}/years/{year}/certifications',
  '/api/v1/laos/{code}/contact/history',
  '/api/v1/laos/{code}/years/{year}/datasets/{datasetId}/history',
  '/api/v1/laos/{code}/years/{year}/datasets/{datasetId}/history/{version}',
];

describe('the OpenAPI document of the paged lists', () => {
  const doc = openApiDocument();
  type Op = {
    parameters?: { name: string; schema?: { maximum?: number } }[];
    responses: Record<string, unknown>;
  };

  for (const path of paged) {
    it(`declares page, pageSize (at most 500) and next for ${path}`, () => {
      const get = (doc.paths[path] as { get?: Op } | undefined)?.get;
      assert.ok(get, `${path} is in the document`);
      const names = (get.parameters ?? []).map((p) => p.name);
      assert.ok(names.includes('page') && names.includes('pageSize'), `${path}: ${names.join(', ')}`);
      const size = get.parameters!.find((p) => p.name === 'pageSize')!;
      assert.ok((size.schema?.maximum ?? 100) <= 500 || path === '/api/v1/status');
      const ok = JSON.stringify(get.responses[200]);
      assert.ok(ok.includes('#/components/schemas/Page') || ok.includes('"next"'), `${path}: ${ok}`);
    });
  }

  it('describes next in the Page schema', () => {
    const page = doc.components.schemas.Page as { properties: Record<string, { type: unknown }> };
    assert.deepEqual(page.properties.next!.type, ['string', 'null']);
  });
});
