import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import lockfile from 'proper-lockfile';

/** The query builder every service uses; the same type for both engines. */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle, accepted wherever a Db is. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;
export type Engine = 'pglite' | 'postgres';

export type Database = {
  db: Db;
  engine: Engine;
  /** Runs a script of several statements in one transaction (migrations). */
  execScript(script: string): Promise<void>;
  /** Embedded engine only: the data folder as a tarball, to clone the database (tests). */
  dump?: () => Promise<Blob>;
  close(): Promise<void>;
};

const extensions = { unaccent, pg_trgm };

/** Runs a raw SQL query and returns its rows, on either engine. */
export async function rows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/**
 * Opens the embedded database kept in `dir` (created on first start). A lock file stops a second
 * process from opening the same folder, which would corrupt it.
 */
export async function openPglite(dir: string): Promise<Database> {
  mkdirSync(dir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, {
      lockfilePath: path.join(dir, '..', `${path.basename(dir)}.lock`),
      stale: 15_000,
    });
  } catch {
    throw new Error(
      `Thư mục cơ sở dữ liệu ${dir} đang được một tiến trình khác sử dụng. Hãy dừng tiến trình đó trước.`,
    );
  }
  const client = await PGlite.create(dir, { extensions });
  return wrapPglite(client, async () => {
    await client.close();
    await release();
  });
}

/** Opens an embedded database in memory, optionally from a dumped data folder (tests). */
export async function openPgliteMemory(dump?: Blob): Promise<Database> {
  const client = await PGlite.create({ extensions, ...(dump ? { loadDataDir: dump } : {}) });
  return wrapPglite(client, () => client.close());
}

function wrapPglite(client: PGlite, close: () => Promise<void>): Database {
  return {
    db: drizzlePglite({ client }),
    engine: 'pglite',
    execScript: async (script) => {
      await client.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    dump: () => client.dumpDataDir('gzip'),
    close,
  };
}

/** Connects to a PostgreSQL server. */
export function openPostgres(url: string, max = 20): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // The server ending an idle pooled connection (restart, failover, a dropped database) must not
  // bring the process down: the pool discards that client and connects anew for the next query,
  // and a query in flight rejects on its own with the error.
  pool.on('error', () => undefined);
  return {
    db: drizzleNodePg({ client: pool }),
    engine: 'postgres',
    execScript: async (script) => {
      const connection = await pool.connect();
      try {
        await connection.query(`BEGIN;\n${script}\n;COMMIT;`);
      } catch (error) {
        await connection.query('ROLLBACK');
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}
