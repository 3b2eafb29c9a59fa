import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { vietnameseSortKey } from '@common/text/vietnamese';
import type { CurrentUser } from '../platform/auth/access';
import type { AuditActor } from '../platform/audit/audit.service';
import { recordAudit } from '../platform/audit/audit.service';
import { PROJECT_ROOT } from '../platform/config';
import type { AppContext } from '../platform/context';
import { rows, type Executor } from '../platform/db/client';
import { AppError, errors } from '../platform/http/errors';
import { withStoredFiles } from '../platform/storage/storage';
import { findUnit, type Unit } from '../platform/units/units.service';
import { checkFile, extractText } from './library.extract';
import { queueOcr } from './library.ocr';
import { indexDocument, storedPassages } from './library.index';
import { canManage, visibleCondition } from './library.policy';
import { numberKeysOf } from './library.query';
import type { Reader } from './library.readers';
import type { DocumentMetadataIn } from './library.schema';
import { passagesFor } from './library.structure';

/** A document row as the services read it. */
export type DocumentRow = {
  id: number;
  title: string;
  number: string | null;
  doc_type: string;
  issuer: string | null;
  signer: string | null;
  issued_on: string | null;
  effective_on: string | null;
  status: string;
  level: string;
  unit_code: string;
  unit_path: string;
  unit_name: string;
  topics: string[];
  audience: string | null;
  access: 'public' | 'internal' | 'restricted';
  access_unit_paths: string[];
  embargo_until: string | null;
  description: string | null;
  subject: string | null;
  language: string;
  source: string | null;
  rights: string | null;
  amends_ids: number[];
  replaces_ids: number[];
  version: number;
  file_key: string | null;
  file_name: string | null;
  file_type: string | null;
  file_size: number | null;
  page_count: number | null;
  text_status: string;
  views: number;
  downloads: number;
  created_at: string;
  updated_at: string;
};

/** One version of a document; the uploader's name only for signed-in readers. */
export type VersionRow = {
  version: number;
  file_name: string | null;
  file_type: string | null;
  file_size: number | null;
  has_file: boolean;
  note: string | null;
  created_at: string;
  created_by_name: string | null;
};

export type RelatedRow = { id: number; title: string; number: string | null; relation: string };

const DOCUMENT_COLUMNS = sql`d.id::int AS id, d.title, d.number, d.doc_type, d.issuer, d.signer,
  d.issued_on::text AS issued_on, d.effective_on::text AS effective_on, d.status, d.level, d.unit_code,
  d.unit_path, u.name AS unit_name, d.topics, d.audience, d.access, d.access_unit_paths,
  d.embargo_until::text AS embargo_until, d.description, d.subject, d.language, d.source, d.rights,
  d.amends_ids, d.replaces_ids, d.version, d.file_key, d.file_name, d.file_type, d.file_size::int AS file_size,
  d.page_count, d.text_status, d.views, d.downloads, d.created_at, d.updated_at`;

/**
 * A document the reader may see, or 404 — the same answer whether it does not exist or is
 * hidden, so hidden documents are not revealed.
 */
export async function findVisibleDocument(
  db: Executor,
  viewer: CurrentUser | null,
  id: number,
): Promise<DocumentRow> {
  const [doc] = await rows<DocumentRow>(
    db,
    sql`SELECT ${DOCUMENT_COLUMNS} FROM library_documents d JOIN units u ON u.code = d.unit_code
        WHERE d.id = ${id} AND ${visibleCondition(viewer)}`,
  );
  if (!doc) throw errors.notFound('tài liệu');
  return doc;
}

function idList(ids: number[]) {
  return ids.length
    ? sql.join(
        ids.map((i) => sql`${Number(i)}`),
        sql`, `,
      )
    : sql`NULL`;
}

/** Documents this one amends or replaces, and those amending or replacing it (visible ones). */
async function relatedDocuments(
  db: Executor,
  viewer: CurrentUser | null,
  doc: DocumentRow,
): Promise<RelatedRow[]> {
  const amends = doc.amends_ids.map(Number);
  const replaces = doc.replaces_ids.map(Number);
  return rows<RelatedRow>(
    db,
    sql`SELECT d.id::int AS id, d.title, d.number,
          CASE WHEN d.id IN (${idList(amends)}) THEN 'amended_by_this'
               WHEN d.id IN (${idList(replaces)}) THEN 'replaced_by_this'
               WHEN ${doc.id}::bigint = ANY(d.amends_ids) THEN 'amends_this'
               ELSE 'replaces_this' END AS relation
        FROM library_documents d
        WHERE ${visibleCondition(viewer)} AND d.id <> ${doc.id}
          AND (d.id IN (${idList([...amends, ...replaces])})
               OR ${doc.id}::bigint = ANY(d.amends_ids) OR ${doc.id}::bigint = ANY(d.replaces_ids))`,
  );
}

/** The document with its passages, related documents (visible ones only) and versions. */
export async function readDocument(db: Executor, viewer: CurrentUser | null, id: number) {
  const doc = await findVisibleDocument(db, viewer, id);
  const [passages, related, versions] = await Promise.all([
    storedPassages(db, id),
    relatedDocuments(db, viewer, doc),
    rows<VersionRow>(
      db,
      sql`SELECT v.version, v.file_name, v.file_type, v.file_size::int AS file_size, v.file_key IS NOT NULL AS has_file,
            v.note, v.created_at, ${viewer ? sql`u.full_name` : sql`NULL::text`} AS created_by_name
          FROM library_document_versions v LEFT JOIN users u ON u.id = v.created_by
          WHERE v.document_id = ${id} ORDER BY v.version DESC`,
    ),
  ]);
  return { doc, passages, related, versions, canManage: canManage(viewer, doc.unit_path) };
}

/**
 * Counts a view or download (statistics) at most once per reader, document and day, so reloading
 * a page does not inflate the figures; never blocks the reading.
 */
export async function countUse(
  db: Executor,
  kind: 'view' | 'download',
  id: number,
  reader: Reader,
): Promise<void> {
  const fresh = await rows<{ day: string }>(
    db,
    sql`INSERT INTO library_reader_days (kind, document_id, day, reader)
        VALUES (${kind}, ${id}, ${reader.day}::date, ${reader.key})
        ON CONFLICT DO NOTHING RETURNING day::text AS day`,
  );
  if (!fresh.length) return;
  await db.execute(sql`DELETE FROM library_reader_days WHERE day < ${reader.day}::date - 1`);
  await db.execute(sql`INSERT INTO library_events (kind, document_id) VALUES (${kind}, ${id})`);
  const column = kind === 'view' ? sql`views = views + 1` : sql`downloads = downloads + 1`;
  await db.execute(sql`UPDATE library_documents SET ${column} WHERE id = ${id}`);
}

/** The stored original file of a visible document. */
export async function documentFile(
  ctx: AppContext,
  viewer: CurrentUser | null,
  id: number,
  reader: Reader,
) {
  const doc = await findVisibleDocument(ctx.db, viewer, id);
  if (!doc.file_key) throw errors.notFound('tệp gốc của tài liệu');
  const body = doc.file_key.startsWith('project:')
    ? await readFile(
        path.join(PROJECT_ROOT, doc.file_key.slice('project:'.length).replace(/\.\./gu, '')),
      )
    : await ctx.storage.get(doc.file_key);
  await countUse(ctx.db, 'download', id, reader);
  return {
    body,
    fileName: doc.file_name ?? `tai-lieu-${id}`,
    contentType: doc.file_type ?? 'application/octet-stream',
  };
}

async function unitPaths(db: Executor, codes: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const code of codes) {
    const unit = await findUnit(db, code);
    if (!unit) throw errors.validation('accessUnitCodes', `không có đơn vị mã ${code}.`);
    out.push(unit.path);
  }
  return out;
}

/**
 * Documents named as amended or replaced must exist and be visible to the uploader, and belong
 * to the new document's unit or a unit below it (a ward's plan cannot amend a national law);
 * otherwise 400 naming the field (amendsIds, replacesIds) and the ids at fault.
 */
async function checkRelatedIds(
  db: Executor,
  user: CurrentUser,
  meta: Pick<DocumentMetadataIn, 'amendsIds' | 'replacesIds'>,
  unit: Unit,
): Promise<void> {
  for (const field of ['amendsIds', 'replacesIds'] as const) {
    const ids = [...new Set(meta[field])];
    if (!ids.length) continue;
    const found = await rows<{ id: number; below: boolean }>(
      db,
      sql`SELECT d.id::int AS id,
            (d.unit_path = ${unit.path} OR d.unit_path LIKE ${`${unit.path}/%`}) AS below
          FROM library_documents d WHERE d.id IN (${idList(ids)}) AND ${visibleCondition(user)}`,
    );
    const known = new Set(found.map((f) => Number(f.id)));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) {
      throw errors.validation(
        field,
        `không có tài liệu mã ${missing.join(', ')} (hoặc bạn không được xem tài liệu đó).`,
      );
    }
    const above = found.filter((f) => !f.below).map((f) => Number(f.id));
    if (above.length) {
      throw errors.validation(
        field,
        `tài liệu mã ${above.join(', ')} thuộc đơn vị khác hoặc cấp trên: ${unit.name} chỉ sửa đổi, thay thế văn bản của mình hoặc của cấp dưới.`,
      );
    }
  }
}

/**
 * The unit whose library the user adds documents to: a code that names no unit is a validation
 * error, a unit the user may not manage 403, both on «unitCode». Units are public reference data,
 * so saying that the unit exists reveals nothing.
 */
export async function libraryUnit(db: Executor, user: CurrentUser, code: string): Promise<Unit> {
  const unit = await findUnit(db, code);
  if (!unit) throw errors.validation('unitCode', `không có đơn vị mã ${code}.`);
  if (!canManage(user, unit.path)) {
    throw new AppError(
      403,
      'FORBIDDEN',
      'Bạn không có quyền quản lý tài liệu của đơn vị này.',
      'unitCode',
    );
  }
  return unit;
}

export type Upload = { fileName: string; bytes: Buffer };

/** How a document came in: a bulk import passes a stable slug so a re-run finds it again. */
export type CreateOptions = { slug?: string };

/**
 * An uploaded file read for the library: its checked type, its text (page by page for PDF), the
 * passages cut from it, and the storage key it will have. A file with no text to read is refused
 * unless it is an image, whose text recognition comes later.
 */
export async function readUpload(upload: Upload) {
  const file = await checkFile(upload.fileName, upload.bytes);
  const extracted = await extractText(file, upload.bytes);
  const passages = passagesFor(extracted);
  if (file.kind !== 'image' && passages.length === 0) {
    throw errors.validation(
      'file',
      'tệp không có chữ để đọc (bản quét? hãy tải lên dạng ảnh để nhận dạng chữ).',
    );
  }
  const key = `library/${new Date().getUTCFullYear()}/${randomUUID()}${file.extension}`;
  return { file, extracted, passages, key };
}

/**
 * Takes in a document: checks the file by its bytes, extracts its text (page by page for PDF),
 * splits legal structure, stores the file, and saves metadata, first version and index in one
 * transaction. Images are queued for OCR instead of being read here.
 */
export async function createDocument(
  ctx: AppContext,
  user: CurrentUser,
  meta: DocumentMetadataIn,
  upload: Upload,
  actor: AuditActor,
  options: CreateOptions = {},
): Promise<number> {
  const unit = await libraryUnit(ctx.db, user, meta.unitCode);
  if (meta.access === 'restricted' && meta.accessUnitCodes.length === 0) {
    throw errors.validation('accessUnitCodes', 'tài liệu hạn chế cần ít nhất một đơn vị được xem.');
  }
  const accessPaths = await unitPaths(ctx.db, meta.accessUnitCodes);
  await checkRelatedIds(ctx.db, user, meta, unit);
  const { file, extracted, passages, key } = await readUpload(upload);
  const keys = numberKeysOf(meta.number);
  let ocrJob: number | null = null;
  // No file without its document: a failed write removes the stored file.
  const created = await withStoredFiles(ctx.storage, async (put) => {
    await put(key, upload.bytes, file.mime);
    return ctx.db.transaction(async (tx) => {
      const [row] = await rows<{ id: number }>(
        tx,
        sql`INSERT INTO library_documents
          (slug, title, number, number_key, number_keys, doc_type, issuer, signer, issued_on, effective_on, status, level,
           unit_code, unit_path, topics, audience, access, access_unit_paths, embargo_until, description, subject,
           source, rights, amends_ids, replaces_ids, file_key, file_name, file_type, file_size, page_count,
           text_status, created_by, sort_key)
        VALUES (${options.slug ?? null}, ${meta.title}, ${meta.number ?? null}, ${keys[0] ?? null},
          ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)), ${meta.docType},
          ${meta.issuer ?? null}, ${meta.signer ?? null}, ${meta.issuedOn ?? null}, ${meta.effectiveOn ?? null},
          ${meta.status}, ${unit.level}, ${unit.code}, ${unit.path},
          ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(meta.topics)}::jsonb)), ${meta.audience ?? null},
          ${meta.access}, ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(accessPaths)}::jsonb)),
          ${meta.embargoUntil ?? null}, ${meta.description ?? null}, ${meta.subject ?? null}, ${meta.source ?? null},
          ${meta.rights ?? null},
          ARRAY(SELECT (jsonb_array_elements_text(${JSON.stringify(meta.amendsIds)}::jsonb))::bigint),
          ARRAY(SELECT (jsonb_array_elements_text(${JSON.stringify(meta.replacesIds)}::jsonb))::bigint),
          ${key}, ${upload.fileName}, ${file.mime}, ${upload.bytes.length},
          ${extracted.unit === 'page' ? Math.max(extracted.parts.length, 1) : null},
          ${file.kind === 'image' ? 'pending_ocr' : 'done'}, ${user.id}, ${vietnameseSortKey(meta.title)})
        RETURNING id::int AS id`,
      );
      const id = Number(row!.id);
      await tx.execute(sql`
        INSERT INTO library_document_versions (document_id, version, title, metadata, file_key, file_name, file_type, file_size, note, created_by)
        VALUES (${id}, 1, ${meta.title}, ${JSON.stringify(meta)}::jsonb, ${key}, ${upload.fileName}, ${file.mime},
          ${upload.bytes.length}, 'Tải lên', ${user.id})`);
      await indexDocument(
        tx,
        id,
        {
          title: meta.title,
          number: meta.number ?? null,
          issuer: meta.issuer ?? null,
          topics: meta.topics,
          description: meta.description ?? null,
        },
        passages,
        {
          publicWords: meta.access === 'public' && !meta.embargoUntil,
        },
      );
      if (file.kind === 'image') ocrJob = await queueOcr(tx, id);
      await recordAudit(tx, actor, {
        action: 'library.document.create',
        entityType: 'library_document',
        entityId: id,
        after: {
          ...meta,
          fileName: upload.fileName,
          fileSize: upload.bytes.length,
          passages: passages.length,
        },
        unitCode: unit.code,
      });
      return id;
    });
  });
  // Text recognition runs after the commit, off the request path.
  if (ocrJob !== null) ctx.events.emit('library.ocr_queued', { jobId: ocrJob });
  return created;
}
