import { createHash } from 'node:crypto';
import path from 'node:path/posix';
import { sql } from 'drizzle-orm';
import { documentNumberKey } from '@common/text/vietnamese';
import type { CurrentUser } from '../platform/auth/access';
import { recordAudit, type AuditActor } from '../platform/audit/audit.service';
import type { AppContext } from '../platform/context';
import { rows } from '../platform/db/client';
import { AppError, errors } from '../platform/http/errors';
import { parseTable, type ParsedTable } from '../platform/import/import.parse';
import type { Unit } from '../platform/units/units.service';
import {
  BULK_COLUMNS,
  LABEL_OF,
  metadataOf,
  textOf,
  type ProblemSeverity,
  type RowProblems,
} from './library.bulk.sheet';
import { checkFile, extractText } from './library.extract';
import { LIBRARIAN_ROLES, visibleCondition } from './library.policy';
import { numberKeysOf } from './library.query';
import type { DocumentMetadataIn } from './library.schema';
import { createDocument, libraryUnit } from './library.service';
import { passagesFor } from './library.structure';
import { megabytes, ZipArchive } from './library.zip';

/**
 * Bulk import into the library: a spreadsheet of metadata (one row per document) and a .zip of the
 * files the rows name. The dry run checks every row and every file the way the single upload does
 * and lists each problem by row and column; apply takes in the rows without problems, each through
 * the single upload's own code path, so one row is saved whole or not at all.
 */

export const BULK_LIMITS = {
  /** Rows of the spreadsheet, and files in the archive. */
  maxRows: 300,
  maxSheetBytes: 5 * 1024 * 1024,
  maxArchiveBytes: 100 * 1024 * 1024,
  /** Same ceiling as a single upload. */
  maxFileBytes: 25 * 1024 * 1024,
  maxTotalBytes: 300 * 1024 * 1024,
} as const;

/** One problem found by the dry run: its row (null for the files as a whole) and column. */
export type BulkProblem = {
  rowNumber: number | null;
  column: string | null;
  columnLabel: string | null;
  severity: ProblemSeverity;
  message: string;
};

export type RowAction = 'create' | 'unchanged' | 'error';

/** What the import will do with one row. */
export type PlannedDocument = {
  rowNumber: number;
  fileName: string | null;
  title: string | null;
  number: string | null;
  action: RowAction;
  /** The document a row already imported became. */
  documentId: number | null;
  /** Internal: what apply needs. */
  meta: DocumentMetadataIn | null;
  entryName: string | null;
  slug: string | null;
};

export type BulkPlan = {
  unit: Unit;
  rows: PlannedDocument[];
  problems: BulkProblem[];
  /** The upload at fault when a problem stops the whole import (unreadable sheet, unsafe archive, limits). */
  blockedBy: 'sheet' | 'archive' | null;
};

export type BulkInput = {
  sheet: { fileName: string; bytes: Buffer };
  archive: { fileName: string; bytes: Buffer };
  unitCode: string | null;
};

/**
 * The unit the documents will belong to: the one asked for, else the user's active unit, else the
 * highest unit where the user may upload. Refuses, as a single upload does, an unknown unit and a
 * unit the user may not manage.
 */
export async function importUnit(
  ctx: AppContext,
  user: CurrentUser,
  unitCode: string | null,
): Promise<Unit> {
  const code =
    unitCode ??
    (user.activeUnitCode &&
    user.roles.some((g) => g.unitCode === user.activeUnitCode && LIBRARIAN_ROLES.includes(g.role))
      ? user.activeUnitCode
      : null) ??
    [...user.roles]
      .filter((g) => LIBRARIAN_ROLES.includes(g.role))
      .sort((a, b) => a.unitPath.length - b.unitPath.length)[0]?.unitCode;
  if (!code) throw errors.forbidden('Bạn không có quyền tải tài liệu lên thư viện.');
  return libraryUnit(ctx.db, user, code);
}

/** True when the user may upload somewhere: checked before the files are read. */
export function mayImport(user: CurrentUser): boolean {
  return user.roles.some((g) => LIBRARIAN_ROLES.includes(g.role));
}

/** The document of the unit's library carrying this number, among those the user may see. */
async function documentWithNumber(
  ctx: AppContext,
  user: CurrentUser,
  unit: Unit,
  key: string,
): Promise<{ id: number; title: string } | undefined> {
  const [found] = await rows<{ id: number; title: string }>(
    ctx.db,
    sql`SELECT d.id::int AS id, d.title FROM library_documents d
        WHERE d.number_key = ${key} AND ${visibleCondition(user)}
          AND (d.unit_path = ${unit.path} OR ${unit.path} LIKE d.unit_path || '/%')
        ORDER BY d.id LIMIT 1`,
  );
  return found;
}

async function importedDocument(ctx: AppContext, slug: string): Promise<number | null> {
  const [found] = await rows<{ id: number }>(
    ctx.db,
    sql`SELECT id::int AS id FROM library_documents WHERE slug = ${slug}`,
  );
  return found ? Number(found.id) : null;
}

/** Checks the file of a row by its bytes; with `deep`, also that text can be read from it. */
async function checkRowFile(name: string, bytes: Buffer, deep: boolean): Promise<string | null> {
  try {
    const file = await checkFile(name, bytes);
    if (!deep || file.kind === 'image') return null;
    const passages = passagesFor(await extractText(file, bytes));
    return passages.length === 0
      ? 'tệp không có chữ để đọc (bản quét? hãy nén dạng ảnh để nhận dạng chữ).'
      : null;
  } catch (error) {
    if (error instanceof AppError) return error.message.replace(/^Trường «file»: /u, '');
    throw error;
  }
}

/**
 * The dry run: reads the sheet and the archive and decides, row by row, whether the document will
 * be created, is already there from an earlier run of the same import, or has problems. Writes
 * nothing. `deep` also extracts the text of every file (the preview does; apply leaves that to the
 * upload path it calls).
 */
export async function planImport(
  ctx: AppContext,
  user: CurrentUser,
  input: BulkInput,
  deep = true,
): Promise<BulkPlan & { archive: ZipArchive }> {
  const unit = await importUnit(ctx, user, input.unitCode);
  const table = await parseTable(input.sheet.bytes, input.sheet.fileName, BULK_COLUMNS);
  const archive = await ZipArchive.open(input.archive.bytes, 'archive', {
    maxEntries: BULK_LIMITS.maxRows,
    maxEntryBytes: BULK_LIMITS.maxFileBytes,
    maxTotalBytes: BULK_LIMITS.maxTotalBytes,
  });
  try {
    return { ...(await planRows(ctx, user, unit, table, archive, deep)), archive };
  } catch (error) {
    archive.close();
    throw error;
  }
}

/** The dry run the preview answers with: the plan, the archive closed. */
export async function previewImport(
  ctx: AppContext,
  user: CurrentUser,
  input: BulkInput,
): Promise<BulkPlan> {
  const { archive, ...plan } = await planImport(ctx, user, input, true);
  archive.close();
  return plan;
}

/** Problems that stop the whole import, and which upload is at fault. */
function blockingProblems(table: ParsedTable, archive: ZipArchive) {
  const sheet = [...table.problems];
  if (table.rows.length > BULK_LIMITS.maxRows) {
    sheet.push(
      `Bảng tính có ${table.rows.length} dòng, vượt quá giới hạn ${BULK_LIMITS.maxRows} dòng mỗi lần nhập.`,
    );
  }
  const zip = [
    ...archive.unsafe.map(
      (name) =>
        `Tệp «${name}» trong tệp nén có đường dẫn không an toàn (ra ngoài thư mục hoặc đường dẫn tuyệt đối): cả tệp nén bị từ chối.`,
    ),
    ...archive.problems,
  ];
  const blockedBy = sheet.length ? 'sheet' : zip.length ? 'archive' : null;
  return { sheet, zip, blockedBy } as const;
}

function fileLevel(column: string | null, message: string, severity: ProblemSeverity) {
  const columnLabel = column ? (LABEL_OF[column] ?? null) : null;
  return { rowNumber: null, column, columnLabel, severity, message };
}

/** What earlier rows of the sheet took: entries, file contents, numbers (each → its row). */
type Seen = {
  entries: Map<string, number>;
  hashes: Map<string, number>;
  numbers: Map<string, number>;
};

type RowStep = {
  ctx: AppContext;
  unit: Unit;
  archive: ZipArchive;
  seen: Seen;
  plan: PlannedDocument;
  add: RowProblems['add'];
};

/** Finds the row's file in the archive, checks it by its bytes, and looks for an earlier import. */
async function planFile({ ctx, unit, archive, seen, plan, add }: RowStep, deep: boolean) {
  if (!plan.fileName) return;
  const found = archive.find(plan.fileName);
  if ('problem' in found) return add('fileName', found.problem);
  const { name, problem } = found.entry;
  if (problem) return add('fileName', `tệp «${name}» ${problem}`);
  const earlier = seen.entries.get(name);
  if (earlier !== undefined) return add('fileName', `tệp «${name}» đã dùng cho dòng ${earlier}.`);
  seen.entries.set(name, plan.rowNumber);
  plan.entryName = name;

  const bytes = await archive.read(name);
  const hash = createHash('sha256').update(bytes).digest('hex');
  plan.slug = `import/${unit.code}/${hash}`;
  const fileError = await checkRowFile(path.basename(name), bytes, deep);
  const sameContent = seen.hashes.get(hash);
  if (fileError) add('fileName', fileError);
  else if (sameContent !== undefined) {
    add('fileName', `nội dung tệp giống hệt tệp của dòng ${sameContent}.`);
  }
  seen.hashes.set(hash, plan.rowNumber);
  plan.documentId = await importedDocument(ctx, plan.slug);
}

/**
 * A number may appear once in the sheet and must not be in the unit's library already. Both
 * checks use the key stored and searched ("05-2024-trung" is "5/2024/TRUNG"); text holding no
 * number that key reads is compared by its folded spelling within the sheet only.
 */
async function planNumber({ ctx, unit, seen, plan, add }: RowStep, user: CurrentUser) {
  const number = plan.number;
  if (!number || !plan.meta) return;
  const key = numberKeysOf(number)[0];
  const sheetKey = key ?? documentNumberKey(number);
  const earlier = seen.numbers.get(sheetKey);
  if (earlier !== undefined) add('number', `số ký hiệu «${number}» trùng với dòng ${earlier}.`);
  else seen.numbers.set(sheetKey, plan.rowNumber);
  // A row imported by an earlier run carries its own number: that is not a duplicate.
  if (!key || plan.documentId !== null) return;
  const existing = await documentWithNumber(ctx, user, unit, key);
  if (existing) {
    add(
      'number',
      `số ký hiệu «${number}» đã có trong thư viện: «${existing.title}» (mã ${existing.id}).`,
    );
  }
}

async function planRows(
  ctx: AppContext,
  user: CurrentUser,
  unit: Unit,
  table: ParsedTable,
  archive: ZipArchive,
  deep: boolean,
): Promise<BulkPlan> {
  const blocking = blockingProblems(table, archive);
  if (blocking.blockedBy) {
    const problems = [
      ...blocking.sheet.map((m) => fileLevel(null, m, 'error')),
      ...blocking.zip.map((m) => fileLevel(null, m, 'error')),
    ];
    return { unit, rows: [], problems, blockedBy: blocking.blockedBy };
  }

  const problems: BulkProblem[] = [];
  const planned: PlannedDocument[] = [];
  const seen: Seen = { entries: new Map(), hashes: new Map(), numbers: new Map() };
  for (const row of table.rows) {
    let failed = false;
    const add: RowProblems['add'] = (column, message, severity = 'error') => {
      if (severity === 'error') failed = true;
      problems.push({
        rowNumber: row.rowNumber,
        column,
        columnLabel: column ? (LABEL_OF[column] ?? null) : null,
        severity,
        // The column is named apart; drop the «header»: prefix of the shared parser.
        message: message.replace(/^«[^»]*»: /u, ''),
      });
    };
    const plan: PlannedDocument = {
      rowNumber: row.rowNumber,
      fileName: textOf(row.values.fileName),
      title: textOf(row.values.title),
      number: textOf(row.values.number),
      action: 'error',
      documentId: null,
      meta: await metadataOf(ctx, row, unit, { add }),
      entryName: null,
      slug: null,
    };
    planned.push(plan);
    const step: RowStep = { ctx, unit, archive, seen, plan, add };
    await planFile(step, deep);
    await planNumber(step, user);
    plan.action =
      failed || !plan.meta || !plan.entryName ? 'error' : plan.documentId ? 'unchanged' : 'create';
  }

  for (const name of archive.files.keys()) {
    if (!seen.entries.has(name)) {
      problems.push(
        fileLevel(
          'fileName',
          `Tệp «${name}» có trong tệp nén nhưng không dòng nào của bảng tính nhắc đến: sẽ không được nhập.`,
          'warning',
        ),
      );
    }
  }
  return { unit, rows: planned, problems, blockedBy: null };
}

export type AppliedRow = {
  rowNumber: number;
  fileName: string | null;
  title: string | null;
  action: 'created' | 'unchanged' | 'skipped' | 'failed';
  documentId: number | null;
  message: string | null;
};

export type BulkResult = {
  created: number;
  unchanged: number;
  skipped: number;
  failed: number;
  rows: AppliedRow[];
  problems: BulkProblem[];
};

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

/**
 * Takes in every row without problems, one at a time through the single upload's path (byte
 * check, text extraction, structure, search index, audit record, all in one transaction per row),
 * then writes one audit record for the batch. Rows with problems are skipped and listed; a row
 * already imported (same file content for the same unit) is left as it is.
 */
export async function applyImport(
  ctx: AppContext,
  user: CurrentUser,
  input: BulkInput,
  actor: AuditActor,
): Promise<BulkResult> {
  const plan = await planImport(ctx, user, input, false);
  try {
    if (plan.blockedBy) {
      throw errors.validation(
        plan.blockedBy,
        `${plan.problems.map((p) => p.message).join(' ')} Chưa nhập tài liệu nào.`,
      );
    }
    const out: AppliedRow[] = [];
    for (const row of plan.rows) {
      const base = { rowNumber: row.rowNumber, fileName: row.fileName, title: row.title };
      if (row.action === 'error' || !row.meta || !row.entryName || !row.slug) {
        const message = plan.problems
          .filter((p) => p.rowNumber === row.rowNumber && p.severity === 'error')
          .map((p) => (p.columnLabel ? `«${p.columnLabel}»: ${p.message}` : p.message))
          .join('; ');
        out.push({ ...base, action: 'skipped', documentId: null, message });
        continue;
      }
      if (row.action === 'unchanged') {
        out.push({ ...base, action: 'unchanged', documentId: row.documentId, message: null });
        continue;
      }
      const bytes = await plan.archive.read(row.entryName);
      const upload = { fileName: path.basename(row.entryName), bytes };
      try {
        const id = await createDocument(ctx, user, row.meta, upload, actor, { slug: row.slug });
        out.push({ ...base, action: 'created', documentId: id, message: null });
      } catch (error) {
        if (isUniqueViolation(error)) {
          // Another run of the same import took this file in between: it is there, once.
          const id = await importedDocument(ctx, row.slug);
          out.push({ ...base, action: 'unchanged', documentId: id, message: null });
        } else if (error instanceof AppError) {
          out.push({ ...base, action: 'failed', documentId: null, message: error.message });
        } else {
          ctx.log.error({ err: error, row: row.rowNumber }, 'library import row failed');
          out.push({
            ...base,
            action: 'failed',
            documentId: null,
            message: 'Lỗi hệ thống khi nhập dòng này; các dòng khác không bị ảnh hưởng.',
          });
        }
      }
    }
    const count = (a: AppliedRow['action']) => out.filter((r) => r.action === a).length;
    const result: BulkResult = {
      created: count('created'),
      unchanged: count('unchanged'),
      skipped: count('skipped'),
      failed: count('failed'),
      rows: out,
      problems: plan.problems,
    };
    await recordAudit(ctx.db, actor, {
      action: 'library.import.apply',
      entityType: 'library_import',
      after: {
        sheet: input.sheet.fileName,
        archive: input.archive.fileName,
        created: result.created,
        unchanged: result.unchanged,
        skipped: result.skipped,
        failed: result.failed,
        documentIds: out.filter((r) => r.action === 'created').map((r) => r.documentId),
      },
      unitCode: plan.unit.code,
    });
    return result;
  } finally {
    plan.archive.close();
  }
}

/** Limits shown on the import screen and in the preview. */
export function describeLimits() {
  return {
    maxRows: BULK_LIMITS.maxRows,
    maxSheetBytes: BULK_LIMITS.maxSheetBytes,
    maxArchiveBytes: BULK_LIMITS.maxArchiveBytes,
    maxFileBytes: BULK_LIMITS.maxFileBytes,
    maxTotalBytes: BULK_LIMITS.maxTotalBytes,
    text:
      `Tối đa ${BULK_LIMITS.maxRows} dòng và ${BULK_LIMITS.maxRows} tệp mỗi lần; bảng tính tối đa ` +
      `${megabytes(BULK_LIMITS.maxSheetBytes)}, tệp nén tối đa ${megabytes(BULK_LIMITS.maxArchiveBytes)}, ` +
      `mỗi tệp tối đa ${megabytes(BULK_LIMITS.maxFileBytes)}, tổng sau giải nén tối đa ` +
      `${megabytes(BULK_LIMITS.maxTotalBytes)}.`,
  };
}

/** The outward shape of a dry run: no internals, counts by action. */
export function presentPreview(plan: BulkPlan) {
  const count = (a: RowAction) => plan.rows.filter((r) => r.action === a).length;
  return {
    unit: { code: plan.unit.code, name: plan.unit.name },
    blocked: plan.blockedBy !== null,
    rows: plan.rows.map((r) => ({
      rowNumber: r.rowNumber,
      fileName: r.fileName,
      title: r.title,
      number: r.number,
      action: r.action,
      documentId: r.documentId,
    })),
    problems: plan.problems,
    summary: {
      create: count('create'),
      unchanged: count('unchanged'),
      error: count('error'),
      warning: plan.problems.filter((p) => p.severity === 'warning').length,
    },
    limits: describeLimits(),
  };
}
