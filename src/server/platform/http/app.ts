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
import { invalidCharacterIn } from '@common/text/vietnamese';
import { PROJECT_ROOT } from '../config';
import type { CurrentUser } from '../auth/access';
import { SESSION_COOKIE, userForToken } from '../auth/session';
import type { ApiServer, AppContext, AppModule } from '../context';
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

/**
 * Refuses a text holding a control character other than tab, line feed and carriage return, DEL
 * or U+FFFE/U+FFFF (see invalidCharacterIn), naming the field and the character.
 */
export function refuseInvalidCharacters(value: string, field: string): string {
  const problem = invalidCharacterIn(value);
  if (problem) throw errors.validation(field, problem);
  return value;
}

/**
 * Reads an application/x-www-form-urlencoded body, refusing the characters JSON bodies refuse,
 * naming the field that holds one.
 */
export function parseFormText(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const name = refuseInvalidCharacters(key, 'body');
    fields[name] = refuseInvalidCharacters(value, name);
  }
  return fields;
}

/** Where a member sits in a JSON value, innermost key first. */
type JsonPath = { key: string; up: JsonPath } | null;

function nameOf(path: JsonPath, field: string): string {
  const keys: string[] = [];
  for (let at = path; at; at = at.up) keys.unshift(at.key);
  return keys.join('.') || field;
}

/** Refuses invalid characters in any key or string of a JSON value, naming its path (topics.0). */
function refuseInvalidCharactersIn(value: unknown, path: JsonPath, field: string): void {
  if (typeof value === 'string') refuseInvalidCharacters(value, nameOf(path, field));
  else if (Array.isArray(value)) {
    value.forEach((item, i) =>
      refuseInvalidCharactersIn(item, { key: String(i), up: path }, field),
    );
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      refuseInvalidCharacters(key, nameOf(path, field));
      refuseInvalidCharactersIn(item, { key, up: path }, field);
    }
  }
}

/**
 * Parses JSON text strictly, for a request body or a JSON field of a multipart form: a control
 * character (U+0000, U+001B…) or U+FFFE/U+FFFF is refused naming the member at fault as zod
 * would (title, topics.0), text that is not JSON (or nested too deeply to walk) naming `field`,
 * or with the error `notJson` makes.
 */
export function parseJsonText(
  text: string,
  field: string,
  notJson = () => errors.validation(field, 'không phải JSON hợp lệ.'),
): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    refuseInvalidCharactersIn(parsed, null, field);
    return parsed;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw notJson();
  }
}

/** Parses a JSON request body: invalid UTF-8, control characters and broken JSON are refused. */
function parseJson(body: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw errors.badRequest('Nội dung gửi lên không phải UTF-8 hợp lệ.', 'body');
  }
  if (text.trim() === '') return {};
  return parseJsonText(text, 'body', () =>
    errors.badRequest('Nội dung gửi lên không phải JSON hợp lệ.', 'body'),
  );
}

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
