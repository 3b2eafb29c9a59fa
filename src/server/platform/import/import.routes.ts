import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuditActor } from '../audit/audit.service';
import { actorOf, requireUser, type CurrentUser } from '../auth/access';
import type { ApiServer, AppContext } from '../context';
import { attachmentDisposition } from '../http/download';
import { AppError, errors } from '../http/errors';
import { errorResponse } from '../http/schema';
import { parseTable, type ColumnSpec, type ParsedRow, type ParsedTable } from './import.parse';
import { buildTemplate } from './import.xlsx';

/** What an application plans to do with one row: shown in the preview, done by apply. */
export type PlannedRow = ParsedRow & {
  action: 'create' | 'update' | 'unchanged' | 'error';
  label?: string;
};

export type ImportSummary = { created: number; updated: number; unchanged: number };

export type ImportDefinition = {
  /** Base path, e.g. '/api/v1/congress/import'; routes: /template.xlsx, /preview, /apply. */
  path: string;
  tags: string[];
  /** Name of the template sheet and of the downloaded file. */
  name: string;
  spec: ColumnSpec[];
  examples?: Record<string, unknown>[];
  /** Checks each row against the data the user may change; adds row errors, decides the action. */
  plan(ctx: AppContext, user: CurrentUser, table: ParsedTable): Promise<PlannedRow[]>;
  /** Applies every row in one transaction; called only when no row has an error. */
  apply(
    ctx: AppContext,
    user: CurrentUser,
    rows: PlannedRow[],
    actor: AuditActor,
  ): Promise<ImportSummary>;
};

/** Reads the one uploaded file of a multipart request (field "file"). */
export async function readUpload(
  request: FastifyRequest,
): Promise<{ buffer: Buffer; filename: string }> {
  if (!request.isMultipart())
    throw errors.validation('file', 'cần gửi tệp dạng multipart/form-data.');
  const file = await request.file();
  if (!file) throw errors.validation('file', 'cần chọn một tệp .xlsx hoặc .csv.');
  const buffer = await file.toBuffer();
  if (buffer.length === 0) throw errors.validation('file', 'tệp rỗng.');
  return { buffer, filename: file.filename ?? '' };
}

const rowOut = z.object({
  rowNumber: z.number().describe('Số dòng trong bảng tính'),
  values: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .describe('Giá trị đã đọc'),
  errors: z.array(z.object({ column: z.string(), message: z.string() })).describe('Lỗi của dòng'),
  action: z.enum(['create', 'update', 'unchanged', 'error']).describe('Sẽ làm gì với dòng này'),
  label: z.string().optional().describe('Tên đối tượng của dòng'),
});
const previewOut = z.object({
  headerRow: z.number().describe('Dòng tiêu đề tìm thấy'),
  columns: z.record(z.string(), z.string()).describe('Cột → tiêu đề tìm thấy'),
  problems: z.array(z.string()).describe('Lỗi cấp tệp'),
  rows: z.array(rowOut),
  summary: z.object({
    create: z.number(),
    update: z.number(),
    unchanged: z.number(),
    error: z.number(),
  }),
});

async function planUpload(def: ImportDefinition, ctx: AppContext, request: FastifyRequest) {
  const user = requireUser(request);
  const { buffer, filename } = await readUpload(request);
  const table = await parseTable(buffer, filename, def.spec);
  const rows = table.problems.length ? [] : await def.plan(ctx, user, table);
  const count = (a: PlannedRow['action']) => rows.filter((r) => r.action === a).length;
  return {
    user,
    table,
    rows,
    preview: {
      headerRow: table.headerRow,
      columns: table.columns,
      problems: table.problems,
      rows,
      summary: {
        create: count('create'),
        update: count('update'),
        unchanged: count('unchanged'),
        error: count('error'),
      },
    },
  };
}

/**
 * Registers the template download, the preview (a dry run that changes nothing) and the apply of a
 * spreadsheet import. Apply is all or nothing: any file problem or row error answers 400 with the
 * preview, and nothing is saved.
 */
export function registerImportRoutes(api: ApiServer, ctx: AppContext, def: ImportDefinition): void {
  api.get(
    `${def.path}/template.xlsx`,
    {
      schema: {
        tags: def.tags,
        summary: `Tải mẫu nhập: ${def.name}`,
        response: { 200: z.unknown(), 401: errorResponse },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const body = await buildTemplate(def.spec, def.name, def.examples);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachmentDisposition(`Mau-${def.name}.xlsx`))
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );

  api.post(
    `${def.path}/preview`,
    {
      schema: {
        tags: def.tags,
        summary: `Xem trước khi nhập (không thay đổi dữ liệu): ${def.name}`,
        consumes: ['multipart/form-data'],
        response: { 200: previewOut, 400: errorResponse, 401: errorResponse },
      },
    },
    async (request) => (await planUpload(def, ctx, request)).preview,
  );

  api.post(
    `${def.path}/apply`,
    {
      schema: {
        tags: def.tags,
        summary: `Nhập dữ liệu (tất cả hoặc không dòng nào): ${def.name}`,
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({ created: z.number(), updated: z.number(), unchanged: z.number() }),
          400: errorResponse,
          401: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (request) => {
      const planned = await planUpload(def, ctx, request);
      if (planned.table.problems.length)
        throw errors.validation('file', planned.table.problems.join(' '));
      const bad = planned.rows.find((r) => r.errors.length);
      if (bad) {
        throw new AppError(
          400,
          'VALIDATION_ERROR',
          `Dòng ${bad.rowNumber}: ${bad.errors.map((e) => e.message).join('; ')} — chưa nhập dòng nào; hãy sửa rồi nhập lại.`,
          'file',
        );
      }
      return def.apply(ctx, planned.user, planned.rows, actorOf(request));
    },
  );
}
