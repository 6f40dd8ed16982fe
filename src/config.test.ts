import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to port 3000 and SQLite under ./data', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.database.kind, 'sqlite');
    assert.match(c.database.kind === 'sqlite' ? c.database.file : '', /data\/info\.sqlite$/);
    assert.equal(c.baseUrl, 'http://localhost:3000');
  });
  it('selects PostgreSQL with a postgres:// URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/info' });
    assert.deepEqual(c.database, { kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/info' });
  });
  for (const [name, value] of [
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
    ['BASE_URL', 'not a url'],
  ] as const) {
    it(`stops with a message naming ${name} when it is bad`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (e: Error) => e instanceof ConfigError && e.message.includes(name),
      );
    });
  }
  it('trusts no proxy unless TRUST_PROXY names a hop count or the proxies', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy, [
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
    ]);
  });
  for (const bad of ['true', 'nginx', '10.0.0.300', '10.0.0.0/33', '1,x']) {
    it(`stops with a message naming TRUST_PROXY for ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => loadConfig({ TRUST_PROXY: bad }),
        (e: Error) => e instanceof ConfigError && /TRUST_PROXY: give the number of proxies/.test(e.message),
      );
    });
  }
  it('is frozen', () => {
    assert.ok(Object.isFrozen(loadConfig({})));
  });
});
