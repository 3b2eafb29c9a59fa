import { desc } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.service';
import { actorOf, requireAdmin, requireUser } from '../auth/access';
import type { ApiServer, AppContext } from '../context';
import { errorResponse, okResponse, pageQuery, recordId } from '../http/schema';
import { listNotifications, markRead, presentOutboxMail } from './notifications.service';
import { mailOutbox } from './notifications.tables';

const notificationOut = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});

export function notificationsRoutes(api: ApiServer, ctx: AppContext): void {
  const tags = ['Thông báo'];
  api.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: 'Thông báo của tôi',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(30) }),
        response: {
          200: z.object({ items: z.array(notificationOut), unread: z.number() }),
          401: errorResponse,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const result = await listNotifications(ctx.db, user.id, request.query.limit);
      return { unread: result.unread, items: result.items.map(({ userId: _u, ...n }) => n) };
    },
  );

  api.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Đánh dấu đã đọc',
        params: z.object({ id: recordId('Mã thông báo') }),
        response: { 200: okResponse },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await markRead(ctx.db, user.id, request.params.id);
      return { ok: true as const };
    },
  );

  api.post(
    '/api/v1/notifications/read-all',
    { schema: { tags, summary: 'Đánh dấu tất cả đã đọc', response: { 200: okResponse } } },
    async (request) => {
      const user = requireUser(request);
      await markRead(ctx.db, user.id);
      return { ok: true as const };
    },
  );

  api.get(
    '/api/v1/admin/outbox',
    {
      schema: {
        tags: ['Quản trị'],
        summary:
          'Hộp thư đi (khi chưa cấu hình SMTP, thư được giữ ở đây); thư gửi người dân đã che địa chỉ và nội dung',
        querystring: pageQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                toAddress: z.string().describe('Người nhận (đã che với thư gửi người dân)'),
                subject: z.string(),
                body: z.string().describe('Nội dung (bản rút gọn với thư gửi người dân)'),
                personal: z.boolean().describe('Thư gửi người dân: địa chỉ và nội dung được che'),
                status: z.string(),
                createdAt: z.date(),
              }),
            ),
          }),
          401: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (request) => {
      requireAdmin(request);
      const items = await ctx.db
        .select()
        .from(mailOutbox)
        .orderBy(desc(mailOutbox.id))
        .limit(request.query.limit)
        .offset(request.query.offset);
      await recordAudit(ctx.db, actorOf(request), {
        action: 'notifications.outbox.view',
        entityType: 'mail_outbox',
        after: { rows: items.length, offset: request.query.offset },
      });
      return { items: items.map(presentOutboxMail) };
    },
  );
}
