import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { loadConfig, type Config } from './platform/config';
import type { ApiServer, AppContext, AppModule } from './platform/context';
import { openPglite, openPostgres, type Database } from './platform/db/client';
import { migrate } from './platform/db/migrate';
import { demoPassword } from './platform/demo/demo-accounts';
import { EventBus } from './platform/events/event-bus';
import { buildApp } from './platform/http/app';
import { createLogger } from './platform/http/logger';
import { createStorage } from './platform/storage/storage';
import { UnitDirectory } from './platform/units/unit-directory';
import { modules as allModules } from './modules';

/** Opens the database the configuration names: a server when DATABASE_URL is set, else PGlite. */
export async function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl)
    : openPglite(path.join(config.dataDir, 'pglite'));
}

export function createContext(
  config: Config,
  database: Database,
  log: FastifyBaseLogger,
): AppContext {
  return {
    config,
    database,
    db: database.db,
    log,
    events: new EventBus(log),
    storage: createStorage(config),
    units: new UnitDirectory(database.db, config.env === 'test' ? 0 : 5000),
  };
}

/** Applies migrations and every module's reference data; idempotent. */
export async function prepareData(
  ctx: AppContext,
  modules: AppModule[] = allModules,
): Promise<void> {
  const applied = await migrate(ctx.database);
  if (applied.length) ctx.log.info({ applied }, 'migrations applied');
  for (const module of modules) await module.seed?.(ctx);
}

/** Starts everything: database, migrations, seeds, demo data in demo mode, HTTP server. */
export async function start(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ app: ApiServer; ctx: AppContext }> {
  const config = loadConfig(env);
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config);
  const ctx = createContext(config, database, log);
  await prepareData(ctx);
  for (const module of allModules) module.subscribe?.(ctx);
  if (config.demo) {
    const demo = demoPassword(ctx);
    for (const module of allModules) await module.demo?.(ctx, demo);
    log.info(
      demo.generated
        ? `Chế độ trình diễn: tài khoản admin, tw.canbo, dn.lanhdao, dn.canbo, haichau.canbo, thanhkhe.canbo, hanoi.canbo — mật khẩu: ${demo.password} (lưu trong ${path.join(config.dataDir, 'demo-password')}; đặt DEMO_PASSWORD để tự chọn)`
        : 'Chế độ trình diễn: tài khoản admin, tw.canbo, dn.lanhdao, dn.canbo, haichau.canbo, thanhkhe.canbo, hanoi.canbo — mật khẩu lấy từ DEMO_PASSWORD',
    );
  }
  const app = await buildApp(ctx, allModules);
  app.addHook('onClose', async () => {
    await ctx.events.settle();
    await database.close();
  });
  return { app, ctx };
}
