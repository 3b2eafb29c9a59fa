import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import { openPgliteMemory, openPostgres } from '@server/platform/db/client';
import { testConfig, withDatabase } from './config';
import { prepareTemplate } from './template';

declare module 'vitest' {
  // Declaration merging needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    pgliteDump: string;
    postgresTemplate: string;
  }
}

/**
 * Builds one migrated and seeded database that every test file clones: a PGlite data dump on the
 * embedded engine, a template database on PostgreSQL (when DATABASE_URL is set).
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    // One template per run, so that runs on one server do not drop each other's template.
    const TEMPLATE_DB = `mts_test_template_${process.pid}`;
    const admin = openPostgres(url, 1);
    await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`));
    await admin.db.execute(sql.raw(`CREATE DATABASE ${TEMPLATE_DB}`));
    await admin.close();
    const template = openPostgres(withDatabase(url, TEMPLATE_DB), 2);
    await prepareTemplate(template, testConfig());
    await template.close();
    project.provide('postgresTemplate', TEMPLATE_DB);
    project.provide('pgliteDump', '');
    return async () => {
      const cleanup = openPostgres(url, 1);
      await cleanup.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`));
      await cleanup.close();
    };
  }
  const database = await openPgliteMemory();
  await prepareTemplate(database, testConfig());
  const dump = await database.dump?.();
  if (!dump) throw new Error('the embedded engine cannot dump its data folder');
  await database.close();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mts-template-'));
  const file = path.join(dir, 'template.tar.gz');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteDump', file);
  project.provide('postgresTemplate', '');
  return () => rm(dir, { recursive: true, force: true });
}
