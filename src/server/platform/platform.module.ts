import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditRoutes } from './audit/audit.routes';
import { authRoutes } from './auth/auth.routes';
import type { AppContext, AppModule } from './context';
import { ensureDemoAccounts } from './demo/demo-accounts';
import { requireUser } from './auth/access';
import { errorCatalogue } from './http/errors';
import { errorResponse } from './http/schema';
import { notificationsRoutes } from './notifications/notifications.routes';
import { loadUnitTree } from './units/units.service';
import { unitsRoutes } from './units/units.routes';
import { usersRoutes } from './users/users.routes';

/** The five applications shown in the launcher, in the order of the product description. */
export const APPLICATIONS = [
  {
    id: 'database',
    name: 'Cơ sở dữ liệu online',
    description: 'Hồ sơ, tổ chức thành viên, quỹ và cứu trợ của Mặt trận các cấp',
    path: '/database',
  },
  {
    id: 'feedback',
    name: 'Phản ánh, kiến nghị',
    description: 'Tiếp nhận, xử lý phản ánh, kiến nghị của người dân',
    path: '/feedback',
  },
  {
    id: 'library',
    name: 'Thư viện số',
    description: 'Thư viện số cộng đồng hỗ trợ nhân dân',
    path: '/library',
  },
  {
    id: 'assistant',
    name: 'Trợ lý ảo',
    description: 'Trợ lý ảo phục vụ công tác tham mưu',
    path: '/assistant',
  },
  {
    id: 'congress',
    name: 'Theo dõi đại hội',
    description: 'Tiến độ, kết quả đại hội MTTQ các cấp',
    path: '/congress',
  },
] as const;

export function platformModule(installed: () => AppModule[]): AppModule {
  return {
    id: 'platform',
    routes(api, ctx: AppContext) {
      api.get(
        '/api/health',
        {
          config: { public: true },
          schema: {
            tags: ['Hệ thống'],
            summary: 'Tình trạng máy chủ và cơ sở dữ liệu',
            response: {
              200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']) }),
            },
          },
        },
        async () => {
          await ctx.db.execute(sql`SELECT 1`);
          return { status: 'ok' as const, db: ctx.database.engine };
        },
      );
      api.get(
        '/api/v1/apps',
        {
          config: { public: true },
          schema: {
            tags: ['Hệ thống'],
            summary: 'Các ứng dụng của nền tảng và ứng dụng nào đã có',
            response: {
              200: z.object({
                items: z.array(
                  z.object({
                    id: z.string(),
                    name: z.string(),
                    description: z.string(),
                    path: z.string(),
                    available: z.boolean(),
                  }),
                ),
              }),
            },
          },
        },
        () => ({
          items: APPLICATIONS.map((a) => ({
            ...a,
            available: installed().some((m) => m.id === a.id),
          })),
        }),
      );
      api.get(
        '/api/v1/attention',
        {
          schema: {
            tags: ['Hệ thống'],
            summary: 'Việc cần chú ý của người dùng trong mọi ứng dụng (quá hạn, sắp đến hạn…)',
            response: {
              200: z.object({
                items: z.array(
                  z.object({
                    app: z.string(),
                    label: z.string(),
                    count: z.number(),
                    link: z.string(),
                    tone: z.enum(['danger', 'warning', 'info']),
                  }),
                ),
              }),
              401: errorResponse,
            },
          },
        },
        async (request) => {
          const user = requireUser(request);
          const lists = await Promise.all(
            installed().map((m) => (m.attention ? m.attention(ctx, user) : Promise.resolve([]))),
          );
          return { items: lists.flat().filter((item) => item.count > 0) };
        },
      );
      api.get(
        '/api/v1/errors',
        {
          config: { public: true },
          schema: {
            tags: ['Hệ thống'],
            summary: 'Danh mục mã lỗi',
            response: {
              200: z.object({
                items: z.array(
                  z.object({ status: z.number(), code: z.string(), meaning: z.string() }),
                ),
              }),
            },
          },
        },
        () => ({ items: [...errorCatalogue] }),
      );
      authRoutes(api, ctx);
      unitsRoutes(api, ctx);
      usersRoutes(api, ctx);
      auditRoutes(api, ctx);
      notificationsRoutes(api, ctx);
    },
    async seed(ctx) {
      await loadUnitTree(ctx.db);
    },
    async demo(ctx, demo) {
      await ensureDemoAccounts(ctx, demo.password);
    },
  };
}
