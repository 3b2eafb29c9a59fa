import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness';
import { routesOf } from './app';

type ErrorBody = { error: { code: string; message: string; field?: string } };

/**
 * Routes under /api that anyone may call without a session. Making a route public is a
 * deliberate decision: add it here in the same change that marks it `config: { public: true }`.
 */
const PUBLIC_API = [
  'GET /api/health',
  'GET /api/v1/apps',
  'GET /api/v1/errors',
  'POST /api/v1/auth/login',
  'GET /api/v1/units',
  'GET /api/v1/units/:code',
  'GET /api/v1/units/:code/children',
  'GET /api/v1/units/:code/ancestors',
  'POST /api/v1/feedback',
  'POST /api/v1/feedback/uploads',
  'GET /api/v1/feedback/track/:code',
  'POST /api/v1/feedback/track/:code/actions',
  'GET /api/v1/library/search',
  'GET /api/v1/library/documents/:id',
  'GET /api/v1/library/documents/:id/file',
  'GET /api/v1/library/documents/:id/passages/:anchor',
  'GET /api/v1/library/documents/:id/jobs',
  'GET /api/v1/library/documents/:id/versions/:version/file',
  'GET /api/v1/library/collections',
  'GET /api/v1/library/collections/:id',
  'GET /api/v1/library/collections/:id/items',
];

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

/** A concrete path for a route pattern, with junk in every parameter and the query. */
function junkPath(url: string): string {
  return `${url.replace(/:[A-Za-z]+/g, 'x%27')}?limit=abc&junk=%5B`;
}

describe('access to every route without a session', () => {
  it('lists the routes of every application', () => {
    const routes = routesOf(t.app);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.some((r) => r.url === '/api/v1/admin/users' && r.method === 'POST')).toBe(true);
  });

  it('marks public exactly the intended /api routes', () => {
    const publicApi = routesOf(t.app)
      .filter((r) => r.public && r.method !== 'HEAD' && /^\/api\//.test(r.url))
      .filter((r) => !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`);
    expect(publicApi.sort()).toEqual([...PUBLIC_API].sort());
  });

  it('answers 401 to each private route before reading its input, and never 500', async () => {
    const failures: string[] = [];
    for (const route of routesOf(t.app)) {
      const path = junkPath(route.url);
      const withBody = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
      const response = await fetch(`${t.baseUrl}${path}`, {
        method: route.method,
        redirect: 'manual',
        ...(withBody
          ? {
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ junk: [1, { deeper: null }], username: 7 }),
            }
          : {}),
      });
      const text = await response.text();
      const label = `${route.method} ${route.url} → ${response.status}`;
      if (response.status >= 500) failures.push(label);
      if (route.public) continue;
      const code =
        route.method === 'HEAD' ? 'UNAUTHENTICATED' : (JSON.parse(text) as ErrorBody).error.code;
      if (response.status !== 401 || code !== 'UNAUTHENTICATED') failures.push(label);
    }
    expect(failures).toEqual([]);
  });

  it('answers 401, not 400, to a private route sent broken JSON or invalid UTF-8', async () => {
    for (const body of ['{"username":', new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])]) {
      const response = await t.anonymous.request<ErrorBody>('POST', '/api/v1/admin/users', {
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHENTICATED');
      expect(response.text).not.toMatch(/username|password/);
    }
  });

  it.each([
    ['POST', '/api/v1/admin/users', {}],
    ['GET', '/api/v1/congress/export.xlsx', undefined],
    ['GET', '/api/v1/feedback/similar', undefined],
  ])('answers 401 to %s %s without a session', async (method, path, json) => {
    const response = await t.anonymous.request<ErrorBody>(method, path, { json });
    expect(response.status).toBe(401);
    expect(response.body.error.field).toBeUndefined();
  });

  it('keeps validating for a signed-in user, and 404 for unknown addresses', async () => {
    const admin = await t.factory.admin();
    const invalid = await admin.client.post<ErrorBody>('/api/v1/admin/users', {});
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_ERROR');
    const unknown = await t.anonymous.get<ErrorBody>('/api/v1/khong-co');
    expect(unknown.status).toBe(404);
  });

  it('keeps the public routes public', async () => {
    expect((await t.anonymous.get('/api/health')).status).toBe(200);
    expect((await t.anonymous.get('/api/v1/units?level=province&limit=1')).status).toBe(200);
    expect((await t.anonymous.get('/api/v1/library/search?q=luat')).status).toBe(200);
    expect((await t.anonymous.get('/oai?verb=Identify')).status).toBe(200);
    expect((await t.anonymous.get('/open311/v2/services.json')).status).toBe(200);
    expect((await t.anonymous.get('/api/docs/json')).status).toBe(200);
    const lookup = await t.anonymous.get<ErrorBody>('/api/v1/feedback/track/KHONGCO1');
    expect(lookup.status).toBe(404);
  });
});
