import { ConfigError } from '../config.ts';
import { AppError } from '../util/errors.ts';
import { commands } from './commands.ts';

const argv = process.argv.slice(2);

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  lao-info ${name.padEnd(18)} ${c.summary}`);
  return `lao-info — ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น\n\nUsage:\n${lines.join('\n')}\n\nIn a checkout: npm run cli -- <command> [options]. Each command takes --help.`;
}

async function main() {
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
