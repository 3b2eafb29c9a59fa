import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '@server/platform/config';

/** Configuration for tests: a temporary data folder, quiet logs, cheap argon2, no demo data. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mts-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    DEMO: '0',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    // The tests speak for several clients through X-Forwarded-For, as a local proxy would.
    TRUST_PROXY: '127.0.0.1',
  });
  return { ...config, argon2: { memoryCost: 1024, timeCost: 1 }, ...overrides };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
