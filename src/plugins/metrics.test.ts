import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDb, testConfig } from '../../test/harness.ts';
import { buildApp } from '../app.ts';

const TOKEN = 'metrics-token-0123456789';

/** The value of one series in the exposition text (0 when absent). */
const series = (text: string, name: string, labels: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
};

describeEachDb('GET /metrics', (t) => {
  it('counts answers by route pattern, times them, and times the database and the caches', async () => {
    for (let i = 0; i < 3; i++) await t.app.inject({ url: '/api/v1/status?year=2569&province=31' });
    await t.app.inject({ url: '/no/such/page/12345' });
    const res = await t.app.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const m = res.body;
    assert.ok(
      series(m, 'http_requests_total', 'route="/api/v1/status",status="200"') >= 3,
      'the status search counted by its route',
    );
    assert.ok(series(m, 'http_request_duration_seconds_count', 'route="/api/v1/status"') >= 3);
    assert.ok(series(m, 'http_requests_total', 'route="unmatched",status="404"') >= 1);
    assert.doesNotMatch(m, /12345/, 'an unknown path is never a label');
    assert.ok(series(m, 'db_query_duration_seconds_count', 'kind="select"') > 0, 'database time');
    assert.ok(series(m, 'cache_lookups_total', 'cache="status_json",result="hit"') >= 2, 'cache hits');
    assert.ok(series(m, 'cache_lookups_total', 'cache="status_json",result="miss"') >= 1, 'cache misses');
    assert.match(m, /^# TYPE mail_outbox_messages gauge$/m);
    assert.match(m, /^process_resident_memory_bytes \d+$/m);
  });

  it('refuses another machine without METRICS_TOKEN, and takes the token when one is set', async () => {
    const far = await t.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    assert.equal(far.statusCode, 403);
    const withToken = await buildApp(
      { config: { ...t.config, metricsToken: TOKEN }, db: t.db },
      { logger: false },
    );
    try {
      const none = await withToken.inject({ url: '/metrics' });
      assert.equal(none.statusCode, 403, 'with a token set, loopback needs it too');
      const wrong = await withToken.inject({
        url: '/metrics',
        remoteAddress: '203.0.113.9',
        headers: { authorization: `Bearer ${TOKEN.replace('0', '1')}` },
      });
      assert.equal(wrong.statusCode, 403);
      const right = await withToken.inject({
        url: '/metrics',
        remoteAddress: '203.0.113.9',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(right.statusCode, 200);
      assert.match(right.body, /# TYPE http_requests_total counter/);
    } finally {
      await withToken.close();
    }
  });

  it('is configured by METRICS_TOKEN, at least 16 characters', () => {
    assert.throws(
      () => testConfig({ kind: 'sqlite', file: ':memory:' }, { METRICS_TOKEN: 'short' }),
      /METRICS_TOKEN/,
    );
    assert.equal(
      testConfig({ kind: 'sqlite', file: ':memory:' }, { METRICS_TOKEN: TOKEN }).metricsToken,
      TOKEN,
    );
  });
});
