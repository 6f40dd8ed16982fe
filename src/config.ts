import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be a postgres:// URL, or unset for the embedded SQLite file',
    })
    .default(''),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  BASE_URL: z.string().url().optional(),
  SMTP_URL: z
    .string()
    .refine((v) => v === '' || /^smtps?:\/\//.test(v), { message: 'must be an smtp:// or smtps:// URL' })
    .default(''),
  MAIL_FROM: z.string().default('INFO อปท. <no-reply@lao-info.local>'),
  DEMO: z.enum(['on', 'off']).default('on'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(200).max(3_600_000).default(5000),
  PG_POOL_MAX: z.coerce.number().int().min(1).max(200).optional(),
  REMINDERS: z.enum(['on', 'off']).default('on'),
  METRICS_TOKEN: z
    .string()
    .refine((v) => v === '' || v.length >= 16, { message: 'must be at least 16 characters, or unset' })
    .default(''),
  // How long the activity log keeps its entries; sign-in records are kept at least 90 days whatever is set.
  ACTIVITY_RETENTION_DAYS: z
    .string()
    .trim()
    .refine((v) => v === '' || v === '0' || (/^\d{1,5}$/.test(v) && Number(v) >= 90), {
      message:
        'give the number of days to keep activity entries, at least 90 (sign-in records must be kept at least 90 days), or unset/0 to keep them all',
    })
    .default(''),
  ACTIVITY_SIGN_IN_RETENTION_DAYS: z
    .string()
    .trim()
    .refine((v) => v === '' || (/^\d{1,5}$/.test(v) && Number(v) >= 90), {
      message: 'sign-in records must be kept at least 90 days: give 90 or more, or unset for 90',
    })
    .default(''),
  TRUST_PROXY: z
    .string()
    .trim()
    .refine((v) => parseTrustProxy(v) !== null, {
      message:
        'give the number of proxies in front of the app (e.g. 1), or a comma-separated list of proxy addresses or CIDRs (e.g. 10.0.0.5,10.1.0.0/16); unset or 0 trusts none',
    })
    .default(''),
});

/**
 * TRUST_PROXY as Fastify's `trustProxy`: false (the socket's address is the client), a hop count, or the proxies'
 * addresses/CIDRs; null when malformed. `true` is refused: it would believe any X-Forwarded-For.
 */
function parseTrustProxy(v: string): false | number | string[] | null {
  if (v === '' || v === '0' || v === 'false' || v === 'off') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const list = v.split(',').map((s) => s.trim());
  const valid = (entry: string) => {
    const [ip, bits, ...rest] = entry.split('/');
    const family = net.isIP(ip ?? '');
    if (!family || rest.length) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  };
  return list.every(valid) ? list : null;
}

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolMax?: number };
  logLevel: (typeof logLevels)[number];
  baseUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  /** How often the outbox sender looks for messages that are due. */
  outboxPollMs: number;
  /** Whether the server runs the reminder job (due dates, certification, the province digest). */
  reminders: boolean;
  demo: boolean;
  /** The bearer token a scraper gives for /metrics; null: only this machine (loopback) may read them. */
  metricsToken: string | null;
  /** Which proxies may set X-Forwarded-For/-Proto: none (false), a hop count, or their addresses/CIDRs. */
  trustProxy: false | number | readonly string[];
  /**
   * Activity log retention in days: `days` for every entry (null: kept for ever), `signInDays` for sign-in records
   * (auth.*, at least 90, the default).
   */
  activityRetention: { days: number | null; signInDays: number };
}>;

export class ConfigError extends Error {}

/** Parses the environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: e.DATABASE_URL
      ? {
          kind: 'postgres' as const,
          url: e.DATABASE_URL,
          ...(e.PG_POOL_MAX ? { poolMax: e.PG_POOL_MAX } : {}),
        }
      : { kind: 'sqlite' as const, file: path.join(dataDir, 'info.sqlite') },
    logLevel: e.LOG_LEVEL,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL || null,
    mailFrom: e.MAIL_FROM,
    outboxPollMs: e.OUTBOX_POLL_MS,
    reminders: e.REMINDERS === 'on',
    demo: e.DEMO === 'on',
    metricsToken: e.METRICS_TOKEN || null,
    trustProxy: parseTrustProxy(e.TRUST_PROXY) ?? false,
    activityRetention: Object.freeze({
      days:
        e.ACTIVITY_RETENTION_DAYS && e.ACTIVITY_RETENTION_DAYS !== '0'
          ? Number(e.ACTIVITY_RETENTION_DAYS)
          : null,
      signInDays: e.ACTIVITY_SIGN_IN_RETENTION_DAYS ? Number(e.ACTIVITY_SIGN_IN_RETENTION_DAYS) : 90,
    }),
  });
}
