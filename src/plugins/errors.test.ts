import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { describeEachDb } from '../../test/harness.ts';
import { api } from '../system/api-doc.ts';

describeEachDb('the error handler', (t) => {
  before(() => {
    // Every /api/v1 route declares itself for the API document (src/system/api-doc.ts), a test's too.
    t.app.get(
      '/api/v1/test-boom',
      api({ id: 'testBoom', tag: 'system', summary: 'fails on purpose' }),
      async () => {
        throw new Error('secret detail: connection string postgres://u:p@h');
      },
    );
    t.app.get('/test-boom', async () => {
      throw new Error('secret detail');
    });
  });

  it('answers an unexpected API failure with a 500 problem that leaks nothing', async () => {
    const res = await t.app.inject({ url: '/api/v1/test-boom' });
    assert.equal(res.statusCode, 500);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
    assert.ok(!res.body.includes('secret'));
    assert.match(res.json().detail, new RegExp(String(res.headers['x-request-id'])));
  });

  it('renders a Thai 500 page with the request id', async () => {
    const res = await t.app.inject({ url: '/test-boom' });
    assert.equal(res.statusCode, 500);
    assert.match(res.body, /ระบบขัดข้อง/);
    assert.ok(!res.body.includes('secret'));
  });

  it('answers a malformed JSON body with a 400, not a 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    assert.equal(res.statusCode, 400);
  });

  it('serves the browsable API documentation', async () => {
    const res = await t.app.inject({ url: '/api/docs' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /GET \/api\/v1\/laos/);
  });
});
