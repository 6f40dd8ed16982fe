import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const definitions = path.join(root, 'src/catalog/definitions');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-catalog-cli-'));

/** Runs the CLI on its own SQLite file in a temp DATA_DIR (never the developer's database). */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/lao-info.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: tmp, DATABASE_URL: '', LOG_LEVEL: 'silent', DEMO: 'off' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lao-info catalog', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('validate prints OK with counts for the default catalog', () => {
    const r = cli('catalog', 'validate', definitions);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.out,
      /^OK: 10 files, 10 sections \(0, 1, 2, 3, 4, 5, 6, 7, 8, 9\), \d+ data sets, \d+ fields, \d+ rules/,
    );
  });

  it('validate prints each error and exits with 2', () => {
    const file = JSON.parse(fs.readFileSync(path.join(definitions, '09-debt.json'), 'utf8'));
    file.datasets[0].fields[0].required = 'yes';
    const bad = path.join(tmp, '09-debt.json');
    fs.writeFileSync(bad, JSON.stringify(file));
    const r = cli('catalog', 'validate', bad);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      new RegExp(
        `09-debt.json: ชุดข้อมูล ${file.datasets[0].id} ฟิลด์ ${file.datasets[0].fields[0].key} \\(required\\)`,
      ),
    );
  });

  it('import prints the change report and needs --year', () => {
    assert.equal(cli('catalog', 'import', definitions).code, 2);
    const r = cli(
      'catalog',
      'import',
      path.join(definitions, '01-aspect-1.json'),
      '--year',
      '2569',
      '--dry-run',
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /dry run, nothing stored — fiscal year 2569, revision 2/);
    assert.match(r.out, /data sets unchanged: 7/);
  });
});
