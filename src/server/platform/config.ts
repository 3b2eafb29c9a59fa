import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Root folder of the project (where package.json lives). */
export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
  DATABASE_URL: z.string().optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  DEMO_PASSWORD: z.string().min(8).optional(),
  DEMO: z.enum(['0', '1']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Mặt trận số <no-reply@mattranso.local>'),
  S3_ENDPOINT: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  LIBRARY_OAI_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  TRUST_PROXY: z.string().max(1000).optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  /** Demo mode: embedded database and no production flag; demo accounts and data are created. */
  demo: boolean;
  demoPassword: string | undefined;
  logLevel: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  s3:
    | { endpoint: string; bucket: string; region: string; accessKeyId: string; secretKey: string }
    | undefined;
  loginRateLimitPerMinute: number;
  /**
   * Addresses of the reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or
   * CIDRs); none by default, so a client cannot choose the address that rate limits count.
   */
  trustProxy: string[] | false;
  /** Records per OAI-PMH list response before a resumption token. */
  libraryOaiPageSize: number;
  /** argon2id cost; lowered only by the test harness to keep factories fast. */
  argon2: { memoryCost: number; timeCost: number };
};

/** Reads the configuration from the environment; refuses unsafe production settings. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Cấu hình không hợp lệ: ${issue?.path.join('.')} — ${issue?.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.SESSION_SECRET) {
    throw new Error('Chế độ production cần biến môi trường SESSION_SECRET (ít nhất 32 ký tự).');
  }
  const s3 =
    e.S3_ENDPOINT && e.S3_BUCKET && e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
      ? {
          endpoint: e.S3_ENDPOINT,
          bucket: e.S3_BUCKET,
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretKey: e.S3_SECRET_ACCESS_KEY,
        }
      : undefined;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET ?? localSecret(path.resolve(e.DATA_DIR)),
    demo: e.DEMO ? e.DEMO === '1' : !production && !e.DATABASE_URL,
    demoPassword: e.DEMO_PASSWORD,
    logLevel: e.LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    s3,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    libraryOaiPageSize: e.LIBRARY_OAI_PAGE_SIZE,
    trustProxy: e.TRUST_PROXY
      ? e.TRUST_PROXY.split(',')
          .map((a) => a.trim())
          .filter(Boolean)
      : false,
    argon2: { memoryCost: 19456, timeCost: 2 },
  };
}

/** Outside production, a secret generated once and kept in the data folder. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
