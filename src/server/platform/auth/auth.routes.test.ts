import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TestClient, type TestContext } from '../../../../test/harness';
import { TEST_PASSWORD } from '../../../../test/factories';
import { SLOWDOWN_STEP_MS } from './auth.service';

type ErrorBody = { error: { code: string; message: string; field?: string; requestId: string } };

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('POST /api/v1/auth/login', () => {
  it('opens a session in an httpOnly SameSite cookie and answers /me', async () => {
    const tree = await t.factory.tree();
    const user = await t.factory.user('cadre', tree.communeA.code, { login: false });
    const response = await new TestClient(t.baseUrl).post('/api/v1/auth/login', {
      username: user.username,
      password: user.password,
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().join(';');
    expect(cookie).toMatch(/mts_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const client = await new TestClient(t.baseUrl).login(user.username, user.password);
    const me = await client.get<{ username: string; roles: { unitCode: string; role: string }[] }>(
      '/api/v1/me',
    );
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(user.username);
    expect(me.body.roles).toEqual([
      expect.objectContaining({ unitCode: tree.communeA.code, role: 'cadre' }),
    ]);
  });

  it('refuses a wrong password with a Vietnamese message and locks after five tries', async () => {
    const user = await t.factory.user('viewer', '48', { login: false });
    const client = new TestClient(t.baseUrl);
    for (let i = 0; i < 5; i += 1) {
      const wrong = await client.post<ErrorBody>('/api/v1/auth/login', {
        username: user.username,
        password: 'sai-mat-khau',
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    }
    const locked = await client.post<ErrorBody>('/api/v1/auth/login', {
      username: user.username,
      password: user.password,
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
  });

  it('counts and locks an unknown username exactly like a known one', async () => {
    const known = await t.factory.user('viewer', '48', { login: false });
    const sequence = async (username: string) => {
      const client = new TestClient(t.baseUrl);
      const headers = { 'x-forwarded-for': '198.51.100.7' };
      const seen: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        const response = await client.post<ErrorBody>(
          '/api/v1/auth/login',
          { username, password: 'sai-mat-khau' },
          { headers },
        );
        seen.push(`${response.status} ${response.body.error.code} ${response.body.error.message}`);
      }
      return seen;
    };
    const forKnown = await sequence(known.username);
    const forUnknown = await sequence(`khong-co-${known.username}`);
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown.slice(0, 5).every((s) => s.startsWith('401 INVALID_CREDENTIALS'))).toBe(true);
    expect(forKnown.slice(5).every((s) => s.startsWith('429 ACCOUNT_LOCKED'))).toBe(true);
  });

  it('locks a username only for the address that guessed, and only slows it elsewhere', async () => {
    const user = await t.factory.user('cadre', '48', { login: false });
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    for (let i = 0; i < 5; i += 1) {
      const wrong = await t.anonymous.post(
        '/api/v1/auth/login',
        {
          username: user.username,
          password: 'doan-mo-mat-khau',
        },
        { headers: attacker },
      );
      expect(wrong.status).toBe(401);
    }
    const stillLocked = await t.anonymous.post<ErrorBody>(
      '/api/v1/auth/login',
      { username: user.username, password: user.password },
      { headers: attacker },
    );
    expect(stillLocked.status).toBe(429);
    expect(stillLocked.body.error.code).toBe('ACCOUNT_LOCKED');

    const owner = new TestClient(t.baseUrl);
    const started = Date.now();
    const ok = await owner.post<{ csrfToken: string }>(
      '/api/v1/auth/login',
      { username: user.username, password: user.password },
      { headers: { 'x-forwarded-for': '192.0.2.10' } },
    );
    expect(ok.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOWDOWN_STEP_MS);
  });

  it('lifts the lock when an administrator resets the password', async () => {
    const admin = await t.factory.admin();
    const user = await t.factory.user('viewer', '48', { login: false });
    for (let i = 0; i < 5; i += 1)
      await t.anonymous.post('/api/v1/auth/login', { username: user.username, password: 'sai' });
    const locked = await t.anonymous.post('/api/v1/auth/login', {
      username: user.username,
      password: user.password,
    });
    expect(locked.status).toBe(429);
    const reset = await admin.client.post(`/api/v1/admin/users/${user.id}/reset-password`, {
      password: 'mat-khau-moi-2025',
    });
    expect(reset.status).toBe(200);
    const again = await new TestClient(t.baseUrl).post('/api/v1/auth/login', {
      username: user.username,
      password: 'mat-khau-moi-2025',
    });
    expect(again.status).toBe(200);
  });

  it('limits login attempts per address', async () => {
    const limited = await createTestContext({ loginRateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        statuses.push(
          (
            await limited.anonymous.post('/api/v1/auth/login', {
              username: `nobody${i}`,
              password: 'x',
            })
          ).status,
        );
      }
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('answers the same for an unknown user as for a wrong password', async () => {
    const response = await t.anonymous.post<ErrorBody>('/api/v1/auth/login', {
      username: 'khong-ton-tai',
      password: 'x',
    });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it.each([
    [{ username: 'a' }, 'password'],
    [{ username: 123, password: 'x' }, 'username'],
    [{ username: 'a'.repeat(1024 * 1024), password: 'x' }, 'username'],
    [{ username: 'ab\u0000c', password: 'x' }, 'username'],
  ])('refuses the malformed body %# naming the field', async (body, field) => {
    const response = await t.anonymous.post<ErrorBody>('/api/v1/auth/login', body);
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
    expect(response.body.error.message).toContain(field);
    expect(response.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses invalid UTF-8 and broken JSON with 400', async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x75, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
    const invalid = await t.anonymous.request<ErrorBody>('POST', '/api/v1/auth/login', {
      body: bytes,
      headers: { 'content-type': 'application/json' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.field).toBe('body');
    const broken = await t.anonymous.request<ErrorBody>('POST', '/api/v1/auth/login', {
      body: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toContain('JSON');
  });

  it('asks for and checks the TOTP second factor once enabled', async () => {
    const user = await t.factory.user('cadre', '48');
    const setup = await user.client.post<{ secret: string }>('/api/v1/me/totp/setup');
    expect(setup.status).toBe(200);
    const bad = await user.client.post<ErrorBody>('/api/v1/me/totp/confirm', { code: '000000' });
    expect(bad.status).toBe(401);
    const code = await generate({ secret: setup.body.secret });
    expect((await user.client.post('/api/v1/me/totp/confirm', { code })).status).toBe(200);

    const fresh = new TestClient(t.baseUrl);
    const missing = await fresh.post<ErrorBody>('/api/v1/auth/login', {
      username: user.username,
      password: TEST_PASSWORD,
    });
    expect(missing.body.error.code).toBe('TOTP_REQUIRED');
    const wrong = await fresh.post<ErrorBody>('/api/v1/auth/login', {
      username: user.username,
      password: TEST_PASSWORD,
      totp: '123456',
    });
    expect(wrong.body.error.code).toBe('TOTP_INVALID');
    const ok = await fresh.post('/api/v1/auth/login', {
      username: user.username,
      password: TEST_PASSWORD,
      totp: await generate({ secret: setup.body.secret }),
    });
    expect(ok.status).toBe(200);
  });
});

describe('sessions and CSRF', () => {
  it('refuses a state-changing request without the CSRF token, and changes nothing', async () => {
    const user = await t.factory.user('cadre', '48');
    const refused = await user.client.put<ErrorBody>(
      '/api/v1/me/active-unit',
      { unitCode: '20242' },
      { csrf: false },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CSRF_TOKEN_INVALID');
    const me = await user.client.get<{ activeUnitCode: string | null }>('/api/v1/me');
    expect(me.body.activeUnitCode).toBeNull();
    const forged = await user.client.put(
      '/api/v1/me/active-unit',
      { unitCode: '20242' },
      { headers: { 'x-csrf-token': 'forged' }, csrf: false },
    );
    expect(forged.status).toBe(403);
    const accepted = await user.client.put('/api/v1/me/active-unit', { unitCode: '20242' });
    expect(accepted.status).toBe(200);
  });

  it('logs out and the session stops working', async () => {
    const user = await t.factory.user('viewer', '48');
    expect((await user.client.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await user.client.get('/api/v1/me')).status).toBe(401);
    expect((await t.anonymous.post('/api/v1/auth/logout')).status).toBe(401);
  });

  it('answers 401 on /me without a session, with a request id', async () => {
    const response = await t.anonymous.get<ErrorBody>('/api/v1/me');
    expect(response.status).toBe(401);
    expect(response.body.error.requestId).toBe(response.headers.get('x-request-id'));
  });
});

describe('PUT /api/v1/me/active-unit', () => {
  it('lets a province cadre pick a commune of the province but not of another province', async () => {
    const tree = await t.factory.tree();
    const other = await t.factory.tree();
    const cadre = await t.factory.user('cadre', tree.province.code);
    const mine = await cadre.client.put<{ activeUnitCode: string }>('/api/v1/me/active-unit', {
      unitCode: tree.communeB.code,
    });
    expect(mine.body.activeUnitCode).toBe(tree.communeB.code);
    const theirs = await cadre.client.put('/api/v1/me/active-unit', {
      unitCode: other.communeA.code,
    });
    expect(theirs.status).toBe(404);
    const bad = await cadre.client.put<ErrorBody>('/api/v1/me/active-unit', { unitCode: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('unitCode');
    expect(
      (await t.anonymous.put('/api/v1/me/active-unit', { unitCode: tree.communeA.code })).status,
    ).toBe(401);
  });
});

describe('POST /api/v1/me/password', () => {
  it('changes the password after checking the current one', async () => {
    const user = await t.factory.user('viewer', '48');
    const wrong = await user.client.post<ErrorBody>('/api/v1/me/password', {
      currentPassword: 'sai',
      newPassword: 'mot-mat-khau-moi',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('currentPassword');
    const short = await user.client.post<ErrorBody>('/api/v1/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'ngan',
    });
    expect(short.body.error.field).toBe('newPassword');
    expect(
      (
        await user.client.post('/api/v1/me/password', {
          currentPassword: TEST_PASSWORD,
          newPassword: 'mot-mat-khau-moi',
        })
      ).status,
    ).toBe(200);
    await new TestClient(t.baseUrl).login(user.username, 'mot-mat-khau-moi');
    expect(
      (
        await t.anonymous.post('/api/v1/me/password', {
          currentPassword: 'a',
          newPassword: 'b'.repeat(12),
        })
      ).status,
    ).toBe(401);
  });
});
