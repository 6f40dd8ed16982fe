import assert from 'node:assert/strict';
import net from 'node:net';
import { it } from 'node:test';
import { describeEachDb, testConfig } from '../../test/harness.ts';
import { buildApp } from '../app.ts';

const expectPolicies = (headers: Record<string, unknown>, what: string) => {
  const csp = String(headers['content-security-policy'] ?? '');
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP forbids framing`);
  assert.match(csp, /script-src 'self'(;|$)/, `${what}: no inline script`);
  assert.match(csp, /style-src 'self'(;|$)/, `${what}: no inline style`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${what}: nothing unsafe`);
  assert.match(String(headers['permissions-policy'] ?? ''), /camera=\(\)/, `${what}: Permissions-Policy`);
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
};

describeEachDb('security headers on every answer', (t) => {
  it('carries CSP, Permissions-Policy and the rest on pages, the API, errors and assets', async () => {
    const cases: [string, string, number][] = [
      ['page', '/', 200],
      ['status page', '/status?year=2569', 200],
      ['JSON API', '/api/v1/provinces', 200],
      ['health', '/healthz', 200],
      ['page not found', '/no-such-page', 404],
      ['API not found', '/api/v1/no-such-thing', 404],
      ['bad parameter', '/status?year=abc', 400],
      ['stylesheet', '/assets/app.css', 200],
    ];
    for (const [what, url, status] of cases) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, status, what);
      expectPolicies(res.headers, what);
    }
  });

  it('carries them on Fastify early errors: a URL that cannot be decoded, a body that is not JSON', async () => {
    const bad = await t.app.inject({ url: '/%E0%A4%A' });
    assert.equal(bad.statusCode, 400);
    expectPolicies(bad.headers, 'bad URL');
    assert.match(bad.json().detail, /ถอดรหัสไม่ได้/);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    assert.equal(json.statusCode, 400);
    expectPolicies(json.headers, 'bad JSON');
  });

  it('sends HSTS only when HTTPS came through a trusted proxy, never on a forged X-Forwarded-Proto', async () => {
    const plain = await t.app.inject({ url: '/' });
    assert.equal(plain.headers['strict-transport-security'], undefined);
    const forged = await t.app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(forged.headers['strict-transport-security'], undefined, 'no proxy is trusted by default');
    const behindProxy = await buildApp(
      { config: testConfig({ kind: 'sqlite', file: ':memory:' }, { TRUST_PROXY: '1' }), db: t.db },
      { logger: false },
    );
    try {
      const res = await behindProxy.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
      assert.match(String(res.headers['strict-transport-security']), /max-age=\d+/);
    } finally {
      await behindProxy.close();
    }
  });

  it('answers a request the HTTP parser cannot read with the same headers, on the socket', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as net.AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('NOT A REQUEST\r\n\r\n'));
      let got = '';
      s.on('data', (d) => {
        got += d.toString();
      });
      s.on('end', () => resolve(got));
      s.on('error', reject);
    });
    assert.match(raw, /^HTTP\/1\.1 400/);
    assert.match(raw, /content-security-policy: [^\r]*frame-ancestors 'none'/);
    assert.match(raw, /permissions-policy: /);
  });
});
