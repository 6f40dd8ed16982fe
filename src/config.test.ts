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
  it('is frozen', () => {
    assert.ok(Object.isFrozen(loadConfig({})));
  });
});
