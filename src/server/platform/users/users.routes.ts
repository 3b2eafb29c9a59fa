import { z } from 'zod';
import { actorOf, requireAdmin } from '../auth/access';
import { newPassword } from '../auth/auth.schema';
import { ROLES } from '../auth/auth.tables';
import type { ApiServer, AppContext } from '../context';
import { errors } from '../http/errors';
import { errorResponse, okResponse, pageQuery, recordId, requiredText } from '../http/schema';
import { createUser, listUsers, resetPassword, setDisabled, setRoles } from './users.service';

const roleInput = z.object({
  unitCode: z.string().min(1, 'không được để trống.').max(20).describe('Mã đơn vị'),
  role: z.enum(ROLES).describe('Vai trò'),
});

const userOut = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
  roles: z.array(z.object({ unitCode: z.string(), unitName: z.string(), role: z.enum(ROLES) })),
  createdAt: z.date(),
});

const idParams = z.object({ id: recordId('Mã người dùng') });

export function usersRoutes(api: ApiServer, ctx: AppContext): void {
  const tags = ['Quản trị'];

  api.get(
    '/api/v1/admin/users',
    {
      schema: {
        tags,
        summary: 'Danh sách tài khoản',
        querystring: pageQuery.extend({
          q: z.string().max(100).optional().describe('Tìm theo tên hoặc tên đăng nhập'),
          unitCode: z.string().max(20).optional().describe('Lọc theo đơn vị'),
        }),
        response: {
          200: z.object({ items: z.array(userOut), total: z.number() }),
          401: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (request) => {
      requireAdmin(request);
      return listUsers(ctx.db, request.query);
    },
  );

  api.post(
    '/api/v1/admin/users',
    {
      schema: {
        tags,
        summary: 'Tạo tài khoản',
        body: z.object({
          username: z
            .string()
            .trim()
            .toLowerCase()
            .regex(
              /^[a-z0-9][a-z0-9._-]{2,49}$/,
              'chỉ gồm chữ thường không dấu, số, dấu chấm, gạch; 3–50 ký tự.',
            )
            .describe('Tên đăng nhập'),
          fullName: requiredText(150).describe('Họ và tên'),
          email: z
            .email('không phải địa chỉ thư điện tử hợp lệ.')
            .max(200)
            .nullish()
            .describe('Thư điện tử'),
          password: newPassword.describe(
            'Mật khẩu ban đầu; người dùng phải đổi ở lần đăng nhập đầu',
          ),
          roles: z.array(roleInput).min(1, 'cần ít nhất một vai trò.').max(20),
        }),
        response: { 201: z.object({ id: z.number() }), 400: errorResponse, 409: errorResponse },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const id = await createUser(
        ctx.db,
        { ...request.body, mustChangePassword: true },
        ctx.config.argon2,
        actorOf(request),
      );
      return reply.status(201).send({ id });
    },
  );

  api.put(
    '/api/v1/admin/users/:id/roles',
    {
      schema: {
        tags,
        summary: 'Đặt lại vai trò',
        params: idParams,
        body: z.object({ roles: z.array(roleInput).max(20) }),
        response: { 200: okResponse, 404: errorResponse },
      },
    },
    async (request) => {
      requireAdmin(request);
      await setRoles(ctx.db, request.params.id, request.body.roles, actorOf(request));
      return { ok: true as const };
    },
  );

  api.post(
    '/api/v1/admin/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'Đặt lại mật khẩu (kết thúc mọi phiên của người dùng)',
        params: idParams,
        body: z.object({ password: newPassword }),
        response: { 200: okResponse, 404: errorResponse },
      },
    },
    async (request) => {
      requireAdmin(request);
      await resetPassword(
        ctx.db,
        request.params.id,
        request.body.password,
        ctx.config.argon2,
        actorOf(request),
      );
      return { ok: true as const };
    },
  );

  api.post(
    '/api/v1/admin/users/:id/disable',
    {
      schema: {
        tags,
        summary: 'Khoá tài khoản',
        params: idParams,
        response: { 200: okResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      if (admin.id === request.params.id) {
        throw errors.validation('id', 'không thể tự khoá tài khoản của mình.');
      }
      await setDisabled(ctx.db, request.params.id, true, actorOf(request));
      return { ok: true as const };
    },
  );

  api.post(
    '/api/v1/admin/users/:id/enable',
    {
      schema: {
        tags,
        summary: 'Mở khoá tài khoản',
        params: idParams,
        response: { 200: okResponse, 404: errorResponse },
      },
    },
    async (request) => {
      requireAdmin(request);
      await setDisabled(ctx.db, request.params.id, false, actorOf(request));
      return { ok: true as const };
    },
  );
}
