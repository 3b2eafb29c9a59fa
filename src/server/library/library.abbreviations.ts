import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { CurrentUser } from '../platform/auth/access';
import { recordAudit, type AuditActor } from '../platform/audit/audit.service';
import { rows, type Db, type Executor } from '../platform/db/client';
import { errors } from '../platform/http/errors';
import { requiredText } from '../platform/http/schema';
import { parseQuery } from './library.query';
import { clearAbbreviationCache } from './library.search';
import { abbreviationKey } from './library.seed';

/** An abbreviation as typed in a query: letters and digits, hyphens allowed ("NĐ-CP"). */
const abbreviationText = requiredText(30).pipe(
  z
    .string()
    .regex(/^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u, 'chỉ gồm chữ, số và dấu gạch nối (ví dụ: BHXH).'),
);

export const abbreviationIn = z.object({
  abbreviation: abbreviationText.describe('Từ viết tắt: BHXH, NĐ-CP'),
  expansion: requiredText(200)
    .refine((s) => parseQuery(s).words.length > 0, 'cần ít nhất một từ.')
    .describe('Dạng đầy đủ: bảo hiểm xã hội'),
});
export type AbbreviationIn = z.infer<typeof abbreviationIn>;

export const abbreviationOut = z.object({
  key: z.string().describe('Khoá so khớp (chữ thường, không dấu, không gạch nối): bhxh'),
  abbreviation: z.string(),
  expansion: z.string(),
  updatedAt: z.string().describe('Lần sửa cuối (ISO 8601)'),
});
export type AbbreviationOut = z.infer<typeof abbreviationOut>;

export const abbreviationParams = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9]{1,30}$/u, 'khoá từ viết tắt không hợp lệ.')
    .describe('Khoá của từ viết tắt: bhxh'),
});

type Row = { abbr_key: string; abbreviation: string; expansion: string; updated_at: string };

function present(row: Row): AbbreviationOut {
  return {
    key: row.abbr_key,
    abbreviation: row.abbreviation,
    expansion: row.expansion,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The whole dictionary, in alphabetical order of keys. */
export async function listAbbreviations(db: Executor): Promise<AbbreviationOut[]> {
  const found = await rows<Row>(
    db,
    sql`SELECT abbr_key, abbreviation, expansion, updated_at FROM library_abbreviations
        ORDER BY abbr_key COLLATE "C"`,
  );
  return found.map(present);
}

function keyOf(abbreviation: string): string {
  const key = abbreviationKey(abbreviation);
  if (!key) throw errors.validation('abbreviation', 'cần ít nhất một chữ hoặc số.');
  return key;
}

async function existing(db: Executor, key: string): Promise<Row | undefined> {
  const [row] = await rows<Row>(
    db,
    sql`SELECT abbr_key, abbreviation, expansion, updated_at FROM library_abbreviations
        WHERE abbr_key = ${key} FOR UPDATE`,
  );
  return row;
}

/** Adds an abbreviation; it expands in searches from the next query on. */
export async function addAbbreviation(
  db: Db,
  user: CurrentUser,
  input: AbbreviationIn,
  actor: AuditActor,
): Promise<AbbreviationOut> {
  const key = keyOf(input.abbreviation);
  const saved = await db.transaction(async (tx) => {
    if (await existing(tx, key)) {
      throw errors.duplicate('abbreviation', `đã có từ viết tắt «${input.abbreviation}».`);
    }
    const [row] = await rows<Row>(
      tx,
      sql`INSERT INTO library_abbreviations (abbr_key, abbreviation, expansion, updated_by)
          VALUES (${key}, ${input.abbreviation}, ${input.expansion}, ${user.id})
          RETURNING abbr_key, abbreviation, expansion, updated_at`,
    );
    await recordAudit(tx, actor, {
      action: 'library.abbreviation.create',
      entityType: 'library_abbreviation',
      entityId: key,
      after: input,
    });
    return row!;
  });
  clearAbbreviationCache();
  return present(saved);
}

/** Changes an abbreviation (its spelling or its expansion). */
export async function changeAbbreviation(
  db: Db,
  user: CurrentUser,
  key: string,
  input: AbbreviationIn,
  actor: AuditActor,
): Promise<AbbreviationOut> {
  const newKey = keyOf(input.abbreviation);
  const saved = await db.transaction(async (tx) => {
    const before = await existing(tx, key);
    if (!before) throw errors.notFound('từ viết tắt');
    if (newKey !== key && (await existing(tx, newKey))) {
      throw errors.duplicate('abbreviation', `đã có từ viết tắt «${input.abbreviation}».`);
    }
    const [row] = await rows<Row>(
      tx,
      sql`UPDATE library_abbreviations SET abbr_key = ${newKey}, abbreviation = ${input.abbreviation},
            expansion = ${input.expansion}, updated_at = now(), updated_by = ${user.id}
          WHERE abbr_key = ${key}
          RETURNING abbr_key, abbreviation, expansion, updated_at`,
    );
    await recordAudit(tx, actor, {
      action: 'library.abbreviation.update',
      entityType: 'library_abbreviation',
      entityId: key,
      before: { abbreviation: before.abbreviation, expansion: before.expansion },
      after: input,
    });
    return row!;
  });
  clearAbbreviationCache();
  return present(saved);
}

/** Removes an abbreviation from the dictionary. */
export async function deleteAbbreviation(db: Db, key: string, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await existing(tx, key);
    if (!before) throw errors.notFound('từ viết tắt');
    await tx.execute(sql`DELETE FROM library_abbreviations WHERE abbr_key = ${key}`);
    await recordAudit(tx, actor, {
      action: 'library.abbreviation.delete',
      entityType: 'library_abbreviation',
      entityId: key,
      before: { abbreviation: before.abbreviation, expansion: before.expansion },
    });
  });
  clearAbbreviationCache();
}
