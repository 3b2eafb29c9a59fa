import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { recordAudit, type AuditActor } from '@server/platform/audit/audit.service';
import type { CurrentUser } from '@server/platform/auth/access';
import type { AppContext } from '@server/platform/context';
import { errors } from '@server/platform/http/errors';
import { withStoredFiles } from '@server/platform/storage/storage';
import { canSeePersonalData } from './feedback.policy';
import { feedbackAttachments, feedbackCases } from './feedback.tables';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 5;

/** Types accepted, detected from the bytes; the name's extension is never trusted. */
const ACCEPTED: Record<string, { ext: string; image?: 'jpeg' | 'png' | 'webp' }> = {
  'image/jpeg': { ext: 'jpg', image: 'jpeg' },
  'image/png': { ext: 'png', image: 'png' },
  'image/webp': { ext: 'webp', image: 'webp' },
  'application/pdf': { ext: 'pdf' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { ext: 'docx' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { ext: 'xlsx' },
};
const LEGACY_OFFICE: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
};

function extensionOf(name: string): string {
  return (name.split('.').pop() ?? '').toLowerCase();
}

/**
 * Checks an uploaded file and makes it safe to keep: the type comes from its content and must
 * agree with its name; images are re-encoded, which drops EXIF and GPS metadata.
 */
export async function sanitiseUpload(
  fileName: string,
  bytes: Buffer,
): Promise<{ body: Buffer; contentType: string; fileName: string }> {
  if (bytes.length === 0) throw errors.validation('file', 'tệp rỗng.');
  if (bytes.length > MAX_FILE_BYTES)
    throw errors.tooLarge('file', `mỗi tệp tối đa ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  const detected = await fileTypeFromBuffer(bytes);
  const ext = extensionOf(fileName);
  let contentType: string | undefined;
  if (detected?.mime === 'application/x-cfb' && LEGACY_OFFICE[ext])
    contentType = LEGACY_OFFICE[ext];
  else if (detected && ACCEPTED[detected.mime]) contentType = detected.mime;
  if (!contentType || !detected) {
    throw errors.validation(
      'file',
      'chỉ nhận ảnh (JPEG, PNG, WebP), PDF, Word hoặc Excel; nội dung tệp không thuộc các loại này.',
    );
  }
  const accepted = ACCEPTED[contentType];
  const sameFamily = accepted
    ? [accepted.ext, ...(accepted.ext === 'jpg' ? ['jpeg'] : [])].includes(ext)
    : ext === detected.ext || Boolean(LEGACY_OFFICE[ext]);
  if (!sameFamily) {
    throw errors.validation(
      'file',
      `tên tệp có đuôi «.${ext}» nhưng nội dung là ${detected.ext.toUpperCase()}. Hãy gửi đúng tệp.`,
    );
  }
  // Control characters are refused with the request (refuseInvalidFileName); slashes stay out.
  const safeName = fileName.normalize('NFC').replace(/[/\\]/g, '_').slice(0, 200);
  if (!accepted?.image) return { body: bytes, contentType, fileName: safeName };
  let body: Buffer;
  try {
    const image = sharp(bytes, { failOn: 'error' }).rotate();
    body = await (
      accepted.image === 'jpeg'
        ? image.jpeg({ quality: 88 })
        : accepted.image === 'png'
          ? image.png()
          : image.webp()
    ).toBuffer();
  } catch {
    throw errors.validation('file', 'ảnh bị hỏng, không đọc được.');
  }
  return { body, contentType, fileName: safeName };
}

/** Stores an upload not yet tied to a case; the token is given back to the create request. */
export async function storeUpload(ctx: AppContext, fileName: string, bytes: Buffer) {
  const clean = await sanitiseUpload(fileName, bytes);
  const token = randomBytes(16).toString('hex');
  const key = `feedback/${token.slice(0, 2)}/${token}`;
  // No file without its row: nothing would ever find or purge it.
  await withStoredFiles(ctx.storage, async (put) => {
    await put(key, clean.body, clean.contentType);
    await ctx.db.insert(feedbackAttachments).values({
      uploadToken: token,
      storageKey: key,
      fileName: clean.fileName,
      contentType: clean.contentType,
      size: clean.body.length,
    });
  });
  return {
    token,
    fileName: clean.fileName,
    contentType: clean.contentType,
    size: clean.body.length,
  };
}

/** A case's file, for its handlers only (the citizen's files can carry personal data). */
export async function readAttachment(
  ctx: AppContext,
  user: CurrentUser,
  caseId: number,
  attachmentId: number,
  actor: AuditActor,
) {
  const [found] = await ctx.db
    .select({ a: feedbackAttachments, c: feedbackCases })
    .from(feedbackAttachments)
    .innerJoin(feedbackCases, eq(feedbackCases.id, feedbackAttachments.caseId))
    .where(and(eq(feedbackAttachments.id, attachmentId), eq(feedbackAttachments.caseId, caseId)));
  if (!found || !canSeePersonalData(user, found.c)) throw errors.notFound('tệp đính kèm');
  await recordAudit(ctx.db, actor, {
    action: 'feedback.personal_data.view',
    entityType: 'feedback_attachment',
    entityId: attachmentId,
    unitCode: found.c.handlingUnitCode,
  });
  return { ...found.a, body: await ctx.storage.get(found.a.storageKey) };
}

/** Removes uploads never tied to a case after a day. */
export async function purgeStaleUploads(ctx: AppContext, now = new Date()): Promise<number> {
  const stale = await ctx.db
    .delete(feedbackAttachments)
    .where(
      and(
        isNull(feedbackAttachments.caseId),
        lt(feedbackAttachments.createdAt, new Date(now.getTime() - 86_400_000)),
      ),
    )
    .returning({ key: feedbackAttachments.storageKey });
  for (const s of stale) await ctx.storage.remove(s.key).catch(() => undefined);
  return stale.length;
}
