import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestClient } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { act, createCase, submission, type Detail } from './feedback.test-helpers';

type List = {
  items: {
    id: number;
    trackingCode: string;
    status: string;
    unitCode: string;
    dueAt: string | null;
    title: string;
  }[];
  total: number;
};
type ErrorBody = { error: { code: string; field?: string; message: string } };

let t: TestContext;
let tree: TestTree;
let cadreA: TestClient;
let cadreB: TestClient;
let provinceLeader: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree();
  cadreA = (await t.factory.user('cadre', tree.communeA.code, { fullName: 'Cán Bộ Xã A' })).client;
  cadreB = (await t.factory.user('cadre', tree.communeB.code)).client;
  provinceLeader = (await t.factory.user('leader', tree.province.code)).client;
});
afterAll(() => t.close());

const body = (overrides: Record<string, unknown> = {}) =>
  submission(tree.province.code, tree.communeA.code, overrides);

describe('POST /api/v1/feedback', () => {
  it('receives a case without an account and gives an unguessable tracking code', async () => {
    const first = await t.anonymous.post<{ trackingCode: string }>('/api/v1/feedback', body());
    const second = await t.anonymous.post<{ trackingCode: string }>('/api/v1/feedback', body());
    expect(first.status).toBe(201);
    expect(first.body.trackingCode).toMatch(
      /^PA-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{2}$/,
    );
    expect(second.body.trackingCode).not.toBe(first.body.trackingCode);
    const lookup = await t.anonymous.get<{ status: string; history: unknown[] }>(
      `/api/v1/feedback/track/${first.body.trackingCode}`,
    );
    expect(lookup.status).toBe(200);
    expect(lookup.body.status).toBe('received');
    expect(lookup.text).not.toContain('Nguyễn Văn Bình');
    expect(lookup.text).not.toContain('0905123456');
  });

  it('creates one case for the same idempotency key sent twice within 50 ms', async () => {
    const key = `key-${Math.random().toString(36).slice(2)}`;
    const headers = { 'idempotency-key': key };
    const send = () =>
      t.anonymous.request<{ trackingCode: string }>('POST', '/api/v1/feedback', {
        json: body({ title: `Trùng ${key}` }),
        headers,
      });
    const first = send();
    await new Promise((r) => setTimeout(r, 20));
    const [a, b] = await Promise.all([first, send()]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.trackingCode).toBe(b.body.trackingCode);
    const [c, d] = await Promise.all([send(), send()]);
    expect(c.body.trackingCode).toBe(a.body.trackingCode);
    expect(d.body.trackingCode).toBe(a.body.trackingCode);
    const found = await cadreA.get<List>(
      `/api/v1/feedback?q=${encodeURIComponent(`Trùng ${key}`)}`,
    );
    expect(found.body.total).toBe(1);
  });

  it('refuses the same idempotency key with a different body, and keeps the first case', async () => {
    const key = `key-${Math.random().toString(36).slice(2)}`;
    const send = (overrides: Record<string, unknown>) =>
      t.anonymous.request<{ trackingCode: string } & ErrorBody>('POST', '/api/v1/feedback', {
        json: body({ title: `Khoá dùng lại ${key}`, ...overrides }),
        headers: { 'idempotency-key': key },
      });
    const first = await send({});
    expect(first.status).toBe(201);
    const other = await send({ content: 'Một nội dung hoàn toàn khác, gửi nhầm cùng khoá.' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(other.body.error.field).toBe('idempotency-key');
    expect(other.body.error.message).toContain('nội dung khác');
    expect(other.text).not.toContain(first.body.trackingCode);
    // The same request again, its keys in another order and its text in NFD, is the same case.
    const same = body({ title: `Khoá dùng lại ${key}` });
    const reordered = Object.fromEntries(Object.entries(same).reverse());
    const again = await t.anonymous.request<{ trackingCode: string }>('POST', '/api/v1/feedback', {
      json: { ...reordered, content: same.content.normalize('NFD') },
      headers: { 'idempotency-key': key },
    });
    expect(again.status).toBe(200);
    expect(again.body.trackingCode).toBe(first.body.trackingCode);
    const found = await cadreA.get<List>(
      `/api/v1/feedback?q=${encodeURIComponent(`Khoá dùng lại ${key}`)}`,
    );
    expect(found.body.total).toBe(1);
    expect((await send({})).body.trackingCode).toBe(first.body.trackingCode);
  });

  it('asks for a title of at least 5 characters and a content of at least 10', async () => {
    for (const [overrides, field, says] of [
      [{ title: 'Ổg' }, 'title', 'tiêu đề cần ít nhất 5 ký tự'],
      [{ title: '   Ổ gà   ' }, 'title', 'tiêu đề cần ít nhất 5 ký tự'],
      [{ content: 'Hỏng nặng' }, 'content', 'nội dung cần ít nhất 10 ký tự'],
    ] as const) {
      const refused = await t.anonymous.post<ErrorBody>('/api/v1/feedback', body(overrides));
      expect(refused.status, field).toBe(400);
      expect(refused.body.error.field, field).toBe(field);
      expect(refused.body.error.message, field).toContain(says);
    }
    const shortest = await t.anonymous.post('/api/v1/feedback', {
      ...body({ title: 'Ổ gà!', content: 'Đường hỏng' }),
    });
    expect(shortest.status).toBe(201);
  });

  it('stores NFC and finds "Đường ngập sâu" by "duong ngap"', async () => {
    const title = `🌧️ ${'Đường ngập sâu'.normalize('NFD')} sau mưa 🚗`;
    const created = await t.anonymous.post<{ trackingCode: string }>(
      '/api/v1/feedback',
      body({ title }),
    );
    expect(created.status).toBe(201);
    const found = await cadreA.get<List>('/api/v1/feedback?q=duong%20ngap');
    const item = found.body.items.find((i) => i.trackingCode === created.body.trackingCode);
    expect(item?.title).toBe('🌧️ Đường ngập sâu sau mưa 🚗');
    expect(item?.title.normalize('NFC')).toBe(item?.title);
    expect(item?.title).not.toBe(title);
  });

  it('refuses a title with U+0000 with a 400 naming the field', async () => {
    const bad = await t.anonymous.post<ErrorBody>(
      '/api/v1/feedback',
      body({ title: 'Ổ gà\u0000' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('title');
  });

  it('refuses bad input in Vietnamese, naming the field, and saves nothing', async () => {
    const noConsent = await t.anonymous.post<ErrorBody>(
      '/api/v1/feedback',
      body({ consent: false, title: 'Không đồng ý' }),
    );
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.field).toBe('consent');
    expect(noConsent.body.error.message).toContain('đồng ý');
    const wrongCommune = await t.anonymous.post<ErrorBody>(
      '/api/v1/feedback',
      body({ communeCode: '20242', title: 'Sai xã' }),
    );
    expect(wrongCommune.status).toBe(400);
    expect(wrongCommune.body.error.field).toBe('communeCode');
    const badPhone = await t.anonymous.post<ErrorBody>(
      '/api/v1/feedback',
      body({ petitioner: { phone: 'abc' } }),
    );
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.field).toBe('petitioner.phone');
    const complaint = await t.anonymous.post<ErrorBody>(
      '/api/v1/feedback',
      body({ type: 'khieu_nai', petitioner: {} }),
    );
    expect(complaint.body.error.field).toBe('petitioner.name');
    const none = await cadreA.get<List>('/api/v1/feedback?q=khong%20dong%20y');
    expect(none.body.total).toBe(0);
  });
});

describe('GET /api/v1/feedback (inbox)', () => {
  it('needs a login', async () => {
    expect((await t.anonymous.get('/api/v1/feedback')).status).toBe(401);
    expect((await t.anonymous.get('/api/v1/feedback/1')).status).toBe(401);
  });

  it('shows the unit and units below, with the fixed item fields', async () => {
    const c = await createCase(t.anonymous, cadreA, body({ title: 'Đèn đường hỏng' }));
    const mine = await cadreA.get<List>('/api/v1/feedback?q=den%20duong');
    expect(mine.body.items[0]).toMatchObject({
      id: c.id,
      trackingCode: c.trackingCode,
      status: 'received',
      unitCode: tree.communeA.code,
    });
    expect(mine.body.items[0]?.dueAt).toEqual(expect.any(String));
    const province = await provinceLeader.get<List>(
      `/api/v1/feedback?unitCode=${tree.communeA.code}&q=den%20duong`,
    );
    expect(province.body.items.map((i) => i.id)).toContain(c.id);
  });

  it('gives a commune cadre of another commune nothing of the case', async () => {
    const c = await createCase(t.anonymous, cadreA, body({ title: 'Rác thải bốc mùi' }));
    const list = await cadreB.get<List>('/api/v1/feedback?limit=200');
    expect(list.body.items.map((i) => i.id)).not.toContain(c.id);
    expect(list.text).not.toContain(c.trackingCode);
    expect((await cadreB.get(`/api/v1/feedback/${c.id}`)).status).toBe(404);
    expect((await act(cadreB, c, 'classify', { field: 'moi_truong' })).status).toBe(404);
    expect((await cadreB.post(`/api/v1/feedback/${c.id}/notes`, { note: 'x' })).status).toBe(404);
    const similar = await cadreB.get(
      `/api/v1/feedback/similar?text=${encodeURIComponent('Rác thải bốc mùi')}`,
    );
    expect(similar.text).not.toContain(c.trackingCode);
  });

  it('finds a case by the start of its tracking code', async () => {
    const c = await createCase(t.anonymous, cadreA, body({ title: 'Tìm theo đầu mã tra cứu' }));
    const start = c.trackingCode.slice(0, 7);
    for (const q of [start, start.toLowerCase(), `${c.trackingCode.slice(0, 12)}`]) {
      const found = await cadreA.get<List>(`/api/v1/feedback?q=${encodeURIComponent(q)}`);
      expect(found.status, q).toBe(200);
      expect(
        found.body.items.map((i) => i.trackingCode),
        q,
      ).toContain(c.trackingCode);
      expect(
        found.body.items.every((i) => i.trackingCode.startsWith(start)),
        q,
      ).toBe(true);
    }
    const other = await cadreB.get<List>(`/api/v1/feedback?q=${encodeURIComponent(start)}`);
    expect(other.text).not.toContain(c.trackingCode);
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    const bad = await cadreA.get<ErrorBody>('/api/v1/feedback?due=later');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('due');
    for (const [query, field, says] of [
      ['status=bogus', 'status', 'trạng thái không hợp lệ'],
      ['status=received,bogus', 'status', 'trạng thái không hợp lệ'],
      ['from=2026-12-31&to=2026-01-01', 'to', 'phải cùng hoặc sau'],
    ] as const) {
      const refused = await cadreA.get<ErrorBody>(`/api/v1/feedback?${query}`);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.field, query).toBe(field);
      expect(refused.body.error.message, query).toContain(says);
      const exported = await cadreA.get<ErrorBody>(`/api/v1/feedback/export.xlsx?${query}`);
      expect(exported.status, `export ${query}`).toBe(400);
    }
    for (const query of ['status=received,in_progress', 'from=2026-01-01&to=2026-01-01']) {
      expect((await cadreA.get(`/api/v1/feedback?${query}`)).status, query).toBe(200);
    }
  });
});

describe('transitions', () => {
  it('runs the journey: classify, accept, assign, answer, publish, rate, close, reopen', async () => {
    let c: Detail = await createCase(t.anonymous, cadreA, body({ title: 'Nước sinh hoạt đục' }));
    const step = async (action: string, extra: Record<string, unknown> = {}, client = cadreA) => {
      const r = await act(client, c, action, extra);
      expect(r.status, `${action}: ${r.text}`).toBe(200);
      c = r.body;
      return c;
    };
    await step('classify', { field: 'moi_truong' });
    await step('accept');
    expect(c.status).toBe('accepted');
    const people = await cadreA.get<{ items: { id: number; fullName: string }[] }>(
      `/api/v1/feedback/${c.id}/assignees`,
    );
    const me = people.body.items.find((p) => p.fullName === 'Cán Bộ Xã A');
    await step('assign', { assigneeId: me?.id });
    await step('start');
    const later = new Date(Date.parse(c.dueAt ?? '') + 7 * 86_400_000).toISOString().slice(0, 10);
    await step('extend', { note: 'Cần xác minh thêm', newDueAt: later });
    await step('draft_answer', { answer: 'Công ty cấp nước đã súc rửa đường ống.' });
    await step('publish');
    expect(c.status).toBe('answered');
    const rated = await t.anonymous.post<{ status: string; answer: string }>(
      `/api/v1/feedback/track/${c.trackingCode}/actions`,
      { action: 'rate', rating: 4, note: 'Tốt' },
    );
    expect(rated.status).toBe(200);
    expect(rated.body.status).toBe('rated');
    expect(rated.body.answer).toBe('Công ty cấp nước đã súc rửa đường ống.');
    c = (await cadreA.get<Detail>(`/api/v1/feedback/${c.id}`)).body;
    await step('close');
    const reopened = await t.anonymous.post<{ status: string }>(
      `/api/v1/feedback/track/${c.trackingCode}/actions`,
      { action: 'reopen', note: 'Nước vẫn đục' },
    );
    expect(reopened.body.status).toBe('reopened');
    const lookup = await t.anonymous.get(`/api/v1/feedback/track/${c.trackingCode}`);
    expect(lookup.text).not.toContain('Cần xác minh thêm');
  });

  it('refuses an invalid move with a named error and a bad action with 400', async () => {
    const c = await createCase(t.anonymous, cadreA, body({ title: 'Cây đổ' }));
    const early = await act(cadreA, c, 'publish');
    expect(early.status).toBe(409);
    expect(early.body.error?.code).toBe('INVALID_TRANSITION');
    const missing = await act(cadreA, c, 'return_guidance');
    expect(missing.status).toBe(400);
    expect(missing.body.error?.field).toBe('note');
    const unknown = await act(cadreA, c, 'explode');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error?.field).toBe('action');
    expect(
      (
        await t.anonymous.post(`/api/v1/feedback/${c.id}/transitions`, {
          action: 'classify',
          expectedVersion: 1,
        })
      ).status,
    ).toBe(401);
    const rateEarly = await t.anonymous.post<ErrorBody>(
      `/api/v1/feedback/track/${c.trackingCode}/actions`,
      { action: 'rate', rating: 5 },
    );
    expect(rateEarly.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('lets one of two cadres acting at once win; the other gets 409', async () => {
    const c = await createCase(t.anonymous, cadreA, body({ title: 'Hai người cùng xử lý' }));
    const other = (await t.factory.user('cadre', tree.communeA.code)).client;
    const [a, b] = await Promise.all([
      act(cadreA, c, 'classify', { field: 'khac' }),
      act(other, c, 'return_guidance', { note: 'Gửi UBND' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const after = await cadreA.get<Detail>(`/api/v1/feedback/${c.id}`);
    expect(after.body.version).toBe(2);
    expect(after.body.events.filter((e) => e.action !== 'create')).toHaveLength(1);
  });

  it('forwards to the province, which receives it; the commune loses it', async () => {
    const c = await createCase(t.anonymous, cadreA, body({ title: 'Vượt thẩm quyền xã' }));
    const classified = await act(cadreA, c, 'classify', { field: 'dat_dai' });
    const forwarded = await act(cadreA, classified.body, 'forward', {
      forwardKind: 'front_unit',
      forwardTo: tree.province.code,
      note: 'Thuộc cấp tỉnh',
    });
    expect(forwarded.status).toBe(200);
    expect((await cadreA.get(`/api/v1/feedback/${c.id}`)).status).toBe(404);
    const atProvince = await provinceLeader.get<Detail>(`/api/v1/feedback/${c.id}`);
    expect(atProvince.body.unitCode).toBe(tree.province.code);
    const received = await act(provinceLeader, atProvince.body, 'receive_forward');
    expect(received.body.status).toBe('accepted');
    const sideways = await act(provinceLeader, received.body, 'forward', {
      forwardKind: 'front_unit',
      forwardTo: '20242',
    });
    expect(sideways.status).toBe(400);
    expect(sideways.body.error?.field).toBe('forwardTo');
  });

  it('merges a duplicate into another case suggested as similar', async () => {
    const a = await createCase(
      t.anonymous,
      cadreA,
      body({ title: 'Cống thoát nước bị tắc ở kiệt 45' }),
    );
    const b = await createCase(
      t.anonymous,
      cadreA,
      body({ title: 'Cong thoat nuoc bi tac o kiet 45 Le Loi' }),
    );
    const similar = await cadreA.get<{ items: { id: number }[] }>(
      `/api/v1/feedback/similar?communeCode=${tree.communeA.code}&excludeId=${b.id}&text=${encodeURIComponent('Cống thoát nước bị tắc kiệt 45')}`,
    );
    expect(similar.body.items.map((i) => i.id)).toContain(a.id);
    const merged = await act(cadreA, b, 'merge', { targetId: a.id });
    expect(merged.body.status).toBe('merged');
    const target = await cadreA.get<Detail>(`/api/v1/feedback/${a.id}`);
    expect(target.body.events.map((e) => e.action)).toContain('merged_in');
    const loose = await cadreA.get<{ error: { field: string } }>(
      `/api/v1/feedback/similar?text=abc&excludeId=0x1`,
    );
    expect(loose.status).toBe(400);
    expect(loose.body.error.field).toBe('excludeId');
  });

  it('merges into a case named by its tracking code, among the cases the cadre sees', async () => {
    const a = await createCase(t.anonymous, cadreA, body({ title: 'Gộp theo mã: hồ sơ đích' }));
    const b = await createCase(t.anonymous, cadreA, body({ title: 'Gộp theo mã: hồ sơ trùng' }));
    const elsewhere = await createCase(
      t.anonymous,
      cadreB,
      submission(tree.province.code, tree.communeB.code, { title: 'Hồ sơ của xã khác' }),
    );
    for (const [targetCode, says] of [
      ['PA-12', 'PA-XXXX-XXXX-XX'],
      [elsewhere.trackingCode, 'không tìm thấy hồ sơ'],
    ] as const) {
      const refused = await act(cadreA, b, 'merge', { targetCode });
      expect(refused.status, targetCode).toBe(400);
      expect(refused.body.error?.field, targetCode).toBe('targetCode');
      expect((refused.body.error as { message?: string }).message).toContain(says);
    }
    const typed = a.trackingCode.toLowerCase().replace(/-/g, ' ');
    const merged = await act(cadreA, b, 'merge', { targetCode: typed });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body.status).toBe('merged');
    expect((merged.body as Detail & { mergedIntoId: number }).mergedIntoId).toBe(a.id);
  });

  it('names the unit of each timeline entry', async () => {
    const c = await createCase(
      t.anonymous,
      cadreA,
      body({ title: 'Dòng thời gian có tên đơn vị' }),
    );
    const seen = await cadreA.get<{
      events: { unitCode: string | null; unitName: string | null }[];
    }>(`/api/v1/feedback/${c.id}`);
    expect(seen.body.events[0]).toMatchObject({
      unitCode: tree.communeA.code,
      unitName: tree.communeA.name,
    });
  });
});

describe('holidays and settings', () => {
  it('lets only an administrator edit the calendar', async () => {
    const admin = (await t.factory.admin()).client;
    expect((await t.anonymous.get('/api/v1/feedback/holidays')).status).toBe(401);
    expect(
      (await cadreA.put('/api/v1/feedback/holidays/2027-11-24', { name: 'Ngày Văn hoá Việt Nam' }))
        .status,
    ).toBe(403);
    expect((await admin.put('/api/v1/feedback/holidays/24-11-2027', { name: 'x' })).status).toBe(
      400,
    );
    expect(
      (await admin.put('/api/v1/feedback/holidays/2027-11-24', { name: 'Ngày Văn hoá Việt Nam' }))
        .status,
    ).toBe(200);
    const list = await cadreA.get<{ items: { day: string }[] }>('/api/v1/feedback/holidays');
    expect(list.body.items.map((h) => h.day)).toEqual(
      expect.arrayContaining(['2026-02-17', '2027-02-08', '2027-11-24']),
    );
  });
});
