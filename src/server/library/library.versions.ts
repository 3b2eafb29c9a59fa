import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { CurrentUser } from '../platform/auth/access';
import { recordAudit, type AuditActor } from '../platform/audit/audit.service';
import { PROJECT_ROOT } from '../platform/config';
import type { AppContext } from '../platform/context';
import { rows } from '../platform/db/client';
import { errors } from '../platform/http/errors';
import { withStoredFiles } from '../platform/storage/storage';
import { INT4_MAX, optionalText, recordId, withLetterOrDigit } from '../platform/http/schema';
import { queueOcr } from './library.ocr';
import { indexDocument, storedPassages } from './library.index';
import { canManage } from './library.policy';
import { countUse, findVisibleDocument, readUpload, type Upload } from './library.service';
import type { Reader } from './library.readers';
import { passageOfRow, passageText } from './library.structure';

export const versionNote = withLetterOrDigit(optionalText(500)).describe(
  'Ghi chú: sửa đổi gì so với bản trước (nếu có, có ít nhất một chữ cái hoặc chữ số)',
);

export const versionParams = z.object({
  id: recordId('Mã tài liệu'),
  version: recordId('Phiên bản', 'số phiên bản không hợp lệ.', { max: INT4_MAX }),
});

/** Reads a stored file: uploads from storage, seeded texts from the project's data folder. */
export async function readStoredFile(ctx: AppContext, key: string): Promise<Buffer> {
  return key.startsWith('project:')
    ? readFile(path.join(PROJECT_ROOT, key.slice('project:'.length).replace(/\.\./gu, '')))
    : ctx.storage.get(key);
}

type Current = {
  version: number;
  title: string;
  number: string | null;
  issuer: string | null;
  topics: string[];
  description: string | null;
  access: string;
  embargo_until: string | null;
  file_key: string | null;
  file_name: string | null;
  file_type: string | null;
  file_size: number | null;
  page_count: number | null;
  unit_code: string;
};

/**
 * Uploads a new version of a document: the current file and text are kept as version N, the
 * new file becomes version N+1 and the document's text and index follow it.
 */
export async function addVersion(
  ctx: AppContext,
  user: CurrentUser,
  id: number,
  upload: Upload,
  note: string | null,
  actor: AuditActor,
): Promise<number> {
  const doc = await findVisibleDocument(ctx.db, user, id);
  if (!canManage(user, doc.unit_path)) {
    throw errors.forbidden(
      'Chỉ cán bộ thư viện của đơn vị quản lý tài liệu được tải lên phiên bản mới.',
    );
  }
  const { file, extracted, passages, key } = await readUpload(upload);
  let ocrJob: number | null = null;
  const version = await withStoredFiles(ctx.storage, async (put) => {
    await put(key, upload.bytes, file.mime);
    return ctx.db.transaction(async (tx) => {
      const [current] = await rows<Current>(
        tx,
        sql`SELECT version, title, number, issuer, topics, description, access, embargo_until::text AS embargo_until,
              file_key, file_name, file_type, file_size::int AS file_size, page_count, unit_code
            FROM library_documents WHERE id = ${id} FOR UPDATE`,
      );
      if (!current) throw errors.notFound('tài liệu');
      const old = await storedPassages(tx, id);
      const oldText = old.map((p) => passageText(passageOfRow(p))).join('\n\n');
      // Documents loaded before versions were recorded get their row now.
      await tx.execute(sql`
        INSERT INTO library_document_versions (document_id, version, title, file_key, file_name, file_type, file_size, note)
        VALUES (${id}, ${current.version}, ${current.title}, ${current.file_key}, ${current.file_name},
          ${current.file_type}, ${current.file_size}, 'Bản đầu')
        ON CONFLICT (document_id, version) DO NOTHING`);
      await tx.execute(sql`
        UPDATE library_document_versions SET text_body = ${oldText}, page_count = ${current.page_count}
        WHERE document_id = ${id} AND version = ${current.version}`);
      const next = current.version + 1;
      await tx.execute(sql`
        INSERT INTO library_document_versions (document_id, version, title, file_key, file_name, file_type, file_size, note, created_by)
        VALUES (${id}, ${next}, ${current.title}, ${key}, ${upload.fileName}, ${file.mime}, ${upload.bytes.length},
          ${note}, ${user.id})`);
      await tx.execute(sql`
        UPDATE library_documents SET version = ${next}, file_key = ${key}, file_name = ${upload.fileName},
          file_type = ${file.mime}, file_size = ${upload.bytes.length},
          page_count = ${extracted.unit === 'page' ? Math.max(extracted.parts.length, 1) : null},
          text_status = ${file.kind === 'image' ? 'pending_ocr' : 'done'}, updated_at = now()
        WHERE id = ${id}`);
      await indexDocument(
        tx,
        id,
        {
          title: current.title,
          number: current.number,
          issuer: current.issuer,
          topics: current.topics,
          description: current.description,
        },
        passages,
        { publicWords: current.access === 'public' && !current.embargo_until },
      );
      if (file.kind === 'image') ocrJob = await queueOcr(tx, id);
      await recordAudit(tx, actor, {
        action: 'library.document.version',
        entityType: 'library_document',
        entityId: id,
        before: { version: current.version, fileName: current.file_name },
        after: { version: next, fileName: upload.fileName, fileSize: upload.bytes.length, note },
        unitCode: current.unit_code,
      });
      return next;
    });
  });
  if (ocrJob !== null) ctx.events.emit('library.ocr_queued', { jobId: ocrJob });
  return version;
}

/** The file of one version of a visible document. */
export async function versionFile(
  ctx: AppContext,
  viewer: CurrentUser | null,
  id: number,
  version: number,
  reader: Reader,
) {
  await findVisibleDocument(ctx.db, viewer, id);
  const [row] = await rows<{
    file_key: string | null;
    file_name: string | null;
    file_type: string | null;
  }>(
    ctx.db,
    sql`SELECT file_key, file_name, file_type FROM library_document_versions
        WHERE document_id = ${id} AND version = ${version}`,
  );
  if (!row?.file_key) throw errors.notFound('tệp của phiên bản này');
  const body = await readStoredFile(ctx, row.file_key);
  await countUse(ctx.db, 'download', id, reader);
  return {
    body,
    fileName: row.file_name ?? `tai-lieu-${id}-phien-ban-${version}`,
    contentType: row.file_type ?? 'application/octet-stream',
  };
}
