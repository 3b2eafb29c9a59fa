import { randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyRequest, type RouteOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { PROJECT_ROOT } from '../config';
import type { CurrentUser } from '../auth/access';
import { SESSION_COOKIE, userForToken } from '../auth/session';
import type { ApiServer, AppContext, AppModule } from '../context';
import { parseJson } from './body';
import { answerClientError, answerFrameworkError, isBrokenMultipart } from './client-error';
import { AppError, errors } from './errors';
import { installVietnameseMessages } from './zod-messages';

declare module 'fastify' {
  // Declaration merging needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyRequest {
    user: CurrentUser | null;
  }
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface FastifyContextConfig {
    /**
     * Anyone may call the route without a session (citizens, reference data, login). Every
     * other route under /api answers 401 to a request without a session before its input is
     * parsed or validated, so an anonymous caller learns nothing about what it expects.
     */
    public?: boolean;
  }
}

/** A registered route and whether it needs a session; see routesOf(). */
export type RouteEntry = { method: string; url: string; public: boolean };
const routeTables = new WeakMap<object, RouteEntry[]>();

/** Every route of an app built by buildApp, with its access (for tests and documentation). */
export function routesOf(app: object): RouteEntry[] {
  return routeTables.get(app) ?? [];
}

/**
 * Whether a route may be called without a session. Routes under /api need the marker
 * `config: { public: true }`, except the API documentation; the web interface's files and the
 * interoperability protocols (/oai, /open311), which are public by definition, need none.
 */
function isPublicRoute(route: RouteOptions): boolean {
  if (route.config?.public) return true;
  return !/^\/api(\/|$)/.test(route.url) || /^\/api\/docs(\/|$)/.test(route.url);
}

installVietnameseMessages();

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes that change state without a session yet, so they carry no CSRF token. */
const CSRF_EXEMPT = new Set(['/api/v1/auth/login']);
/**
 * The private routes a user holding a temporary password (set by an administrator) may call:
 * reading who they are, changing the password and signing out.
 */
const BEFORE_PASSWORD_CHANGE = new Set([
  'GET /api/v1/me',
  'HEAD /api/v1/me',
  'POST /api/v1/me/password',
  'POST /api/v1/auth/logout',
]);
export const WEB_DIST = path.join(PROJECT_ROOT, 'dist', 'web');

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function fieldOf(instancePath: string, context: string | undefined): string {
  const field = instancePath.replace(/^\//, '').replace(/\//g, '.');
  return field || context || 'body';
}

/** Builds the HTTP server with every module's routes. */
export async function buildApp(ctx: AppContext, modules: AppModule[]): Promise<ApiServer> {
  const app = Fastify({
    loggerInstance: ctx.log,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 4 * 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, parseJson(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.decorateRequest('user', null);

  const routeTable: RouteEntry[] = [];
  routeTables.set(app, routeTable);
  app.addHook('onRoute', (route) => {
    const isPublic = isPublicRoute(route);
    route.config = { ...route.config, public: isPublic };
    for (const method of [route.method].flat())
      routeTable.push({ method, url: route.url, public: isPublic });
  });

  await app.register(cookie, { secret: ctx.config.sessionSecret });
  await app.register(multipart, { limits: { fileSize: 25 * 1024 * 1024, files: 10, fields: 50 } });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Mặt trận số — API',
        version: '1.0.0',
        description:
          'API JSON của nền tảng Mặt trận số. Lỗi có dạng {"error":{code,message,field,requestId}}; danh mục mã lỗi: GET /api/v1/errors. Yêu cầu thay đổi dữ liệu trong phiên đăng nhập cần tiêu đề x-csrf-token.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.includes('%00'))
      throw errors.badRequest('Địa chỉ chứa ký tự không hợp lệ (U+0000).', 'url');
    const raw = request.cookies[SESSION_COOKIE];
    if (raw) {
      const unsigned = request.unsignCookie(raw);
      if (unsigned.valid && unsigned.value)
        request.user = await userForToken(ctx.db, unsigned.value);
    }
    // A temporary password grants nothing but replacing it: public routes answer such a user
    // as an anonymous reader, and every other private route refuses.
    if (request.user?.mustChangePassword && !request.is404) {
      if (request.routeOptions.config.public) request.user = null;
      else if (!BEFORE_PASSWORD_CHANGE.has(`${request.method} ${request.routeOptions.url}`))
        throw errors.passwordChangeRequired();
    }
    // A private route refuses an anonymous request before its body is read or validated.
    if (!request.user && !request.is404 && !request.routeOptions.config.public)
      throw errors.unauthenticated();
  });

  app.addHook('preHandler', (request: FastifyRequest, _reply, done) => {
    // Only a live session carries authority worth forging; without one a private route has
    // already answered 401 (onRequest), and a public one acts for nobody.
    const exempt =
      SAFE_METHODS.has(request.method) ||
      !request.user ||
      CSRF_EXEMPT.has(request.routeOptions.url ?? '');
    const sent = request.headers['x-csrf-token'];
    const valid = typeof sent === 'string' && safeEqual(sent, request.user?.csrfToken ?? '');
    done(exempt || valid ? undefined : errors.csrf());
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const send = (e: AppError) =>
      reply.status(e.status).send({
        error: {
          code: e.code,
          message: e.message,
          field: e.field,
          requestId: request.id,
          ...e.details,
        },
      });
    if (error instanceof AppError) return send(error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0];
      const field = fieldOf(issue?.instancePath ?? '', error.validationContext);
      return send(errors.validation(field, issue?.message ?? 'không hợp lệ.'));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      return send(errors.tooLarge('body', 'nội dung vượt quá giới hạn cho phép.'));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(
        errors.badRequest('Kiểu nội dung (Content-Type) không được hỗ trợ.', 'content-type'),
      );
    }
    if (isBrokenMultipart(error)) {
      return send(
        errors.badRequest('Nội dung multipart/form-data hỏng hoặc bị cắt ngang.', 'body'),
      );
    }
    if (error.statusCode === 429) return send(errors.rateLimited());
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(new AppError(error.statusCode, 'BAD_REQUEST', 'Yêu cầu không hợp lệ.'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(errors.internal());
  });

  for (const module of modules) await module.routes(app, ctx);

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !/^\/(api|open311|oai)(\/|$)/.test(request.url);
    if (isPage && existsSync(path.join(WEB_DIST, 'index.html'))) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({
      error: { code: 'NOT_FOUND', message: 'Không tìm thấy địa chỉ này.', requestId: request.id },
    });
  });
  return app;
}
