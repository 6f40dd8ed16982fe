import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fiscalYearOf } from '../util/thai-date.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-score-cli-'));
const YEAR = fiscalYearOf();

/** Runs the CLI on its own SQLite file in a temp DATA_DIR (never the developer's database). */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/lao-info.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, DATA_DIR: tmp, DATABASE_URL: '', LOG_LEVEL: 'silent', DEMO: 'off' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lao-info score and lao-info rubric import', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('score --province --format json prints every LAO of the province with the distribution', () => {
    const r = cli('score', '--year', String(YEAR), '--province', '31', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const body = JSON.parse(r.out);
    assert.equal(body.year, YEAR);
    assert.equal(body.total, body.items.length);
    assert.equal(body.distribution['0'], body.total);
    const own = body.items.find((i: { laoCode: string }) => i.laoCode === '5310108');
    assert.equal(own.score, 0);
    assert.equal(own.reasons[0].code, 'aspect_no_data');
  });

  it('score --format csv prints a header and a line per LAO; a moment in the future exits 2 with a message', () => {
    const r = cli('score', '--year', String(YEAR), '--province', '31', '--format', 'csv');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\r\n');
    assert.equal(lines[0], 'laoCode,province,district,score,criterion,reasons');
    assert.ok(lines.some((l) => l.startsWith('5310108,31,3101,0,')));
    const future = cli('score', '--year', String(YEAR), '--as-of', '2099-01-01T00:00:00+07:00');
    assert.equal(future.code, 2);
    assert.match(future.err, /in the future/);
  });

  it('rubric import stores the next revision and refuses a bad file with exit 2', () => {
    const file = JSON.parse(fs.readFileSync(path.join(root, 'src/scoring/rubrics/2569.json'), 'utf8'));
    file.year = YEAR;
    const good = path.join(tmp, 'rubric.json');
    fs.writeFileSync(good, JSON.stringify(file));
    const r = cli('rubric', 'import', good);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`fiscal year ${YEAR}, revision 1`));
    file.levels.reverse();
    fs.writeFileSync(good, JSON.stringify(file));
    const bad = cli('rubric', 'import', good);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /levels/);
  });
});
