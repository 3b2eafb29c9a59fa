import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { openPostgres } from '@server/platform/db/client';

/** Shared pieces of the benchmarks: a server in a child process, autocannon runs, engines. */

export type Engine = 'pglite' | 'postgres';

export const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function engines(): Engine[] {
  const only = process.env.BENCH_ENGINE;
  return only === 'pglite' || only === 'postgres' ? [only] : ['pglite', 'postgres'];
}

/** A fresh database for one engine: a new PostgreSQL database, or a new PGlite data folder. */
export async function freshDatabase(engine: Engine, name: string): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `mts-bench-${name}-`));
  if (engine === 'pglite') return { DATA_DIR: dataDir };
  const admin = openPostgres(POSTGRES_URL, 1);
  await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS mts_bench_${name} WITH (FORCE)`));
  await admin.db.execute(sql.raw(`CREATE DATABASE mts_bench_${name}`));
  await admin.close();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/mts_bench_${name}`;
  return { DATA_DIR: dataDir, DATABASE_URL: url.toString() };
}

/** Starts `npm start`'s server in a child process and waits for /api/health. */
export async function startServer(
  env: Record<string, string>,
  port: number,
): Promise<ChildProcess> {
  // One process (no npx or tsx wrapper), so that stopping it really stops the server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEMO: '0',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill();
  throw new Error('server did not start');
}

export async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export type LoadResult = {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
};

/** Runs autocannon for `seconds` and returns requests/s and latency percentiles in ms. */
export async function load(
  name: string,
  url: string,
  connections: number,
  options: { headers?: Record<string, string>; seconds?: number } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: options.seconds ?? Number(process.env.BENCH_SECONDS ?? 10),
    headers: options.headers,
  });
  return {
    name,
    connections,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export function printTable(title: string, rows: LoadResult[]): void {
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(
    '| request | conns | req/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|\n',
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.name} | ${r.connections} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |\n`,
    );
  }
}
