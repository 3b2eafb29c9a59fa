import { z } from 'zod';
import { requireAdmin } from '../auth/access';
import type { ApiServer, AppContext } from '../context';
import { errorResponse, pageQuery } from '../http/schema';
import { listAudit } from './audit.service';

const auditOut = z.object({
  id: z.number(),
  at: z.date(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  unitCode: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});

export function auditRoutes(api: ApiServer, ctx: AppContext): void {
  api.get(
    '/api/v1/admin/audit',
    {
      schema: {
        tags: ['Quản trị'],
        summary: 'Nhật ký thay đổi và truy cập dữ liệu cá nhân',
        querystring: pageQuery.extend({
          username: z.string().max(100).optional().describe('Người thực hiện'),
          unitCode: z.string().max(20).optional().describe('Đơn vị'),
          action: z.string().max(100).optional().describe('Hành động (tiền tố, ví dụ "user.")'),
          entityType: z.string().max(50).optional().describe('Loại đối tượng'),
          entityId: z.string().max(100).optional().describe('Mã đối tượng'),
          from: z.iso
            .datetime({ offset: true, message: 'phải là thời điểm ISO 8601.' })
            .optional()
            .describe('Từ thời điểm'),
          to: z.iso
            .datetime({ offset: true, message: 'phải là thời điểm ISO 8601.' })
            .optional()
            .describe('Đến thời điểm'),
        }),
        response: {
          200: z.object({ items: z.array(auditOut), total: z.number() }),
          401: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (request) => {
      requireAdmin(request);
      return listAudit(ctx.db, request.query);
    },
  );
}
