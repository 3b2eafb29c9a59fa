import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TestClient, type TestContext } from '../../../../test/harness';
import type { TestTree } from '../../../../test/factories';
import { act, createCase, submission, type Detail } from '../../feedback/feedback.test-helpers';

type ErrorBody = { error: { code: string; message: string } };

let t: TestContext;
let tree: TestTree;
let admin: TestClient;
let handler: TestClient;
let feedbackCase: Detail;

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree();
  admin = (await t.factory.admin()).client;
  handler = (await t.factory.user('cadre', tree.communeA.code)).client;
  feedbackCase = await createCase(
    t.anonymous,
    handler,
    submission(tree.province.code, tree.communeA.code),
  );
});
afterAll(() => t.close());

/** An account an administrator created with a temporary password, signed in with it. */
async function temporaryAccount(username: string, password = 'mat-khau-tam-thoi-1') {
  const created = await admin.post<{ id: number }>('/api/v1/admin/users', {
    username,
    fullName: 'Lê Văn Tạm',
    password,
    roles: [{ unitCode: tree.communeA.code, role: 'cadre' }],
  });
  expect(created.status).toBe(201);
  const client = await new TestClient(t.baseUrl).login(username, password);
  return { id: created.body.id, client, password };
}

function expectPasswordChangeRequired(response: {
  status: number;
  body: { error?: { code: string; message?: string } };
}) {
  expect(response.status).toBe(403);
  expect(response.body.error?.code).toBe('PASSWORD_CHANGE_REQUIRED');
  expect(response.body.error?.message).toBe('Bạn cần đổi mật khẩu trước khi tiếp tục.');
}

function libraryUpload(): FormData {
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({ title: 'Sổ tay tạm', docType: 'Sổ tay', unitCode: tree.communeA.code }),
  );
  form.set('file', new Blob([Buffer.from('Điều 1. Nội dung thử.')]), 'so-tay.txt');
  return form;
}

describe('an account that must change its temporary password', () => {
  it('may only read itself, change the password or leave until it has changed it', async () => {
    const { client, password } = await temporaryAccount('tam.thoi');
    const me = await client.get<{ mustChangePassword: boolean }>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.mustChangePassword).toBe(true);

    const read = await client.get<ErrorBody>(`/api/v1/feedback/${feedbackCase.id}`);
    expectPasswordChangeRequired(read);
    expect(read.text).not.toContain('Nguyễn Văn Bình');
    expectPasswordChangeRequired(await act(client, feedbackCase, 'accept'));
    expectPasswordChangeRequired(await client.get<ErrorBody>('/api/v1/feedback'));
    expectPasswordChangeRequired(
      await client.request<ErrorBody>('POST', '/api/v1/library/documents', {
        body: libraryUpload(),
      }),
    );
    expectPasswordChangeRequired(
      await client.put<ErrorBody>('/api/v1/me/active-unit', { unitCode: tree.communeA.code }),
    );
    expect((await handler.get<Detail>(`/api/v1/feedback/${feedbackCase.id}`)).body.version).toBe(
      feedbackCase.version,
    );

    const changed = await client.post('/api/v1/me/password', {
      currentPassword: password,
      newPassword: 'mat-khau-rieng-cua-toi',
    });
    expect(changed.status).toBe(200);
    expect(
      (await client.get<{ mustChangePassword: boolean }>('/api/v1/me')).body.mustChangePassword,
    ).toBe(false);
    const after = await client.get<Detail>(`/api/v1/feedback/${feedbackCase.id}`);
    expect(after.status).toBe(200);
    expect(after.body.petitioner?.name).toBe('Nguyễn Văn Bình');
  });

  it('is answered as an anonymous reader on public routes and may sign out', async () => {
    const { client } = await temporaryAccount('tam.cong.khai');
    expect((await client.get('/api/v1/library/search?q=luat')).status).toBe(200);
    const intake = await client.post(
      '/api/v1/feedback',
      submission(tree.province.code, tree.communeA.code),
    );
    expect(intake.status).toBe(201);
    expect((await client.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await client.get('/api/v1/me')).status).toBe(401);
  });

  it('is blocked again after an administrator resets the password', async () => {
    const { id, client: user, password } = await temporaryAccount('tam.dat.lai');
    await user.post('/api/v1/me/password', {
      currentPassword: password,
      newPassword: 'mat-khau-rieng-cua-toi',
    });
    expect((await user.get(`/api/v1/feedback/${feedbackCase.id}`)).status).toBe(200);

    const reset = await admin.post(`/api/v1/admin/users/${id}/reset-password`, {
      password: 'mat-khau-cap-lai-1',
    });
    expect(reset.status).toBe(200);
    const again = await new TestClient(t.baseUrl).login('tam.dat.lai', 'mat-khau-cap-lai-1');
    expectPasswordChangeRequired(await again.get<ErrorBody>(`/api/v1/feedback/${feedbackCase.id}`));
  });

  it('does not hold back accounts created without a temporary password', async () => {
    const cadre = await t.factory.user('cadre', tree.communeA.code);
    expect((await cadre.client.get(`/api/v1/feedback/${feedbackCase.id}`)).status).toBe(200);
  });
});
