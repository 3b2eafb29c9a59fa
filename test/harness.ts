import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import type { Config } from '@server/platform/config';
import type { ApiServer, AppContext } from '@server/platform/context';
import { openPgliteMemory, openPostgres, type Database } from '@server/platform/db/client';
import { buildApp } from '@server/platform/http/app';
import { createLogger } from '@server/platform/http/logger';
import { createContext } from '@server/bootstrap';
import { modules } from '@server/modules';
import { testConfig, withDatabase } from './config';
import { Factory } from './factories';

export type TestContext = {
  ctx: AppContext;
  app: ApiServer;
  baseUrl: string;
  factory: Factory;
  /** A client without a session. */
  anonymous: TestClient;
  close(): Promise<void>;
};

async function cloneDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  const template = inject('postgresTemplate');
  if (url && template) {
    const name = `mts_test_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres(url, 1);
    await admin.db.execute(sql.raw(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    await admin.close();
    return {
      database: openPostgres(withDatabase(url, name), 10),
      drop: async () => {
        const again = openPostgres(url, 1);
        await again.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        await again.close();
      },
    };
  }
  const dump = new Blob([readFileSync(inject('pgliteDump'))]);
  return { database: await openPgliteMemory(dump), drop: async () => {} };
}

/**
 * A fresh database cloned from the migrated template, and the whole application listening on a
 * real port of 127.0.0.1. Call in beforeAll; every test builds its own units and users.
 */
export async function createTestContext(overrides: Partial<Config> = {}): Promise<TestContext> {
  const { database, drop } = await cloneDatabase();
  const ctx = createContext(
    testConfig(overrides),
    database,
    createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  );
  for (const module of modules) module.subscribe?.(ctx);
  const app = await buildApp(ctx, modules);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    ctx,
    app,
    baseUrl,
    factory: new Factory(ctx, baseUrl),
    anonymous: new TestClient(baseUrl),
    async close() {
      await app.close();
      await ctx.events.settle();
      await database.close();
      await drop();
    },
  };
}

export type TestResponse<T = Record<string, unknown>> = {
  status: number;
  headers: Headers;
  body: T;
  text: string;
};

type RequestOptions = {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  csrf?: boolean;
};

/** An HTTP client with a cookie jar and the CSRF header, as the web interface sends it. */
export class TestClient {
  private cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size)
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrfToken && options.csrf !== false && method !== 'GET')
      headers['x-csrf-token'] = this.csrfToken;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) continue;
      const value = rest.join('=');
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(line))
        this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const text = await response.text();
    let parsed: unknown = text;
    if (response.headers.get('content-type')?.includes('application/json'))
      parsed = text ? JSON.parse(text) : null;
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = Record<string, unknown>>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = Record<string, unknown>>(path: string, json?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, json: json ?? {} });
  }
  put<T = Record<string, unknown>>(path: string, json?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, { ...options, json: json ?? {} });
  }
  delete<T = Record<string, unknown>>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  /** Logs in and keeps the session cookie and CSRF token; throws when the login fails. */
  async login(username: string, password: string): Promise<this> {
    const response = await this.post<{ csrfToken: string }>('/api/v1/auth/login', {
      username,
      password,
    });
    if (response.status !== 200)
      throw new Error(`login ${username} failed: ${response.status} ${response.text}`);
    this.csrfToken = response.body.csrfToken;
    return this;
  }
}
