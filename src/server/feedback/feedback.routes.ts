import { z } from 'zod';
import { actorOf, requireUser } from '@server/platform/auth/access';
import type { ApiServer, AppContext } from '@server/platform/context';
import { attachmentDisposition } from '@server/platform/http/download';
import { errors } from '@server/platform/http/errors';
import { errorResponse, okResponse, recordId } from '@server/platform/http/schema';
import { refuseInvalidFileName } from '@server/platform/storage/file-check';
import { MAX_FILE_BYTES, readAttachment, storeUpload } from './feedback.attachments';
import { canManageCalendar } from './feedback.policy';
import {
  citizenActionBody,
  codeParams,
  createBody,
  createdOut,
  dayParams,
  detailOut,
  holidayBody,
  idParams,
  listOut,
  listQuery,
  noteBody,
  publicOut,
  settingsBody,
  similarQuery,
} from './feedback.schema';
import {
  addNote,
  assignees,
  citizenAction,
  createCase,
  getCase,
  listCases,
  lookupCase,
  similarCases,
  transitionCase,
} from './feedback.service';
import { transitionBody } from './feedback.schema';
import { casesWorkbook, statsReport, statsWorkbook } from './feedback.exports';
import { feedbackStats } from './feedback.stats';
import { savedViewBody, statsQuery } from './feedback.schema';
import { deleteView, listViews, saveView } from './feedback.views';
import { listAllCases } from './feedback.service';
import { recordAudit } from '@server/platform/audit/audit.service';
import {
  deleteHoliday,
  getSettings,
  listHolidays,
  putHoliday,
  saveSettings,
} from './feedback.settings';

const tags = ['Phản ánh, kiến nghị'];
/** Public submissions per client address and minute (raised by the benchmark's load test). */
const INTAKE_PER_MINUTE = Number(process.env.FEEDBACK_INTAKE_RATE_LIMIT ?? 600);
const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(200)
    .optional()
    .describe(
      'Khoá chống gửi trùng: gửi lại cùng khoá và cùng nội dung trả về cùng hồ sơ; cùng khoá với nội dung khác bị từ chối (422)',
    ),
});

/** Intake, lookup, inbox, case page and transitions. */
export function feedbackRoutes(api: ApiServer, ctx: AppContext): void {
  api.post(
    '/api/v1/feedback',
    {
      schema: {
        tags,
        summary:
          'Gửi phản ánh, kiến nghị (không cần tài khoản; cán bộ nhập thay ghi kênh tiếp nhận)',
        headers: idempotencyHeaders,
        body: createBody,
        response: {
          201: createdOut,
          200: createdOut,
          400: errorResponse,
          409: errorResponse,
          422: errorResponse,
        },
      },
      config: { public: true, rateLimit: { max: INTAKE_PER_MINUTE, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await createCase(
        ctx,
        request.body,
        { user: request.user, actor: actorOf(request) },
        {
          idempotencyKey: request.headers['idempotency-key'],
        },
      );
      return reply.status(result.created ? 201 : 200).send({ trackingCode: result.trackingCode });
    },
  );

  api.post(
    '/api/v1/feedback/uploads',
    {
      schema: {
        tags,
        summary: `Tải lên một tệp đính kèm (multipart, trường «file», tối đa ${MAX_FILE_BYTES / 1024 / 1024} MB); trả về mã để gửi kèm`,
        response: {
          201: z.object({
            token: z.string(),
            fileName: z.string(),
            contentType: z.string(),
            size: z.number(),
          }),
          400: errorResponse,
          413: errorResponse,
        },
      },
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw errors.badRequest('Cần gửi tệp dạng multipart/form-data, trường «file».', 'file');
      const part = await request.file({ limits: { fileSize: MAX_FILE_BYTES + 1, files: 1 } });
      if (!part) throw errors.validation('file', 'chưa chọn tệp.');
      const fileName = refuseInvalidFileName(part.filename, 'file');
      const bytes = await part.toBuffer();
      if (part.file.truncated)
        throw errors.tooLarge('file', `mỗi tệp tối đa ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
      return reply.status(201).send(await storeUpload(ctx, fileName, bytes));
    },
  );

  api.get(
    '/api/v1/feedback/track/:code',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Tra cứu hồ sơ theo mã (công khai, không có dữ liệu cá nhân)',
        params: codeParams,
        response: { 200: publicOut, 404: errorResponse },
      },
    },
    (request) => lookupCase(ctx, request.params.code),
  );

  api.post(
    '/api/v1/feedback/track/:code/actions',
    {
      schema: {
        tags,
        summary: 'Người gửi đánh giá, mở lại hoặc rút hồ sơ (bằng mã tra cứu)',
        params: codeParams,
        body: citizenActionBody,
        response: { 200: publicOut, 400: errorResponse, 404: errorResponse, 409: errorResponse },
      },
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    (request) => citizenAction(ctx, request.params.code, request.body, actorOf(request)),
  );

  api.get(
    '/api/v1/feedback',
    {
      schema: {
        tags,
        summary: 'Hộp thư hồ sơ của đơn vị và cấp dưới',
        querystring: listQuery,
        response: { 200: listOut, 400: errorResponse, 401: errorResponse },
      },
    },
    (request) => listCases(ctx, requireUser(request), request.query),
  );

  api.get(
    '/api/v1/feedback/stats',
    {
      schema: {
        tags,
        summary: 'Thống kê (cộng dồn theo cây đơn vị), tỷ lệ đúng hạn, chủ đề nổi bật',
        querystring: statsQuery,
      },
    },
    (request) => feedbackStats(ctx, requireUser(request), request.query),
  );

  api.get(
    '/api/v1/feedback/stats/report.docx',
    {
      schema: {
        tags,
        summary: 'Báo cáo Word theo thể thức Nghị định 30/2020/NĐ-CP',
        querystring: statsQuery,
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const stats = await feedbackStats(ctx, user, request.query);
      const place = stats.unit.name.replace(/^(Thành phố|Tỉnh|Phường|Xã|Đặc khu)\s+/u, '');
      const body = await statsReport(stats, { place, signer: user.fullName });
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header(
          'content-disposition',
          `attachment; filename="bao-cao-phan-anh-${stats.unit.code}.docx"`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );

  api.get(
    '/api/v1/feedback/stats/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Xuất Excel các bảng thống kê của đơn vị và kỳ đã chọn (không có dữ liệu cá nhân)',
        querystring: statsQuery,
      },
    },
    async (request, reply) => {
      const stats = await feedbackStats(ctx, requireUser(request), request.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="thong-ke-phan-anh-${stats.unit.code}.xlsx"`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(await statsWorkbook(stats));
    },
  );

  api.get(
    '/api/v1/feedback/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Xuất Excel danh sách hồ sơ (dữ liệu cá nhân đã che)',
        querystring: listQuery,
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const items = await listAllCases(ctx, user, request.query);
      await recordAudit(ctx.db, actorOf(request), {
        action: 'feedback.export',
        entityType: 'feedback_case',
        after: { rows: items.length, query: request.query },
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', 'attachment; filename="phan-anh-kien-nghi.xlsx"')
        .header('x-content-type-options', 'nosniff')
        .send(await casesWorkbook(items));
    },
  );

  api.get(
    '/api/v1/feedback/similar',
    {
      schema: {
        tags,
        summary: 'Hồ sơ tương tự cùng xã/phường (gợi ý gộp)',
        querystring: similarQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                trackingCode: z.string(),
                title: z.string(),
                status: z.string(),
                statusLabel: z.string(),
                receivedAt: z.string(),
                score: z.number(),
              }),
            ),
          }),
          401: errorResponse,
        },
      },
    },
    async (request) => ({ items: await similarCases(ctx, requireUser(request), request.query) }),
  );

  api.get(
    '/api/v1/feedback/:id',
    {
      schema: {
        tags,
        summary: 'Một hồ sơ (dữ liệu cá nhân chỉ với người xử lý, có ghi nhật ký)',
        params: idParams,
        response: { 200: detailOut, 401: errorResponse, 404: errorResponse },
      },
    },
    (request) => getCase(ctx, requireUser(request), request.params.id, actorOf(request)),
  );

  api.post(
    '/api/v1/feedback/:id/transitions',
    {
      schema: {
        tags,
        summary:
          'Chuyển trạng thái hồ sơ (có kiểm tra phiên bản: 409 nếu người khác đã thao tác trước)',
        params: idParams,
        body: transitionBody,
        response: {
          200: detailOut,
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    (request) =>
      transitionCase(ctx, requireUser(request), request.params.id, request.body, actorOf(request)),
  );

  api.post(
    '/api/v1/feedback/:id/notes',
    {
      schema: {
        tags,
        summary: 'Ghi chú nội bộ',
        params: idParams,
        body: noteBody,
        response: { 201: okResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      await addNote(
        ctx,
        requireUser(request),
        request.params.id,
        request.body.note,
        actorOf(request),
      );
      return reply.status(201).send({ ok: true as const });
    },
  );

  api.get(
    '/api/v1/feedback/:id/assignees',
    {
      schema: {
        tags,
        summary: 'Cán bộ có thể được giao hồ sơ',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.number(), fullName: z.string(), unitCode: z.string() }),
            ),
          }),
          404: errorResponse,
        },
      },
    },
    async (request) => ({ items: await assignees(ctx, requireUser(request), request.params.id) }),
  );

  api.get(
    '/api/v1/feedback/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Tải tệp đính kèm (người xử lý)',
        params: idParams.extend({ attachmentId: recordId('Mã tệp đính kèm') }),
      },
    },
    async (request, reply) => {
      const file = await readAttachment(
        ctx,
        requireUser(request),
        request.params.id,
        request.params.attachmentId,
        actorOf(request),
      );
      return reply
        .type(file.contentType)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .send(file.body);
    },
  );

  const viewOut = z.object({
    id: z.number(),
    name: z.string(),
    query: z.record(z.string(), z.string()),
  });
  api.get(
    '/api/v1/feedback/views',
    {
      schema: {
        tags,
        summary: 'Bộ lọc đã lưu của người dùng',
        response: { 200: z.object({ items: z.array(viewOut) }), 401: errorResponse },
      },
    },
    async (request) => ({ items: await listViews(ctx, requireUser(request)) }),
  );

  api.post(
    '/api/v1/feedback/views',
    {
      schema: {
        tags,
        summary: 'Lưu bộ lọc (cùng tên thì ghi đè)',
        body: savedViewBody,
        response: { 201: viewOut, 400: errorResponse, 401: errorResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await saveView(ctx, requireUser(request), request.body)),
  );

  api.delete(
    '/api/v1/feedback/views/:id',
    {
      schema: {
        tags,
        summary: 'Xoá bộ lọc đã lưu',
        params: idParams,
        response: { 200: okResponse, 401: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      if (!(await deleteView(ctx, requireUser(request), request.params.id)))
        throw errors.notFound('bộ lọc');
      return { ok: true as const };
    },
  );

  const holidayOut = z.object({ day: z.string(), name: z.string(), source: z.string().nullable() });
  api.get(
    '/api/v1/feedback/holidays',
    {
      schema: {
        tags,
        summary: 'Lịch ngày nghỉ dùng tính hạn',
        response: { 200: z.object({ items: z.array(holidayOut) }), 401: errorResponse },
      },
    },
    async (request) => {
      requireUser(request);
      return {
        items: (await listHolidays(ctx.db)).map((h) => ({
          day: h.day,
          name: h.name,
          source: h.source,
        })),
      };
    },
  );

  api.put(
    '/api/v1/feedback/holidays/:day',
    {
      schema: {
        tags,
        summary: 'Thêm/sửa ngày nghỉ (quản trị viên)',
        params: dayParams,
        body: holidayBody,
        response: { 200: okResponse, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (request) => {
      if (!canManageCalendar(requireUser(request)))
        throw errors.forbidden('Chỉ quản trị viên được sửa lịch ngày nghỉ.');
      await putHoliday(ctx.db, request.params.day, request.body, actorOf(request));
      return { ok: true as const };
    },
  );

  api.delete(
    '/api/v1/feedback/holidays/:day',
    {
      schema: {
        tags,
        summary: 'Xoá ngày nghỉ (quản trị viên)',
        params: dayParams,
        response: { 200: okResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      if (!canManageCalendar(requireUser(request)))
        throw errors.forbidden('Chỉ quản trị viên được sửa lịch ngày nghỉ.');
      if (!(await deleteHoliday(ctx.db, request.params.day, actorOf(request))))
        throw errors.notFound('ngày nghỉ');
      return { ok: true as const };
    },
  );

  api.get(
    '/api/v1/feedback/settings',
    {
      schema: {
        tags,
        summary: 'Thời hạn theo loại, bước và số ngày được mở lại',
        response: { 200: settingsBody, 401: errorResponse },
      },
    },
    async (request) => {
      requireUser(request);
      return getSettings(ctx.db);
    },
  );

  api.put(
    '/api/v1/feedback/settings',
    {
      schema: {
        tags,
        summary: 'Sửa thời hạn (quản trị viên)',
        body: settingsBody,
        response: { 200: settingsBody, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (request) => {
      if (!canManageCalendar(requireUser(request)))
        throw errors.forbidden('Chỉ quản trị viên được sửa thời hạn.');
      await saveSettings(ctx.db, request.body, actorOf(request));
      return getSettings(ctx.db);
    },
  );
}
