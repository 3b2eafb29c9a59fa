import { createHash } from 'node:crypto';
import path from 'node:path/posix';
import { sql } from 'drizzle-orm';
import { documentNumberKey, fold } from '@common/text/vietnamese';
import { assertUnitAccess, type CurrentUser } from '../platform/auth/access';
import { recordAudit, type AuditActor } from '../platform/audit/audit.service';
import type { AppContext } from '../platform/context';
import { rows } from '../platform/db/client';
import { AppError, errors } from '../platform/http/errors';
import {
  parseTable,
  type CellValue,
  type ColumnSpec,
  type ParsedRow,
  type ParsedTable,
} from '../platform/import/import.parse';
import { findUnit, getUnit, type Unit } from '../platform/units/units.service';
import { checkFile, extractText } from './library.extract';
import { LIBRARIAN_ROLES, visibleCondition } from './library.policy';
import { numberKeysOf } from './library.query';
import {
  documentMetadataIn,
  DOCUMENT_TYPES,
  STATUS_LABELS,
  type DocumentMetadataIn,
  type DocumentStatus,
} from './library.schema';
import { createDocument } from './library.service';
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

/** The columns of the metadata sheet; keys match the upload's metadata fields. */
export const BULK_COLUMNS: ColumnSpec[] = [
  {
    key: 'fileName',
    headers: ['Tên tệp', 'Tệp', 'Tên file', 'File'],
    type: 'text',
    required: true,
  },
  { key: 'title', headers: ['Tiêu đề', 'Tên tài liệu', 'Trích yếu'], type: 'text', required: true },
  { key: 'number', headers: ['Số ký hiệu', 'Số, ký hiệu', 'Số hiệu', 'Số'], type: 'text' },
  { key: 'docType', headers: ['Loại văn bản', 'Loại'], type: 'text', required: true },
  { key: 'issuer', headers: ['Cơ quan ban hành'], type: 'text' },
  { key: 'signer', headers: ['Người ký'], type: 'text' },
  { key: 'issuedOn', headers: ['Ngày ban hành'], type: 'date' },
  { key: 'effectiveOn', headers: ['Ngày hiệu lực', 'Ngày có hiệu lực'], type: 'date' },
  { key: 'status', headers: ['Tình trạng hiệu lực', 'Hiệu lực'], type: 'text' },
  { key: 'topics', headers: ['Chủ đề'], type: 'text' },
  { key: 'audience', headers: ['Đối tượng sử dụng', 'Đối tượng'], type: 'text' },
  { key: 'access', headers: ['Quyền truy cập', 'Truy cập', 'Quyền xem'], type: 'text' },
  { key: 'accessUnitCodes', headers: ['Đơn vị được xem', 'Mã đơn vị được xem'], type: 'text' },
  { key: 'embargoUntil', headers: ['Chưa công bố trước ngày'], type: 'date' },
  { key: 'description', headers: ['Tóm tắt', 'Mô tả'], type: 'text' },
  { key: 'subject', headers: ['Từ khoá', 'Từ khóa'], type: 'text' },
  { key: 'source', headers: ['Nguồn'], type: 'text' },
  { key: 'rights', headers: ['Bản quyền'], type: 'text' },
];

/** A filled-in example row of the template. */
export const BULK_EXAMPLE: Record<string, unknown> = {
  fileName: 'huong-dan-hoi-nghi.docx',
  title: 'Hướng dẫn tổ chức hội nghị khu dân cư',
  number: '12/HD-MTTQ-BTT',
  docType: 'Hướng dẫn',
  issuer: 'Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh',
  signer: 'Nguyễn Văn A',
  issuedOn: '2025-03-15',
  effectiveOn: '2025-03-15',
  status: 'Còn hiệu lực',
  topics: 'Khu dân cư; Hội nghị',
  audience: 'Ban công tác Mặt trận',
  access: 'Công khai',
  accessUnitCodes: '',
};

const LABEL_OF: Record<string, string> = Object.fromEntries(
  BULK_COLUMNS.map((c) => [c.key, c.headers[0] ?? c.key]),
);

const TYPE_BY_FOLD = new Map(DOCUMENT_TYPES.map((t) => [fold(t), t]));
const STATUS_BY_FOLD = new Map<string, DocumentStatus>([
  ...Object.entries(STATUS_LABELS).map(([code, label]) => [fold(label), code as DocumentStatus]),
  ...Object.keys(STATUS_LABELS).map((code) => [code, code as DocumentStatus]),
  ['con', 'in_force'],
  ['con hieu luc toan bo', 'in_force'],
  ['het', 'expired'],
  ['khong ro hieu luc', 'unknown'],
] as [string, DocumentStatus][]);
const ACCESS_BY_FOLD = new Map<string, DocumentMetadataIn['access']>([
  ['cong khai', 'public'],
  ['public', 'public'],
  ['noi bo', 'internal'],
  ['noi bo mat tran', 'internal'],
  ['internal', 'internal'],
  ['han che', 'restricted'],
  ['restricted', 'restricted'],
]);

export type ProblemSeverity = 'error' | 'warning';

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
 * highest unit where the user may upload. Refuses users without the right to upload there.
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
  const unit = await getUnit(ctx.db, code);
  assertUnitAccess(user, unit.path, LIBRARIAN_ROLES);
  return unit;
}

/** True when the user may upload somewhere: checked before the files are read. */
export function mayImport(user: CurrentUser): boolean {
  return user.roles.some((g) => LIBRARIAN_ROLES.includes(g.role));
}

function textOf(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).normalize('NFC').trim();
  return s === '' ? null : s;
}

function listOf(value: CellValue | undefined): string[] {
  return (textOf(value) ?? '')
    .split(/[;,\n]/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

type RowProblems = {
  add(column: string | null, message: string, severity?: ProblemSeverity): void;
};

/** Reads the metadata of one row into the upload's schema; each problem goes to its column. */
async function metadataOf(
  ctx: AppContext,
  row: ParsedRow,
  unit: Unit,
  problems: RowProblems,
): Promise<DocumentMetadataIn | null> {
  const v = row.values;
  let ok = row.errors.length === 0;
  for (const e of row.errors) problems.add(e.column, e.message);

  const typeText = textOf(v.docType);
  const docType = typeText ? TYPE_BY_FOLD.get(fold(typeText)) : undefined;
  if (typeText && !docType) {
    ok = false;
    problems.add(
      'docType',
      `loại văn bản «${typeText}» không có trong danh mục (${DOCUMENT_TYPES.join(', ')}).`,
    );
  }
  const statusText = textOf(v.status);
  const status = statusText ? STATUS_BY_FOLD.get(fold(statusText)) : 'in_force';
  if (!status) {
    ok = false;
    problems.add(
      'status',
      `«${statusText}» không phải tình trạng hiệu lực (${Object.values(STATUS_LABELS).join(', ')}).`,
    );
  }
  const accessText = textOf(v.access);
  const access = accessText ? ACCESS_BY_FOLD.get(fold(accessText)) : 'public';
  if (!access) {
    ok = false;
    problems.add(
      'access',
      `«${accessText}» không phải quyền truy cập (Công khai, Nội bộ, Hạn chế).`,
    );
  }
  const accessUnitCodes = listOf(v.accessUnitCodes).map((c) => c.toUpperCase());
  for (const code of accessUnitCodes) {
    if (!(await findUnit(ctx.db, code))) {
      ok = false;
      problems.add('accessUnitCodes', `không có đơn vị mã «${code}».`);
    }
  }
  if (access === 'restricted' && accessUnitCodes.length === 0) {
    ok = false;
    problems.add('accessUnitCodes', 'tài liệu hạn chế cần ít nhất một mã đơn vị được xem.');
  }
  if (!ok || !docType || !status || !access) return null;

  const parsed = documentMetadataIn.safeParse({
    title: textOf(v.title) ?? '',
    number: textOf(v.number),
    docType,
    issuer: textOf(v.issuer),
    signer: textOf(v.signer),
    issuedOn: textOf(v.issuedOn),
    effectiveOn: textOf(v.effectiveOn),
    status,
    unitCode: unit.code,
    topics: listOf(v.topics),
    audience: textOf(v.audience),
    access,
    accessUnitCodes,
    embargoUntil: textOf(v.embargoUntil),
    description: textOf(v.description),
    subject: textOf(v.subject),
    source: textOf(v.source),
    rights: textOf(v.rights),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      problems.add(key in LABEL_OF ? key : null, issue.message);
    }
    return null;
  }
  return parsed.data;
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

async function planRows(
  ctx: AppContext,
  user: CurrentUser,
  unit: Unit,
  table: ParsedTable,
  archive: ZipArchive,
  deep: boolean,
): Promise<BulkPlan> {
  const problems: BulkProblem[] = [];
  const fileProblem = (column: string | null, message: string, severity: ProblemSeverity) =>
    problems.push({
      rowNumber: null,
      column,
      columnLabel: column ? (LABEL_OF[column] ?? null) : null,
      severity,
      message,
    });

  for (const p of table.problems) fileProblem(null, p, 'error');
  if (table.rows.length > BULK_LIMITS.maxRows) {
    fileProblem(
      null,
      `Bảng tính có ${table.rows.length} dòng, vượt quá giới hạn ${BULK_LIMITS.maxRows} dòng mỗi lần nhập.`,
      'error',
    );
  }
  const sheetBlocked = problems.length > 0;
  for (const name of archive.unsafe) {
    fileProblem(
      'fileName',
      `Tệp «${name}» trong tệp nén có đường dẫn không an toàn (ra ngoài thư mục hoặc đường dẫn tuyệt đối): cả tệp nén bị từ chối.`,
      'error',
    );
  }
  for (const p of archive.problems) fileProblem(null, p, 'error');
  if (problems.length > 0) {
    const blockedBy = sheetBlocked ? 'sheet' : 'archive';
    return { unit, rows: [], problems, blockedBy };
  }

  const planned: PlannedDocument[] = [];
  const usedEntries = new Map<string, number>();
  const hashes = new Map<string, number>();
  const numbers = new Map<string, number>();
  for (const row of table.rows) {
    let failed = false;
    const add: RowProblems['add'] = (column, message, severity = 'error') => {
      if (severity === 'error') failed = true;
      const label = column ? (LABEL_OF[column] ?? null) : null;
      problems.push({
        rowNumber: row.rowNumber,
        column,
        columnLabel: label,
        severity,
        message: message.replace(/^«[^»]*»: /u, ''),
      });
    };
    const meta = await metadataOf(ctx, row, unit, { add });
    const fileName = textOf(row.values.fileName);
    const plan: PlannedDocument = {
      rowNumber: row.rowNumber,
      fileName,
      title: textOf(row.values.title),
      number: textOf(row.values.number),
      action: 'error',
      documentId: null,
      meta,
      entryName: null,
      slug: null,
    };
    planned.push(plan);

    if (fileName) {
      const found = archive.find(fileName);
      if ('problem' in found) add('fileName', found.problem);
      else if (found.entry.problem)
        add('fileName', `tệp «${found.entry.name}» ${found.entry.problem}`);
      else if (usedEntries.has(found.entry.name)) {
        add(
          'fileName',
          `tệp «${found.entry.name}» đã dùng cho dòng ${usedEntries.get(found.entry.name)}.`,
        );
      } else {
        usedEntries.set(found.entry.name, row.rowNumber);
        plan.entryName = found.entry.name;
        const bytes = await archive.read(found.entry.name);
        const hash = createHash('sha256').update(bytes).digest('hex');
        plan.slug = `import/${unit.code}/${hash}`;
        const fileError = await checkRowFile(path.basename(found.entry.name), bytes, deep);
        if (fileError) add('fileName', fileError);
        else if (hashes.has(hash)) {
          add('fileName', `nội dung tệp giống hệt tệp của dòng ${hashes.get(hash)}.`);
        }
        hashes.set(hash, row.rowNumber);
        plan.documentId = await importedDocument(ctx, plan.slug);
      }
    }

    const number = plan.number;
    if (number && meta) {
      const sheetKey = documentNumberKey(number);
      const earlier = numbers.get(sheetKey);
      if (earlier !== undefined) add('number', `số ký hiệu «${number}» trùng với dòng ${earlier}.`);
      else numbers.set(sheetKey, row.rowNumber);
      const key = numberKeysOf(number)[0];
      const existing =
        key && plan.documentId === null
          ? await documentWithNumber(ctx, user, unit, key)
          : undefined;
      if (existing) {
        add(
          'number',
          `số ký hiệu «${number}» đã có trong thư viện: «${existing.title}» (mã ${existing.id}).`,
        );
      }
    }
    plan.action =
      failed || !meta || !plan.entryName ? 'error' : plan.documentId ? 'unchanged' : 'create';
  }

  for (const name of archive.files.keys()) {
    if (!usedEntries.has(name)) {
      fileProblem(
        'fileName',
        `Tệp «${name}» có trong tệp nén nhưng không dòng nào của bảng tính nhắc đến: sẽ không được nhập.`,
        'warning',
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
