import type { MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, requireAdmin, requireUser } from '../platform/auth/access';
import type { ApiServer, AppContext } from '../platform/context';
import { parseJsonText, refuseInvalidCharacters } from '../platform/http/body';
import { refuseInvalidFileName } from '../platform/storage/file-check';
import { attachmentDisposition } from '../platform/http/download';
import { AppError, errors } from '../platform/http/errors';
import { errorResponse, recordId } from '../platform/http/schema';
import {
  addToCollection,
  collectionIn,
  collectionItemOut,
  collectionItems,
  collectionOut,
  collectionUpdate,
  createCollection,
  deleteCollection,
  getCollection,
  listCollections,
  removeFromCollection,
  updateCollection,
} from './library.collections';
import {
  abbreviationIn,
  abbreviationOut,
  abbreviationParams,
  addAbbreviation,
  changeAbbreviation,
  deleteAbbreviation,
  listAbbreviations,
} from './library.abbreviations';
import { handleOai, oaiFailure } from './library.oai';
import { passageOut, passageParams, readPassage } from './library.passages';
import { addVersion, versionFile, versionNote, versionParams } from './library.versions';
import { LIBRARIAN_ROLES } from './library.policy';
import { libraryStats, statsWorkbook } from './library.stats';
import { presentDocument } from './library.presenter';
import { readerOf, searcherOf } from './library.readers';
import { documentMetadataIn, idParams, searchQuery, searchResult } from './library.schema';
import { searchDocuments } from './library.search';
import { jobsOf } from './library.ocr';
import {
  countUse,
  createDocument,
  documentFile,
  findVisibleDocument,
  readDocument,
  type Upload,
} from './library.service';

export const TAGS = ['Thư viện'];

/** Search and browse: public, filtered by what the reader may see. */
export function searchRoutes(api: ApiServer, ctx: AppContext): void {
  api.get(
    '/api/v1/library/search',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: 'Tìm kiếm tài liệu (có dấu hoặc không dấu, "cụm từ", số ký hiệu), kèm bộ lọc',
        querystring: searchQuery,
        response: { 200: searchResult, 400: errorResponse },
      },
    },
    async (request) => {
      const result = await searchDocuments(ctx.db, request.user, request.query);
      if (request.query.q?.trim() && request.query.page === 1) {
        ctx.events.emit('library.searched', {
          query: request.query.q.trim(),
          total: result.total,
          searcher: searcherOf(ctx, request),
        });
      }
      return result;
    },
  );
}

/** The one file of a multipart upload; its name (stored) may not carry a control character. */
async function uploadOf(part: MultipartFile, earlier: Upload | null): Promise<Upload> {
  if (earlier) throw errors.validation('file', 'chỉ gửi một tệp mỗi lần.');
  const fileName = refuseInvalidFileName(part.filename, 'file');
  return { fileName, bytes: await part.toBuffer() };
}

/** Reads the multipart body of an upload: one file and the «metadata» JSON field. */
async function readUpload(request: FastifyRequest): Promise<{ upload: Upload; metadata: unknown }> {
  if (!request.isMultipart()) {
    throw errors.badRequest(
      'Cần gửi dạng multipart/form-data với tệp (file) và thông tin (metadata).',
      'file',
    );
  }
  let upload: Upload | null = null;
  let metadata: unknown = undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') upload = await uploadOf(part, upload);
    else if (part.fieldname === 'metadata') {
      metadata = parseJsonText(String(part.value), 'metadata');
    }
  }
  if (!upload) throw errors.validation('file', 'chưa chọn tệp.');
  if (metadata === undefined) throw errors.validation('metadata', 'thiếu thông tin tài liệu.');
  return { upload, metadata };
}

function parseMetadata(value: unknown) {
  const parsed = documentMetadataIn.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'metadata';
    throw errors.validation(field, issue?.message ?? 'không hợp lệ.');
  }
  return parsed.data;
}

type Download = { body: Buffer; fileName: string; contentType: string };

/** Sends a file as an attachment, its Vietnamese name kept in filename*. */
function sendDownload(reply: FastifyReply, file: Download) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachmentDisposition(file.fileName, 'tai-lieu'))
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}

/** Reading, downloading and uploading documents. */
export function documentRoutes(api: ApiServer, ctx: AppContext): void {
  api.get(
    '/api/v1/library/documents/:id',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: 'Một tài liệu: thông tin, mục lục theo điều, toàn văn, văn bản liên quan',
        params: idParams,
        response: {
          200: z.record(z.string(), z.unknown()).describe('Tài liệu'),
          400: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      const view = await readDocument(ctx.db, request.user, request.params.id);
      await countUse(ctx.db, 'view', request.params.id, readerOf(ctx, request));
      return presentDocument(view);
    },
  );

  api.get(
    '/api/v1/library/documents/:id/file',
    { config: { public: true }, schema: { tags: TAGS, summary: 'Tải tệp gốc', params: idParams } },
    async (request, reply) =>
      sendDownload(
        reply,
        await documentFile(ctx, request.user, request.params.id, readerOf(ctx, request)),
      ),
  );

  api.get(
    '/api/v1/library/documents/:id/passages/:anchor',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: 'Một điều, khoản hoặc điểm của tài liệu, kèm trích dẫn (dieu-8-khoan-4-diem-b)',
        params: passageParams,
        response: { 200: passageOut, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => readPassage(ctx.db, request.user, request.params.id, request.params.anchor),
  );

  api.get(
    '/api/v1/library/documents/:id/jobs',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: 'Tiến độ nhận dạng chữ (OCR) của tài liệu ảnh',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                status: z.string(),
                progress: z.number().describe('0–1'),
                message: z.string().nullable(),
              }),
            ),
          }),
          400: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      await findVisibleDocument(ctx.db, request.user, request.params.id);
      return { items: await jobsOf(ctx, request.params.id) };
    },
  );

  api.post(
    '/api/v1/library/documents',
    {
      schema: {
        tags: TAGS,
        summary:
          'Tải lên tài liệu (multipart: file + metadata JSON); trích chữ, tách điều, lập chỉ mục',
        consumes: ['multipart/form-data'],
        response: {
          201: z.object({ id: z.number(), permalink: z.string() }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { upload, metadata } = await readUpload(request);
      const meta = parseMetadata(metadata);
      const id = await createDocument(ctx, user, meta, upload, actorOf(request));
      return reply.status(201).send({ id, permalink: `/library/documents/${id}` });
    },
  );
}

function argsOf(search: string): Record<string, string[]> {
  const args: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) (args[key] ??= []).push(value);
  return args;
}

/** OAI-PMH 2.0 at /oai (GET, or POST as application/x-www-form-urlencoded). */
export async function oaiRoutes(api: ApiServer, ctx: AppContext): Promise<void> {
  await api.register((scope, _options, ready) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        done(null, body);
      },
    );
    const baseUrlOf = (request: FastifyRequest) => `${request.protocol}://${request.host}/oai`;
    const respond = async (request: FastifyRequest, reply: FastifyReply, search: string) => {
      const body = await handleOai(ctx.db, {
        baseUrl: baseUrlOf(request),
        args: argsOf(search),
        pageSize: ctx.config.libraryOaiPageSize,
      });
      return reply.type('text/xml; charset=utf-8').send(body);
    };
    // Harvesters read XML: a request HTTP refused or a fault is answered in OAI-PMH's shape too.
    scope.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      const status = (error instanceof AppError ? error.status : error.statusCode) ?? 500;
      const fault = status < 400 || status >= 500;
      if (fault) request.log.error({ err: error }, 'unhandled error');
      return reply
        .status(fault ? 500 : status)
        .type('text/xml; charset=utf-8')
        .send(oaiFailure(baseUrlOf(request), fault, request.id));
    });
    scope.get(
      '/oai',
      { schema: { tags: ['OAI-PMH'], summary: 'OAI-PMH 2.0 (oai_dc), tài liệu công khai' } },
      (request, reply) => respond(request, reply, request.raw.url?.split('?')[1] ?? ''),
    );
    scope.post(
      '/oai',
      { schema: { tags: ['OAI-PMH'], summary: 'OAI-PMH 2.0 qua POST' } },
      (request, reply) =>
        respond(request, reply, typeof request.body === 'string' ? request.body : ''),
    );
    ready();
  });
}

const collectionParams = z.object({
  id: recordId('Mã bộ sưu tập'),
});
const itemBody = z.object({ documentId: z.number().int().positive().describe('Mã tài liệu') });
const itemParams = collectionParams.extend({
  documentId: recordId('Mã tài liệu'),
});

/** Collections by level and theme, managed by the librarians of each unit. */
export function collectionRoutes(api: ApiServer, ctx: AppContext): void {
  api.get(
    '/api/v1/library/collections',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: 'Các bộ sưu tập',
        response: { 200: z.object({ items: z.array(collectionOut) }) },
      },
    },
    async (request) => ({ items: await listCollections(ctx.db, request.user) }),
  );
  api.get(
    '/api/v1/library/collections/:id',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: 'Một bộ sưu tập',
        params: collectionParams,
        response: { 200: collectionOut, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => getCollection(ctx.db, request.user, request.params.id),
  );
  api.post(
    '/api/v1/library/collections',
    {
      schema: {
        tags: TAGS,
        summary: 'Tạo bộ sưu tập (cán bộ, lãnh đạo của đơn vị)',
        body: collectionIn,
        response: {
          201: z.object({ id: z.number() }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const id = await createCollection(ctx.db, user, request.body, actorOf(request));
      return reply.status(201).send({ id });
    },
  );
  api.put(
    '/api/v1/library/collections/:id',
    {
      schema: {
        tags: TAGS,
        summary:
          'Sửa tên, mô tả, chủ đề, chế độ công khai của bộ sưu tập (trường không gửi giữ nguyên)',
        params: collectionParams,
        body: collectionUpdate,
        response: {
          200: z.object({ ok: z.literal(true) }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      await updateCollection(
        ctx.db,
        requireUser(request),
        request.params.id,
        request.body,
        actorOf(request),
      );
      return { ok: true as const };
    },
  );
  api.delete(
    '/api/v1/library/collections/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Xoá bộ sưu tập (tài liệu trong đó vẫn còn trong thư viện)',
        params: collectionParams,
        response: {
          200: z.object({ ok: z.literal(true) }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      await deleteCollection(ctx.db, requireUser(request), request.params.id, actorOf(request));
      return { ok: true as const };
    },
  );
  api.get(
    '/api/v1/library/collections/:id/items',
    {
      config: { public: true },
      schema: {
        tags: TAGS,
        summary: 'Các tài liệu của bộ sưu tập mà người đọc được xem, theo thứ tự',
        params: collectionParams,
        response: {
          200: z.object({ items: z.array(collectionItemOut) }),
          400: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => ({
      items: await collectionItems(ctx.db, request.user, request.params.id),
    }),
  );
  api.post(
    '/api/v1/library/collections/:id/items',
    {
      schema: {
        tags: TAGS,
        summary: 'Thêm tài liệu vào bộ sưu tập',
        params: collectionParams,
        body: itemBody,
        response: {
          200: z.object({ ok: z.literal(true) }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      await addToCollection(
        ctx.db,
        requireUser(request),
        request.params.id,
        request.body.documentId,
        actorOf(request),
      );
      return { ok: true as const };
    },
  );
  api.delete(
    '/api/v1/library/collections/:id/items/:documentId',
    {
      schema: {
        tags: TAGS,
        summary: 'Bỏ tài liệu khỏi bộ sưu tập',
        params: itemParams,
        response: {
          200: z.object({ ok: z.literal(true) }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      await removeFromCollection(
        ctx.db,
        requireUser(request),
        request.params.id,
        request.params.documentId,
        actorOf(request),
      );
      return { ok: true as const };
    },
  );
}

const statsQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1, 'ít nhất 1 ngày.')
    .max(3650)
    .default(30)
    .describe('Số ngày gần nhất'),
});

/** Usage statistics for librarians, with Excel export. */
export function statsRoutes(api: ApiServer, ctx: AppContext): void {
  const requireLibrarian = (request: FastifyRequest) => {
    const user = requireUser(request);
    if (!user.roles.some((g) => LIBRARIAN_ROLES.includes(g.role))) throw errors.forbidden();
    return user;
  };
  api.get(
    '/api/v1/library/stats',
    {
      schema: {
        tags: TAGS,
        summary: 'Thống kê sử dụng thư viện',
        querystring: statsQuery,
        response: {
          200: z.record(z.string(), z.unknown()).describe('Thống kê'),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (request) => libraryStats(ctx.db, requireLibrarian(request), request.query.days),
  );
  api.get(
    '/api/v1/library/stats.xlsx',
    { schema: { tags: TAGS, summary: 'Xuất thống kê ra Excel', querystring: statsQuery } },
    async (request, reply) => {
      const stats = await libraryStats(ctx.db, requireLibrarian(request), request.query.days);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="thong-ke-thu-vien-${request.query.days}-ngay.xlsx"`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(await statsWorkbook(stats));
    },
  );
}

/** The abbreviation dictionary: read by any signed-in user, edited by system administrators. */
export function abbreviationRoutes(api: ApiServer, ctx: AppContext): void {
  const failures = {
    400: errorResponse,
    401: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
  };
  api.get(
    '/api/v1/library/abbreviations',
    {
      schema: {
        tags: TAGS,
        summary: 'Từ điển viết tắt dùng khi tìm kiếm',
        response: { 200: z.object({ items: z.array(abbreviationOut) }), 401: errorResponse },
      },
    },
    async (request) => {
      requireUser(request);
      return { items: await listAbbreviations(ctx.db) };
    },
  );
  api.post(
    '/api/v1/library/abbreviations',
    {
      schema: {
        tags: TAGS,
        summary: 'Thêm từ viết tắt (quản trị viên hệ thống); có hiệu lực ngay khi tìm kiếm',
        body: abbreviationIn,
        response: { 201: abbreviationOut, ...failures },
      },
    },
    async (request, reply) => {
      const user = requireAdmin(request);
      const saved = await addAbbreviation(ctx.db, user, request.body, actorOf(request));
      return reply.status(201).send(saved);
    },
  );
  api.put(
    '/api/v1/library/abbreviations/:key',
    {
      schema: {
        tags: TAGS,
        summary: 'Sửa từ viết tắt (quản trị viên hệ thống)',
        params: abbreviationParams,
        body: abbreviationIn,
        response: { 200: abbreviationOut, ...failures },
      },
    },
    async (request) => {
      const user = requireAdmin(request);
      return changeAbbreviation(ctx.db, user, request.params.key, request.body, actorOf(request));
    },
  );
  api.delete(
    '/api/v1/library/abbreviations/:key',
    {
      schema: {
        tags: TAGS,
        summary: 'Xoá từ viết tắt (quản trị viên hệ thống)',
        params: abbreviationParams,
        response: { 200: z.object({ ok: z.literal(true) }), ...failures },
      },
    },
    async (request) => {
      requireAdmin(request);
      await deleteAbbreviation(ctx.db, request.params.key, actorOf(request));
      return { ok: true as const };
    },
  );
}

/** Reads a new version's multipart body: one file and an optional «note». */
async function readVersionUpload(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw errors.badRequest('Cần gửi dạng multipart/form-data với tệp (file).', 'file');
  }
  let upload: Upload | null = null;
  let note: unknown = undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') upload = await uploadOf(part, upload);
    else if (part.fieldname === 'note') note = refuseInvalidCharacters(String(part.value), 'note');
  }
  if (!upload) throw errors.validation('file', 'chưa chọn tệp.');
  const parsed = versionNote.safeParse(note);
  if (!parsed.success) throw errors.validation('note', parsed.error.issues[0]?.message ?? '');
  return { upload, note: parsed.data ?? null };
}

/** Versions of a document: upload a new one (librarians of the owning unit), download any. */
export function versionRoutes(api: ApiServer, ctx: AppContext): void {
  api.post(
    '/api/v1/library/documents/:id/versions',
    {
      schema: {
        tags: TAGS,
        summary: 'Tải lên phiên bản mới (multipart: file, note); bản cũ được giữ lại',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: {
          201: z.object({ version: z.number().describe('Số phiên bản mới') }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { upload, note } = await readVersionUpload(request);
      const version = await addVersion(
        ctx,
        user,
        request.params.id,
        upload,
        note,
        actorOf(request),
      );
      return reply.status(201).send({ version });
    },
  );
  api.get(
    '/api/v1/library/documents/:id/versions/:version/file',
    {
      config: { public: true },
      schema: { tags: TAGS, summary: 'Tải tệp của một phiên bản', params: versionParams },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await versionFile(
          ctx,
          request.user,
          request.params.id,
          request.params.version,
          readerOf(ctx, request),
        ),
      ),
  );
}
