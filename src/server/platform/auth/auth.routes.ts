import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiServer, AppContext } from '../context';
import { errors } from '../http/errors';
import { errorResponse, okResponse } from '../http/schema';
import { findUnit, getUnit } from '../units/units.service';
import { actorOf, assertUnitAccess, isAdmin, requireUser, type CurrentUser } from './access';
import {
  activeUnitBody,
  changePasswordBody,
  loginBody,
  meResponse,
  totpCodeBody,
} from './auth.schema';
import { confirmTotp, login, startTotp } from './auth.service';
import { sessions, users } from './auth.tables';
import { hashPassword, verifyPassword } from './password';
import { destroySession, SESSION_COOKIE, SESSION_HOURS } from './session';
import { changeOwnPassword } from '../users/users.service';

function presentMe(user: CurrentUser, activeUnitName: string | null) {
  return {
    activeUnitName,
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    roles: user.roles.map(({ role, unitCode, unitName, unitLevel }) => ({
      role,
      unitCode,
      unitName,
      unitLevel,
    })),
    activeUnitCode: user.activeUnitCode,
    csrfToken: user.csrfToken,
    totpEnabled: user.totpEnabled,
    mustChangePassword: user.mustChangePassword,
    isAdmin: isAdmin(user),
  };
}

export function authRoutes(api: ApiServer, ctx: AppContext): void {
  const secure = ctx.config.env === 'production';

  api.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['Tài khoản'],
        summary: 'Đăng nhập',
        body: loginBody,
        response: {
          200: z.object({ csrfToken: z.string() }),
          401: errorResponse,
          429: errorResponse,
        },
      },
      config: {
        public: true,
        rateLimit: { max: ctx.config.loginRateLimitPerMinute, timeWindow: 60_000 },
      },
    },
    async (request, reply) => {
      const session = await login(ctx, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        signed: true,
        maxAge: SESSION_HOURS * 3600,
      });
      return { csrfToken: session.csrfToken };
    },
  );

  api.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['Tài khoản'], summary: 'Đăng xuất', response: { 200: okResponse } } },
    async (request, reply) => {
      const user = requireUser(request);
      await destroySession(ctx.db, user.sessionHash);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  api.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['Tài khoản'],
        summary: 'Người dùng hiện tại',
        response: { 200: meResponse, 401: errorResponse },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const active = user.activeUnitCode ? await findUnit(ctx.db, user.activeUnitCode) : undefined;
      return presentMe(user, active?.name ?? null);
    },
  );

  api.put(
    '/api/v1/me/active-unit',
    {
      schema: {
        tags: ['Tài khoản'],
        summary: 'Chọn đơn vị làm việc (trong phạm vi của mình)',
        body: activeUnitBody,
        response: { 200: meResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const unit = await getUnit(ctx.db, request.body.unitCode);
      assertUnitAccess(user, unit.path);
      await ctx.db
        .update(sessions)
        .set({ activeUnitCode: unit.code })
        .where(eq(sessions.tokenHash, user.sessionHash));
      return presentMe({ ...user, activeUnitCode: unit.code }, unit.name);
    },
  );

  api.post(
    '/api/v1/me/password',
    {
      schema: {
        tags: ['Tài khoản'],
        summary: 'Đổi mật khẩu của mình',
        body: changePasswordBody,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const [row] = await ctx.db
        .select({ hash: users.passwordHash })
        .from(users)
        .where(eq(users.id, user.id));
      if (!row || !(await verifyPassword(row.hash, request.body.currentPassword))) {
        throw errors.validation('currentPassword', 'mật khẩu hiện tại không đúng.');
      }
      const hash = await hashPassword(request.body.newPassword, ctx.config.argon2);
      await changeOwnPassword(ctx.db, user.id, hash, actorOf(request));
      return { ok: true as const };
    },
  );

  api.post(
    '/api/v1/me/totp/setup',
    {
      schema: {
        tags: ['Tài khoản'],
        summary: 'Bắt đầu bật xác thực hai lớp (TOTP)',
        response: { 200: z.object({ secret: z.string(), uri: z.string() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return startTotp(ctx.db, user.id, user.username);
    },
  );

  api.post(
    '/api/v1/me/totp/confirm',
    {
      schema: {
        tags: ['Tài khoản'],
        summary: 'Xác nhận mã TOTP để bật',
        body: totpCodeBody,
        response: { 200: okResponse },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await confirmTotp(ctx.db, user.id, request.body.code, actorOf(request));
      return { ok: true as const };
    },
  );
}
