import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TestClient, type TestContext } from '../../../../test/harness';

type ErrorBody = { error: { code: string; field?: string; message: string } };

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const newUser = (username: string, unitCode = '48') => ({
  username,
  fullName: 'Đặng Thị Hoa',
  password: 'mat-khau-ban-dau-1',
  roles: [{ unitCode, role: 'cadre' }],
});

describe('administration of accounts', () => {
  it('creates a user who can log in, resets the password and disables the account', async () => {
    const admin = await t.factory.admin();
    const created = await admin.client.post<{ id: number }>(
      '/api/v1/admin/users',
      newUser('hoa.dang'),
    );
    expect(created.status).toBe(201);
    const user = await new TestClient(t.baseUrl).login('hoa.dang', 'mat-khau-ban-dau-1');
    expect(
      (await user.get<{ mustChangePassword: boolean }>('/api/v1/me')).body.mustChangePassword,
    ).toBe(true);

    expect(
      (
        await admin.client.post(`/api/v1/admin/users/${created.body.id}/reset-password`, {
          password: 'mat-khau-moi-cap',
        })
      ).status,
    ).toBe(200);
    expect((await user.get('/api/v1/me')).status).toBe(401);
    const again = await new TestClient(t.baseUrl).login('hoa.dang', 'mat-khau-moi-cap');

    expect((await admin.client.post(`/api/v1/admin/users/${created.body.id}/disable`)).status).toBe(
      200,
    );
    expect((await again.get('/api/v1/me')).status).toBe(401);
    const refused = await new TestClient(t.baseUrl).post<ErrorBody>('/api/v1/auth/login', {
      username: 'hoa.dang',
      password: 'mat-khau-moi-cap',
    });
    expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');

    const audit = await admin.client.get<{ items: { action: string }[] }>(
      `/api/v1/admin/audit?entityType=user&entityId=${created.body.id}`,
    );
    expect(audit.body.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.create', 'user.reset_password', 'user.disable']),
    );
  });

  it('refuses a duplicate username and bad input without writing anything', async () => {
    const admin = await t.factory.admin();
    expect((await admin.client.post('/api/v1/admin/users', newUser('trung.ten'))).status).toBe(201);
    const duplicate = await admin.client.post<ErrorBody>(
      '/api/v1/admin/users',
      newUser('trung.ten'),
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.field).toBe('username');
    const badUnit = await admin.client.post<ErrorBody>(
      '/api/v1/admin/users',
      newUser('don.vi.sai', 'KHONGCO'),
    );
    expect(badUnit.status).toBe(400);
    const badName = await admin.client.post<ErrorBody>('/api/v1/admin/users', {
      ...newUser('Tên Có Dấu'),
    });
    expect(badName.status).toBe(400);
    expect(badName.body.error.field).toBe('username');
    const list = await admin.client.get<{ items: { username: string }[] }>(
      '/api/v1/admin/users?q=don.vi.sai',
    );
    expect(list.body.items).toEqual([]);
  });

  it('is for administrators only', async () => {
    const tree = await t.factory.tree();
    const leader = await t.factory.user('leader', tree.province.code);
    const provinceAdmin = await t.factory.user('admin', tree.province.code);
    for (const client of [leader.client, provinceAdmin.client]) {
      expect((await client.get('/api/v1/admin/users')).status).toBe(403);
      expect((await client.post('/api/v1/admin/users', newUser('khong.duoc'))).status).toBe(403);
      expect((await client.get('/api/v1/admin/audit')).status).toBe(403);
    }
    expect((await t.anonymous.get('/api/v1/admin/users')).status).toBe(401);
    expect((await t.anonymous.post('/api/v1/admin/users/1/disable')).status).toBe(401);
  });

  it('filters the audit log and validates the filters', async () => {
    const admin = await t.factory.admin();
    const byAction = await admin.client.get<{ items: { action: string }[] }>(
      '/api/v1/admin/audit?action=auth.login&limit=5',
    );
    expect(byAction.status).toBe(200);
    expect(byAction.body.items.length).toBeGreaterThan(0);
    expect(byAction.body.items.every((e) => e.action.startsWith('auth.login'))).toBe(true);
    const bad = await admin.client.get<ErrorBody>('/api/v1/admin/audit?from=hom-qua');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('from');
  });
});

describe('notifications', () => {
  it('lists only my notices and marks them read', async () => {
    const { notifyUsers } = await import('../notifications/notifications.service');
    const a = await t.factory.user('cadre', '48');
    const b = await t.factory.user('cadre', '01');
    await notifyUsers(t.ctx.db, [a.id], { kind: 'test', title: 'Hồ sơ sắp đến hạn' });
    const mine = await a.client.get<{ items: { id: number; title: string }[]; unread: number }>(
      '/api/v1/notifications',
    );
    expect(mine.body.unread).toBe(1);
    expect(mine.body.items[0]?.title).toBe('Hồ sơ sắp đến hạn');
    const theirs = await b.client.get<{ items: unknown[] }>('/api/v1/notifications');
    expect(theirs.body.items).toEqual([]);
    const id = mine.body.items[0]?.id ?? 0;
    await b.client.post(`/api/v1/notifications/${id}/read`);
    expect((await a.client.get<{ unread: number }>('/api/v1/notifications')).body.unread).toBe(1);
    await a.client.post(`/api/v1/notifications/${id}/read`);
    expect((await a.client.get<{ unread: number }>('/api/v1/notifications')).body.unread).toBe(0);
    expect((await t.anonymous.get('/api/v1/notifications')).status).toBe(401);
    expect((await a.client.post('/api/v1/notifications/abc/read')).status).toBe(400);
  });
});

describe('system routes', () => {
  it('answers health, the app list, the error catalogue and the OpenAPI page', async () => {
    const health = await t.anonymous.get('/api/health');
    expect(health.body).toEqual({ status: 'ok', db: t.ctx.database.engine });
    const apps = await t.anonymous.get<{ items: { id: string }[] }>('/api/v1/apps');
    expect(apps.body.items.map((a) => a.id)).toEqual([
      'database',
      'feedback',
      'library',
      'assistant',
      'congress',
    ]);
    const catalogue = await t.anonymous.get<{ items: { code: string }[] }>('/api/v1/errors');
    expect(catalogue.body.items.map((e) => e.code)).toContain('VALIDATION_ERROR');
    const doc = await t.anonymous.get<{ openapi: string; paths: Record<string, unknown> }>(
      '/api/docs/json',
    );
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/units', '/api/v1/me']),
    );
    expect((await t.anonymous.get('/api/docs')).status).toBeLessThan(400);
    const unknown = await t.anonymous.get<ErrorBody>('/api/v1/khong-co');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });

  it('refuses NUL in the address', async () => {
    const response = await t.anonymous.get<ErrorBody>('/api/v1/units?q=a%00b');
    expect(response.status).toBe(400);
  });
});

describe('GET /api/v1/attention', () => {
  it('needs a session and lists only non-zero items', async () => {
    expect((await t.anonymous.get('/api/v1/attention')).status).toBe(401);
    const user = await t.factory.user('viewer', '01');
    const response = await user.client.get<{ items: { count: number }[] }>('/api/v1/attention');
    expect(response.status).toBe(200);
    expect(response.body.items.every((i) => i.count > 0)).toBe(true);
  });
});
