import fs from 'node:fs';
import { ConfigError } from '../config.ts';
import { AppError } from '../util/errors.ts';
import { commands } from './commands.ts';

const argv = process.argv.slice(2);

// `lao-info registry import … | head` closes the pipe early: end quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });

/** The package's version, read once from package.json (the CLI runs from the checkout or the image). */
function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return `lao-info ${pkg.version} (Node.js ${process.version})`;
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  lao-info ${name.padEnd(18)} ${c.summary}`);
  return `lao-info — ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น\n\nUsage:\n${lines.join('\n')}\n\nIn a checkout: npm run cli -- <command> [options]. Each command takes --help; --version prints the version.`;
}

async function main() {
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  // Commands are one or two words: "serve", "registry import".
  const two = `${argv[0]} ${argv[1] ?? ''}`;
  const name = two in commands ? two : argv[0]!;
  const cmd = commands[name];
  if (!cmd) {
    process.stderr.write(`ไม่รู้จักคำสั่ง "${argv[0]}" / unknown command\n\n${usage()}\n`);
    return 2;
  }
  const rest = argv.slice(name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`lao-info ${name} — ${cmd.summary}\n\n${cmd.usage}\n`);
    return 0;
  }
  return cmd.run(rest);
}

main().then(
  (code) => {
    if (code !== undefined && code !== null && code !== 'running') process.exitCode = code;
  },
  (err) => {
    if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof AppError) {
      process.stderr.write(`${err.text.th}\n${err.text.en}\n`);
      for (const f of err.fieldErrors) process.stderr.write(`  - ${f.message.th}\n`);
    } else if (
      err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      err?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
    ) {
      process.stderr.write(`${err.message}\n`);
    } else process.stderr.write(`${err?.stack ?? err}\n`);
    process.exitCode =
      err instanceof AppError || err instanceof ConfigError || err?.code?.startsWith?.('ERR_PARSE_ARGS')
        ? 2
        : 1;
  },
);
