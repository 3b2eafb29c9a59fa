import type { Config } from '@server/platform/config';
import type { Database } from '@server/platform/db/client';
import { createLogger } from '@server/platform/http/logger';
import { createContext, prepareData } from '@server/bootstrap';

/** Migrates and seeds a database the way a first start does (without demo data). */
export async function prepareTemplate(database: Database, config: Config): Promise<void> {
  const ctx = createContext(config, database, createLogger('silent'));
  await prepareData(ctx);
}
