import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { CurrentUser } from './auth/access';
import type { Config } from './config';
import type { Database, Db } from './db/client';
import type { EventBus } from './events/event-bus';
import type { FileStorage } from './storage/storage';
import type { UnitDirectory } from './units/unit-directory';

/** What every service and route receives: the database, configuration and shared parts. */
export type AppContext = {
  database: Database;
  db: Db;
  config: Config;
  events: EventBus;
  storage: FileStorage;
  /** The unit tree in memory (public reference data), reloaded when it changes. */
  units: UnitDirectory;
  log: FastifyBaseLogger;
};

/** A Fastify instance typed for zod schemas. */
export type ApiServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Identifier of an application of the platform. */
export type AppId = 'database' | 'feedback' | 'library' | 'assistant' | 'congress';

/**
 * One application of the platform: its routes and its data. Every application folder under
 * src/server exports one of these from `<app>.module.ts` and is listed in src/server/modules.ts.
 */
export type AppModule = {
  id: AppId | 'platform';
  /** Registers the HTTP routes; paths are absolute (`/api/v1/<app>/…`). */
  routes(api: ApiServer, ctx: AppContext): void | Promise<void>;
  /** Reference data needed in every mode (holidays, rounds, legal texts); must be idempotent. */
  seed?(ctx: AppContext): Promise<void>;
  /** Demo data, only in demo mode; must be idempotent. */
  demo?(ctx: AppContext, demo: { password: string }): Promise<void>;
  /** Subscribes to domain events (notifications, indexing, statistics). */
  subscribe?(ctx: AppContext): void;
  /** What needs the user's attention in this application, shown on the launcher. */
  attention?(ctx: AppContext, user: CurrentUser): Promise<AttentionItem[]>;
};

/** A count shown on the launcher, e.g. overdue cases, with the list it links to. */
export type AttentionItem = {
  app: AppId;
  label: string;
  count: number;
  link: string;
  tone: 'danger' | 'warning' | 'info';
};
