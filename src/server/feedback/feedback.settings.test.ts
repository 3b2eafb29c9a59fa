import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import { DEFAULT_SETTINGS, type FeedbackSettings } from './feedback.settings';

type ErrorBody = { error: { code: string; field?: string; message: string } };

let t: TestContext;
let admin: TestClient;
let cadre: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  const tree = await t.factory.tree('Thời Hạn');
  admin = (await t.factory.admin()).client;
  cadre = (await t.factory.user('cadre', tree.communeA.code)).client;
});
afterAll(() => t.close());

describe('/api/v1/feedback/settings', () => {
  it('shows the deadlines to staff and lets an administrator change them', async () => {
    const shown = await cadre.get<FeedbackSettings>('/api/v1/feedback/settings');
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(DEFAULT_SETTINGS);
    const changed: FeedbackSettings = {
      deadlines: {
        ...DEFAULT_SETTINGS.deadlines,
        phan_anh: { accept: 3, forward: 4, resolve: 20, resolveComplex: 40 },
      },
      reopenDays: 15,
      maxExtensionDays: 20,
    };
    const saved = await admin.put<FeedbackSettings>('/api/v1/feedback/settings', changed);
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual(changed);
    expect((await cadre.get('/api/v1/feedback/settings')).body).toEqual(changed);
  });

  it('needs a login, an administrator and valid figures', async () => {
    expect((await t.anonymous.get('/api/v1/feedback/settings')).status).toBe(401);
    expect((await t.anonymous.put('/api/v1/feedback/settings', DEFAULT_SETTINGS)).status).toBe(401);
    const refused = await cadre.put<ErrorBody>('/api/v1/feedback/settings', DEFAULT_SETTINGS);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('quản trị viên');
    const bad = await admin.put<ErrorBody>('/api/v1/feedback/settings', {
      ...DEFAULT_SETTINGS,
      reopenDays: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('reopenDays');
    const endless = await admin.put<ErrorBody>('/api/v1/feedback/settings', {
      ...DEFAULT_SETTINGS,
      maxExtensionDays: 0,
    });
    expect(endless.status).toBe(400);
    expect(endless.body.error.field).toBe('maxExtensionDays');
    const zero = await admin.put<ErrorBody>('/api/v1/feedback/settings', {
      ...DEFAULT_SETTINGS,
      deadlines: {
        ...DEFAULT_SETTINGS.deadlines,
        to_cao: { ...DEFAULT_SETTINGS.deadlines.to_cao, resolve: 0 },
      },
    });
    expect(zero.status).toBe(400);
    expect(zero.body.error.field).toBe('deadlines.to_cao.resolve');
  });
});
