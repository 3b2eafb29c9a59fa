import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { PROJECT_ROOT } from '../config';
import { rows, type Database } from './client';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');

async function appliedNames(database: Database): Promise<Set<string>> {
  const applied = await rows<{ name: string }>(
    database.db,
    sql`SELECT name FROM schema_migrations`,
  );
  return new Set(applied.map((r) => r.name));
}

/**
 * Applies the SQL files of `migrations/` not yet applied, in name order, each in its own
 * transaction. Files are numbered per application (0001 platform, 0100 feedback, …) so
 * applications add migrations without touching each other's. When two servers start at once on
 * one PostgreSQL, the loser's transaction fails and is skipped once the winner's is recorded.
 */
export async function migrate(database: Database): Promise<string[]> {
  await database.db.execute(
    sql`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const done = await appliedNames(database);
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((file) => file.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const file of files.filter((f) => !done.has(f))) {
    const script = readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
    const name = file.replace(/'/g, "''");
    try {
      await database.execScript(
        `${script}\n;INSERT INTO schema_migrations (name) VALUES ('${name}');`,
      );
      applied.push(file);
    } catch (error) {
      if (!(await appliedNames(database)).has(file)) throw error;
    }
  }
  return applied;
}
