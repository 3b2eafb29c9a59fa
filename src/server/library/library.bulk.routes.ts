import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, requireUser, type CurrentUser } from '../platform/auth/access';
import type { ApiServer, AppContext } from '../platform/context';
import { refuseInvalidCharacters } from '../platform/http/body';
import { refuseInvalidFileName } from '../platform/storage/file-check';
import { errors } from '../platform/http/errors';
import { errorResponse } from '../platform/http/schema';
import { buildTemplate } from '../platform/import/import.xlsx';
import {
  applyImport,
  BULK_LIMITS,
  describeLimits,
  mayImport,
  presentPreview,
  previewImport,
  type BulkInput,
} from './library.bulk';
import { bulkInfo, bulkPreview, bulkResult } from './library.bulk.schema';
import { BULK_COLUMNS, BULK_EXAMPLE } from './library.bulk.sheet';
import { megabytes } from './library.zip';
import { TAGS } from './library.routes';

const BASE = '/api/v1/library/import';
const TEMPLATE_NAME = 'Nhập tài liệu thư viện';

function requireImporter(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!mayImport(user)) throw errors.forbidden('Bạn không có quyền tải tài liệu lên thư viện.');
  return user;
}

async function readPart(
  part: { file: NodeJS.ReadableStream; toBuffer(): Promise<Buffer> },
  field: string,
  max: number,
): Promise<Buffer> {
  try {
    const bytes = await part.toBuffer();
    if (bytes.length > max) throw errors.tooLarge(field, `tệp vượt quá ${megabytes(max)}.`);
    return bytes;
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw errors.tooLarge(field, `tệp vượt quá ${megabytes(max)}.`);
    }
    throw error;
  }
}

/** Reads the multipart body: «sheet» (.xlsx or .csv), «archive» (.zip), optional «unitCode». */
async function readImport(request: FastifyRequest): Promise<BulkInput> {
  if (!request.isMultipart()) {
    throw errors.validation(
      'sheet',
      'cần gửi dạng multipart/form-data với bảng tính (sheet) và tệp nén (archive).',
    );
  }
  let sheet: BulkInput['sheet'] | null = null;
  let archive: BulkInput['archive'] | null = null;
  let unitCode: string | null = null;
  for await (const part of request.parts({ limits: { fileSize: BULK_LIMITS.maxArchiveBytes } })) {
    if (part.type === 'file') {
      // The names are written into the audit record: no control characters (U+0000 cannot be).
      const fileName = refuseInvalidFileName(part.filename, part.fieldname);
      if (part.fieldname === 'sheet') {
        sheet = { fileName, bytes: await readPart(part, 'sheet', BULK_LIMITS.maxSheetBytes) };
      } else if (part.fieldname === 'archive') {
        archive = { fileName, bytes: await readPart(part, 'archive', BULK_LIMITS.maxArchiveBytes) };
      } else {
        part.file.resume();
        throw errors.validation(part.fieldname, 'chỉ nhận hai tệp «sheet» và «archive».');
      }
    } else if (part.fieldname === 'unitCode') {
      const value = refuseInvalidCharacters(String(part.value), 'unitCode').trim();
      unitCode = value === '' ? null : value;
    }
  }
  if (!sheet || sheet.bytes.length === 0) {
    throw errors.validation('sheet', 'chưa chọn bảng tính thông tin tài liệu (.xlsx hoặc .csv).');
  }
  if (!/\.(xlsx|csv)$/iu.test(sheet.fileName)) {
    throw errors.validation('sheet', 'bảng tính phải là tệp .xlsx hoặc .csv.');
  }
  if (!archive || archive.bytes.length === 0) {
    throw errors.validation('archive', 'chưa chọn tệp nén .zip chứa các tệp tài liệu.');
  }
  if (unitCode !== null && !/^[A-Za-z0-9]{1,20}$/u.test(unitCode)) {
    throw errors.validation('unitCode', 'mã đơn vị không hợp lệ.');
  }
  return { sheet, archive, unitCode };
}

/** Bulk import: template, dry run, apply. Librarians (cadres, leaders, administrators) only. */
export function bulkImportRoutes(api: ApiServer, ctx: AppContext): void {
  api.get(
    BASE,
    {
      schema: {
        tags: TAGS,
        summary: 'Nhập hàng loạt: các cột của bảng tính và giới hạn',
        response: { 200: bulkInfo, 401: errorResponse, 403: errorResponse },
      },
    },
    (request) => {
      requireImporter(request);
      return {
        limits: describeLimits(),
        columns: BULK_COLUMNS.map((c) => ({
          key: c.key,
          header: c.headers[0] ?? c.key,
          required: c.required ?? false,
        })),
      };
    },
  );

  api.get(
    `${BASE}/template.xlsx`,
    {
      schema: {
        tags: TAGS,
        summary: 'Tải mẫu bảng tính nhập hàng loạt',
        response: { 200: z.unknown(), 401: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => {
      requireImporter(request);
      const body = await buildTemplate(BULK_COLUMNS, TEMPLATE_NAME, [BULK_EXAMPLE]);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="mau-nhap-thu-vien.xlsx"; filename*=UTF-8''${encodeURIComponent(`Mẫu nhập thư viện.xlsx`)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );

  api.post(
    `${BASE}/preview`,
    {
      schema: {
        tags: TAGS,
        summary:
          'Chạy thử nhập hàng loạt (multipart: sheet, archive, unitCode): liệt kê mọi lỗi theo dòng, không ghi gì',
        consumes: ['multipart/form-data'],
        response: {
          200: bulkPreview,
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
          413: errorResponse,
        },
      },
    },
    async (request) => {
      const user = requireImporter(request);
      const input = await readImport(request);
      return presentPreview(await previewImport(ctx, user, input));
    },
  );

  api.post(
    `${BASE}/apply`,
    {
      schema: {
        tags: TAGS,
        summary:
          'Nhập hàng loạt: thêm các dòng không lỗi (mỗi dòng trọn vẹn hoặc không); nhập lại không thay đổi gì',
        consumes: ['multipart/form-data'],
        response: {
          200: bulkResult,
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
          413: errorResponse,
        },
      },
    },
    async (request) => {
      const user = requireImporter(request);
      const input = await readImport(request);
      return applyImport(ctx, user, input, actorOf(request));
    },
  );
}
