import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { redactUrl } from './request-log.ts';

type LogLine = { level: number; msg: string; reqId?: string; req?: { url: string }; url?: string };

/** The app with its log written to lines we can read. */
async function loggedApp(t: TestCtx, logLevel: Config['logLevel']) {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const app = await buildApp(
    { config: { ...t.config, logLevel }, db: t.db },
    {
      logStream: {
        write: (line: string) => {
          raw.push(line);
          lines.push(JSON.parse(line));
        },
      },
    },
  );
  await app.ready();
  return { app, lines, raw };
}

describeEachDb('the request log: no secrets, quiet health checks', (t) => {
  let info: Awaited<ReturnType<typeof loggedApp>>;
  let debug: Awaited<ReturnType<typeof loggedApp>>;
  before(async () => {
    info = await loggedApp(t, 'info');
    debug = await loggedApp(t, 'debug');
  });
  after(async () => {
    await info?.app.close();
    await debug?.app.close();
  });

  it('never writes a reset or verification token, a CSRF token or a token= value, and says [redacted] instead', async () => {
    const reset = 'Secr3tResetTokenAbcdefghijklmnopqrstuvwxyz01';
    const verify = 'Secr3tVerifyTokenAbcdefghijklmnopqrstuvwxy02';
    const csrf = 'csrfSecretValue0123456789';
    const query = 'queryTokenValue0123456789';
    const app: FastifyInstance = info.app;
    await app.inject({ url: `/reset-password/${reset}` });
    await app.inject({ url: `/contact/verify/${verify}` });
    await app.inject({ url: `/status?token=${query}&page=2` });
    const refused = await app.inject({
      method: 'POST',
      url: `/account/tokens?_csrf=${csrf}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=x',
    });
    assert.equal(refused.statusCode, 403);
    const text = info.raw.join('');
    for (const secret of [reset, verify, csrf, query])
      assert.ok(!text.includes(secret), `${secret} in the log`);
    const urls = info.lines.map((l) => l.req?.url ?? l.url).filter(Boolean);
    assert.ok(urls.includes('/reset-password/[redacted]'), urls.join('\n'));
    assert.ok(urls.includes('/contact/verify/[redacted]'));
    assert.ok(urls.includes('/status?token=[redacted]&page=2'));
    assert.ok(urls.includes('/account/tokens?_csrf=[redacted]'));
    assert.ok(
      info.lines.some((l) => l.msg === 'csrf refused' && l.url === '/account/tokens?_csrf=[redacted]'),
    );
  });

  it('logs /healthz at debug level only, other requests at info', async () => {
    for (const l of [info, debug]) l.lines.length = 0;
    assert.equal((await info.app.inject({ url: '/healthz' })).statusCode, 200);
    assert.deepEqual(
      info.lines.filter((l) => JSON.stringify(l).includes('healthz')),
      [],
      'nothing at info level',
    );
    await debug.app.inject({ url: '/healthz' });
    await debug.app.inject({ url: '/api/openapi.json' });
    const levels = (url: string) => {
      const ids = new Set(debug.lines.filter((l) => l.req?.url === url).map((l) => l.reqId));
      return debug.lines.filter((l) => l.reqId !== undefined && ids.has(l.reqId)).map((l) => l.level);
    };
    assert.deepEqual(levels('/healthz'), [20, 20], 'incoming and completed, at debug');
    assert.deepEqual(levels('/api/openapi.json'), [30, 30]);
  });
});

describe('redactUrl', () => {
  it('keeps ids, codes and kebab-case names, and redacts tokens and secret query values', () => {
    assert.equal(
      redactUrl(
        '/laos/5310108/years/2569/datasets/wastewater-treatment-systems/imports/0193a1b2-7c3d-7e4f-8a5b-0c1d2e3f4a5b',
      ),
      '/laos/5310108/years/2569/datasets/wastewater-treatment-systems/imports/0193a1b2-7c3d-7e4f-8a5b-0c1d2e3f4a5b',
    );
    assert.equal(redactUrl('/reset-password/short'), '/reset-password/[redacted]');
    assert.equal(redactUrl('/x/AbCdEfGhIjKlMnOpQrStUvWxYz0123'), '/x/[redacted]');
    assert.equal(
      redactUrl('/status?q=%E0%B8%9A&password=hunter2&code=123456'),
      '/status?q=%E0%B8%9A&password=[redacted]&code=[redacted]',
    );
  });
});
