import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, describe, it } from 'node:test';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { testConfig } from '../../test/harness.ts';
import { appDocument, generatedTypes, TYPES_FILE } from '../../test/openapi.ts';
import { registeredRoutes } from '../../test/routes.ts';
import { buildApp } from '../app.ts';
import { openDb } from '../db/connection.ts';
import { openApiPath } from './api-doc.ts';

type Op = {
  operationId: string;
  parameters?: { name: string; in: string; schema?: { maximum?: number } }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
};

describe('the OpenAPI document, made from the routes', () => {
  let doc: Awaited<ReturnType<typeof appDocument>>['doc'];
  before(async () => {
    doc = (await appDocument()).doc;
  });
  const ops = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op: op as unknown as Op })),
    );

  it('has an operation for every /api/v1 route the app registers, and none for a route that is not there', async () => {
    const db = openDb({ kind: 'sqlite', file: ':memory:' });
    const app = await buildApp(
      { config: testConfig({ kind: 'sqlite', file: ':memory:' }), db },
      { logger: false },
    );
    await app.ready();
    const live = registeredRoutes(app)
      .filter((r) => r.url.startsWith('/api/v1/'))
      .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url)}`)
      .sort();
    await app.close();
    await db.close();
    const documented = ops()
      .filter((o) => o.path.startsWith('/api/v1/'))
      .map((o) => `${o.method} ${o.path}`)
      .sort();
    assert.ok(live.length > 60, `${live.length} routes`);
    assert.deepEqual(documented, live);
  });

  it('refuses to start an app with an /api/v1 route that declares nothing', async () => {
    const db = openDb({ kind: 'sqlite', file: ':memory:' });
    const app = await buildApp(
      { config: testConfig({ kind: 'sqlite', file: ':memory:' }), db },
      { logger: false },
    );
    assert.throws(
      () => app.get('/api/v1/undocumented', async () => ({})),
      /GET \/api\/v1\/undocumented has no OpenAPI declaration/,
    );
    await app.close();
    await db.close();
  });

  it('gives every operation a unique id, a summary, its path parameters and the problem answers', () => {
    const ids = new Set<string>();
    for (const { path, method, op } of ops()) {
      const where = `${method} ${path}`;
      assert.ok(op.operationId && !ids.has(op.operationId), `${where}: operationId ${op.operationId}`);
      ids.add(op.operationId);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      assert.deepEqual(declared.sort(), inPath.sort(), where);
      assert.ok(op.responses['400'], `${where}: 400`);
      if (!op.security) assert.ok(op.responses['401'] && op.responses['403'], `${where}: 401/403`);
      if (['put', 'post'].includes(method) && op.requestBody) assert.ok(op.responses['422'], `${where}: 422`);
    }
  });

  it('declares the bearer scheme, a server, and the public operations as open', () => {
    assert.deepEqual(doc.components.securitySchemes.bearer, {
      type: 'http',
      scheme: 'bearer',
      description: doc.components.securitySchemes.bearer.description,
    });
    assert.deepEqual(doc.security, [{ bearer: [] }]);
    assert.ok(doc.servers.length > 0);
    const open = ops().filter((o) => o.op.security?.length === 0);
    assert.ok(open.some((o) => o.path === '/api/v1/status'));
    assert.ok(open.some((o) => o.path === '/api/v1/auth/login'));
    assert.ok(!open.some((o) => o.path.includes('/datasets/{datasetId}') && o.method === 'put'));
  });

  it('declares page, pageSize (at most 500) and next for every paged list', () => {
    const paged = ops().filter((o) =>
      String(JSON.stringify(o.op.responses['200'])).includes('#/components/schemas/Page'),
    );
    assert.ok(paged.length >= 12, `${paged.length} paged lists`);
    for (const { path, op } of paged) {
      const names = (op.parameters ?? []).map((p) => p.name);
      assert.ok(names.includes('page') && names.includes('pageSize'), `${path}: ${names.join(', ')}`);
      const size = op.parameters!.find((p) => p.name === 'pageSize')!;
      assert.ok((size.schema?.maximum ?? 100) <= 500, path);
    }
    assert.deepEqual((doc.components.schemas.Page.properties.next as { type: unknown }).type, [
      'string',
      'null',
    ]);
  });

  it('passes the Redocly OpenAPI linter (recommended rules) without an error or a warning', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    assert.deepEqual(
      problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`),
      [],
    );
  });

  it(`matches the committed client types (${TYPES_FILE}; npm run api:types writes them)`, async () => {
    assert.equal(fs.readFileSync(TYPES_FILE, 'utf8'), await generatedTypes(doc));
  });
});
