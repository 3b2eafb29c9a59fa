import { asc, eq } from 'drizzle-orm';
import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree, TestUser } from '../../../test/factories';
import { mailOutbox } from '@server/platform/notifications/notifications.tables';
import { checkDeadlines } from './feedback.alerts';
import { addWorkingDays, TIME_ZONE, workingDaysBetween } from './feedback.deadlines';
import { holidaySet } from './feedback.settings';
import { feedbackCases } from './feedback.tables';
import { act, createCase, submission, type Detail } from './feedback.test-helpers';

/** HTTP journeys of the moves the workflow unit tests cover only in isolation. */

type Case = Detail & { dueAt: string | null; answer: string | null; channel: string };
type PublicCase = {
  status: string;
  actions: string[];
  answer: string | null;
  history: { action: string; note: string | null }[];
};
type ErrorBody = { error: { code: string; field?: string; message: string } };
type Item = { id: number; status: string; dueState: string; channel: string };

let t: TestContext;
let tree: TestTree;
let cadre: TestUser;
let leader: TestUser;
let provinceLeader: TestUser;
let otherCommune: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree();
  cadre = await t.factory.user('cadre', tree.communeA.code);
  leader = await t.factory.user('leader', tree.communeA.code);
  provinceLeader = await t.factory.user('leader', tree.province.code);
  otherCommune = (await t.factory.user('cadre', tree.communeB.code)).client;
});
afterAll(() => t.close());

async function step(
  client: TestClient,
  c: { id: number; version: number },
  action: string,
  extra: Record<string, unknown> = {},
): Promise<Case> {
  const r = await act(client, c, action, extra);
  expect(r.status, `${action}: ${r.text}`).toBe(200);
  return r.body as Case;
}

async function newCase(title: string, overrides: Record<string, unknown> = {}, at = tree) {
  const staff =
    at === tree ? cadre.client : (await t.factory.user('cadre', at.communeA.code)).client;
  return (await createCase(
    t.anonymous,
    staff,
    submission(at.province.code, at.communeA.code, { title, ...overrides }),
  )) as Case;
}

async function inProgress(title: string, client = cadre.client, at = tree): Promise<Case> {
  let c = await newCase(title, {}, at);
  c = await step(client, c, 'classify', { field: 'moi_truong' });
  c = await step(client, c, 'accept');
  return step(client, c, 'start');
}

const itemOf = async (client: TestClient, id: number, query = '') =>
  (await client.get<{ items: Item[] }>(`/api/v1/feedback?limit=200${query}`)).body.items.find(
    (i) => i.id === id,
  );

describe('pause and resume', () => {
  it('stops the deadline clock: resuming moves the due date by the working days paused', async () => {
    let c = await inProgress('Chờ kết quả giám định nước thải');
    const dueBefore = c.dueAt ?? '';
    c = await step(cadre.client, c, 'pause', { note: 'Chờ kết quả giám định' });
    expect(c.status).toBe('paused');
    expect((await itemOf(cadre.client, c.id))?.dueState).toBe('none');
    // Two calendar weeks go by while the case waits.
    const pausedAt = new Date(Date.now() - 14 * 86_400_000);
    await t.ctx.db.update(feedbackCases).set({ pausedAt }).where(eq(feedbackCases.id, c.id));
    c = await step(cadre.client, c, 'resume');
    const holidays = await holidaySet(t.ctx.db);
    const days = workingDaysBetween(pausedAt, new Date(), holidays);
    expect(days).toBeGreaterThanOrEqual(5);
    expect(c.status).toBe('in_progress');
    expect(c.dueAt).toBe(addWorkingDays(new Date(dueBefore), days, holidays).toISOString());
    const lookup = await t.anonymous.get<PublicCase>(`/api/v1/feedback/track/${c.trackingCode}`);
    expect(lookup.body.history.map((h) => h.note)).toContainEqual(
      expect.stringContaining(`Hạn xử lý lùi ${days} ngày làm việc`),
    );
  });

  it('keeps the due date of a case resumed the day it was paused', async () => {
    let c = await inProgress('Tạm dừng trong ngày');
    const due = c.dueAt;
    c = await step(cadre.client, c, 'pause', { note: 'Chờ hồ sơ bổ sung' });
    c = await step(cadre.client, c, 'resume');
    expect(c.dueAt).toBe(due);
  });

  it('neither flags nor escalates a paused case, and does once it resumes', async () => {
    const own = await t.factory.tree('Tạm Dừng');
    const ownCadre = await t.factory.user('cadre', own.communeA.code);
    const above = await t.factory.user('leader', own.province.code);
    let c = await inProgress('Quá hạn khi đang tạm dừng', ownCadre.client, own);
    c = await step(ownCadre.client, c, 'pause', { note: 'Chờ ý kiến sở' });
    const past = new Date(Date.now() - 3 * 86_400_000);
    await t.ctx.db.update(feedbackCases).set({ dueAt: past }).where(eq(feedbackCases.id, c.id));

    await checkDeadlines(t.ctx);
    const overdueTitle = `Quá hạn: ${c.trackingCode}`;
    const escalated = `Cấp dưới quá hạn: ${c.trackingCode}`;
    const titles = async (client: TestClient) =>
      (
        await client.get<{ items: { title: string }[] }>('/api/v1/notifications?limit=200')
      ).body.items.map((n) => n.title);
    expect(await titles(ownCadre.client)).not.toContain(overdueTitle);
    expect(await titles(above.client)).not.toContain(escalated);
    expect(await itemOf(ownCadre.client, c.id, '&due=overdue')).toBeUndefined();
    expect((await itemOf(ownCadre.client, c.id))?.dueState).toBe('none');
    const stats = await above.client.get<{ overdue: number; open: number }>(
      `/api/v1/feedback/stats?unitCode=${own.province.code}`,
    );
    expect(stats.body).toMatchObject({ overdue: 0, open: 1 });

    c = await step(ownCadre.client, c, 'resume');
    expect(c.dueAt).toBe(past.toISOString());
    expect((await itemOf(ownCadre.client, c.id, '&due=overdue'))?.dueState).toBe('overdue');
    await checkDeadlines(t.ctx);
    expect(await titles(ownCadre.client)).toContain(overdueTitle);
    expect(await titles(above.client)).toContain(escalated);
  });

  it('refuses a pause without a reason, a resume of a running case, and other units', async () => {
    const c = await inProgress('Tạm dừng sai');
    const noReason = await act(cadre.client, c, 'pause');
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.field).toBe('note');
    const running = await act(cadre.client, c, 'resume');
    expect(running.status).toBe(409);
    expect(running.body.error?.code).toBe('INVALID_TRANSITION');
    expect((await act(otherCommune, c, 'pause', { note: 'x' })).status).toBe(404);
    const anonymous = await t.anonymous.post(`/api/v1/feedback/${c.id}/transitions`, {
      action: 'pause',
      expectedVersion: c.version,
      note: 'x',
    });
    expect(anonymous.status).toBe(401);
    const after = (await cadre.client.get<Case>(`/api/v1/feedback/${c.id}`)).body;
    expect(after).toMatchObject({ status: 'in_progress', version: c.version });
  });
});

describe('extension', () => {
  const localDate = (iso: string, days = 0) =>
    dayjs(iso).tz(TIME_ZONE).add(days, 'day').format('YYYY-MM-DD');

  it('refuses a date in the past, not after the current due date, or beyond the maximum', async () => {
    const c = await inProgress('Gia hạn có giới hạn');
    const dueAt = c.dueAt ?? '';
    const holidays = await holidaySet(t.ctx.db);
    const limit = addWorkingDays(new Date(dueAt), 30, holidays);
    const refusals: [string, string][] = [
      ['2020-01-01', 'quá khứ'],
      [localDate(dueAt), 'sau hạn hiện tại'],
      [localDate(dueAt, -1), 'sau hạn hiện tại'],
      [dayjs(limit).tz(TIME_ZONE).add(1, 'day').format('YYYY-MM-DD'), '30 ngày làm việc'],
      ['2099-12-31', '30 ngày làm việc'],
    ];
    for (const [newDueAt, says] of refusals) {
      const r = await act(cadre.client, c, 'extend', { note: 'Cần xác minh', newDueAt });
      expect(r.status, newDueAt).toBe(400);
      expect(r.body.error?.field, newDueAt).toBe('newDueAt');
      expect((r.body.error as { message?: string }).message, newDueAt).toContain(says);
    }
    const longest = dayjs(limit).tz(TIME_ZONE).format('YYYY-MM-DD');
    const extended = await step(cadre.client, c, 'extend', {
      note: 'Cần xác minh',
      newDueAt: longest,
    });
    expect(localDate(extended.dueAt ?? '')).toBe(longest);
    const missing = await act(cadre.client, extended, 'extend', { note: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.field).toBe('newDueAt');
  });

  it('follows the configured maximum', async () => {
    const admin = (await t.factory.admin()).client;
    const current = (await admin.get<Record<string, unknown>>('/api/v1/feedback/settings')).body;
    expect(current.maxExtensionDays).toBe(30);
    const saved = await admin.put('/api/v1/feedback/settings', { ...current, maxExtensionDays: 2 });
    expect(saved.status).toBe(200);
    try {
      const c = await inProgress('Gia hạn theo cấu hình');
      const holidays = await holidaySet(t.ctx.db);
      const limit = addWorkingDays(new Date(c.dueAt ?? ''), 2, holidays);
      const beyond = dayjs(limit).tz(TIME_ZONE).add(1, 'day').format('YYYY-MM-DD');
      const r = await act(cadre.client, c, 'extend', { note: 'Cần thêm', newDueAt: beyond });
      expect(r.status).toBe(400);
      expect((r.body.error as { message?: string }).message).toContain('2 ngày làm việc');
      const within = dayjs(limit).tz(TIME_ZONE).format('YYYY-MM-DD');
      await step(cadre.client, c, 'extend', { note: 'Cần thêm', newDueAt: within });
    } finally {
      await admin.put('/api/v1/feedback/settings', current);
    }
  });

  it('mails the citizen the new due date, not a second identical status mail', async () => {
    const email = 'gia.han@example.vn';
    let c = await newCase('Gia hạn báo người gửi', { petitioner: { name: 'Võ Văn Ba', email } });
    c = await step(cadre.client, c, 'classify', { field: 'moi_truong' });
    c = await step(cadre.client, c, 'accept');
    c = await step(cadre.client, c, 'start');
    const newDueAt = localDate(c.dueAt ?? '', 7);
    await step(cadre.client, c, 'extend', { note: 'Cần xác minh thêm', newDueAt });
    await t.ctx.events.settle();
    const mails = await t.ctx.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.toAddress, email))
      .orderBy(asc(mailOutbox.id));
    expect(mails.filter((m) => m.subject.startsWith('Đang xử lý'))).toHaveLength(1);
    const extension = mails.at(-1);
    expect(extension?.subject).toBe(`Gia hạn xử lý: hồ sơ ${c.trackingCode}`);
    expect(extension?.body).toContain(`Hạn xử lý mới: ${dayjs(newDueAt).format('DD/MM/YYYY')}.`);
  });
});

describe('withdrawal by the citizen', () => {
  it('withdraws with the tracking code, once, and stops the case', async () => {
    const c = await newCase('Xin rút đơn vì đã tự hoà giải');
    const path = `/api/v1/feedback/track/${c.trackingCode}/actions`;
    const bad = await t.anonymous.post<ErrorBody>(path, { action: 'cancel' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('action');
    const withdrawn = await t.anonymous.post<PublicCase>(path, {
      action: 'withdraw',
      note: 'Hai bên đã hoà giải',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', actions: [] });
    const again = await t.anonymous.post<ErrorBody>(path, { action: 'withdraw' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    const seen = (await cadre.client.get<Case>(`/api/v1/feedback/${c.id}`)).body;
    expect(seen).toMatchObject({ status: 'withdrawn', actions: [] });
    expect(seen.events.at(-1)).toMatchObject({ action: 'withdraw', public: true });
    expect((await act(cadre.client, seen, 'start')).status).toBe(409);
    const unknown = await t.anonymous.post('/api/v1/feedback/track/PA-AAAA-AAAA-AA/actions', {
      action: 'withdraw',
    });
    expect(unknown.status).toBe(404);
  });
});

describe('hiding by moderation', () => {
  it('lets a leader hide a case with a reason; it leaves the lists and the lookup', async () => {
    const c = await newCase('Nội dung xúc phạm, quảng cáo');
    const byCadre = await act(cadre.client, c, 'hide', { note: 'Spam' });
    expect(byCadre.status).toBe(403);
    const noReason = await act(leader.client, c, 'hide');
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.field).toBe('note');
    expect((await act(otherCommune, c, 'hide', { note: 'Spam' })).status).toBe(404);
    const hidden = await step(leader.client, c, 'hide', { note: 'Nội dung quảng cáo' });
    expect(hidden.status).toBe('hidden');
    expect(hidden.events.at(-1)).toMatchObject({ action: 'hide', public: false });
    expect(await itemOf(cadre.client, c.id)).toBeUndefined();
    expect((await itemOf(cadre.client, c.id, '&status=hidden'))?.status).toBe('hidden');
    expect((await t.anonymous.get(`/api/v1/feedback/track/${c.trackingCode}`)).status).toBe(404);
    const open311 = await t.anonymous.get(`/open311/v2/requests/${c.id}.json`);
    expect(open311.status).toBe(404);
  });

  it('lets a leader of the unit above hide a case of a commune', async () => {
    const c = await newCase('Tin rác gửi nhiều lần');
    expect((await step(provinceLeader.client, c, 'hide', { note: 'Trùng lặp, rác' })).status).toBe(
      'hidden',
    );
  });
});

describe('reopening and its window', () => {
  type Settings = { deadlines: Record<string, unknown>; reopenDays: number };

  async function answered(title: string): Promise<Case> {
    let c = await inProgress(title);
    c = await step(cadre.client, c, 'draft_answer', { answer: 'Đã xử lý xong.' });
    return step(cadre.client, c, 'publish');
  }

  it('changes the reopen days through the settings, for administrators only', async () => {
    const admin = (await t.factory.admin()).client;
    const current = (await cadre.client.get<Settings>('/api/v1/feedback/settings')).body;
    expect(current.reopenDays).toBe(30);
    expect((await t.anonymous.get('/api/v1/feedback/settings')).status).toBe(401);
    expect(
      (await t.anonymous.put('/api/v1/feedback/settings', { ...current, reopenDays: 0 })).status,
    ).toBe(401);
    expect(
      (await leader.client.put('/api/v1/feedback/settings', { ...current, reopenDays: 0 })).status,
    ).toBe(403);
    const bad = await admin.put<ErrorBody>('/api/v1/feedback/settings', {
      ...current,
      reopenDays: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('reopenDays');
    expect(bad.body.error.message).toContain('reopenDays');
    expect((await cadre.client.get<Settings>('/api/v1/feedback/settings')).body.reopenDays).toBe(
      30,
    );

    const c = await answered('Mở lại sau thời hạn');
    const saved = await admin.put<Settings>('/api/v1/feedback/settings', {
      ...current,
      reopenDays: 0,
    });
    expect(saved.body.reopenDays).toBe(0);
    const path = `/api/v1/feedback/track/${c.trackingCode}/actions`;
    const late = await t.anonymous.post<ErrorBody>(path, { action: 'reopen', note: 'Chưa xong' });
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({ code: 'REOPEN_EXPIRED', field: 'action' });
    const closed = await t.anonymous.get<PublicCase>(`/api/v1/feedback/track/${c.trackingCode}`);
    expect(closed.body).toMatchObject({ status: 'answered', actions: ['rate'] });

    await admin.put('/api/v1/feedback/settings', { ...current, reopenDays: 30 });
    const open = await t.anonymous.get<PublicCase>(`/api/v1/feedback/track/${c.trackingCode}`);
    expect(open.body.actions).toEqual(['rate', 'reopen']);
    const reopened = await t.anonymous.post<PublicCase>(path, {
      action: 'reopen',
      note: 'Chưa xong',
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('reopened');
  });
});

describe('saved views', () => {
  type View = { id: number; name: string; query: Record<string, string> };

  it('saves, lists only my own, overwrites by name and deletes', async () => {
    const other = await t.factory.user('cadre', tree.communeA.code);
    expect((await t.anonymous.get('/api/v1/feedback/views')).status).toBe(401);
    expect(
      (await t.anonymous.post('/api/v1/feedback/views', { name: 'x', query: {} })).status,
    ).toBe(401);
    const bad = await cadre.client.post<ErrorBody>('/api/v1/feedback/views', {
      name: ' ',
      query: { status: 'received' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('name');
    const mine = await cadre.client.post<View>('/api/v1/feedback/views', {
      name: 'Quá hạn của xã',
      query: { due: 'overdue' },
    });
    expect(mine.status).toBe(201);
    const overwritten = await cadre.client.post<View>('/api/v1/feedback/views', {
      name: 'Quá hạn của xã',
      query: { due: 'overdue', type: 'khieu_nai' },
    });
    expect(overwritten.body.id).toBe(mine.body.id);
    const theirs = await other.client.post<View>('/api/v1/feedback/views', {
      name: 'Của người khác',
      query: { status: 'received' },
    });
    const list = await cadre.client.get<{ items: View[] }>('/api/v1/feedback/views');
    expect(list.body.items).toEqual([
      { id: mine.body.id, name: 'Quá hạn của xã', query: { due: 'overdue', type: 'khieu_nai' } },
    ]);
    expect((await cadre.client.delete(`/api/v1/feedback/views/${theirs.body.id}`)).status).toBe(
      404,
    );
    expect(
      (await other.client.get<{ items: View[] }>('/api/v1/feedback/views')).body.items,
    ).toHaveLength(1);
    expect((await cadre.client.delete('/api/v1/feedback/views/abc')).status).toBe(400);
    expect((await cadre.client.delete(`/api/v1/feedback/views/${mine.body.id}`)).status).toBe(200);
    expect(
      (await cadre.client.get<{ items: View[] }>('/api/v1/feedback/views')).body.items,
    ).toEqual([]);
  });
});

describe('entry by staff', () => {
  it('records the channel and the moment of receipt a cadre enters', async () => {
    const receivedAt = new Date(Date.now() - 2 * 86_400_000);
    for (const channel of ['phone', 'letter', 'reception', 'voter_meeting']) {
      const title = `Cử tri phản ánh qua kênh ${channel}`;
      const created = await cadre.client.post<{ trackingCode: string }>(
        '/api/v1/feedback',
        submission(tree.province.code, tree.communeA.code, {
          title,
          channel,
          receivedAt: receivedAt.toISOString(),
        }),
      );
      expect(created.status, channel).toBe(201);
      const found = await cadre.client.get<{ items: (Item & { receivedAt: string })[] }>(
        `/api/v1/feedback?channel=${channel}&q=${created.body.trackingCode}`,
      );
      expect(found.body.items).toHaveLength(1);
      expect(found.body.items[0]).toMatchObject({ channel, receivedAt: receivedAt.toISOString() });
    }
    const byCitizen = await t.anonymous.post<{ trackingCode: string }>(
      '/api/v1/feedback',
      submission(tree.province.code, tree.communeA.code, {
        title: 'Người dân tự ghi kênh',
        channel: 'reception',
        receivedAt: receivedAt.toISOString(),
      }),
    );
    const seen = await cadre.client.get<{ items: (Item & { receivedAt: string })[] }>(
      `/api/v1/feedback?q=${byCitizen.body.trackingCode}`,
    );
    expect(seen.body.items[0]?.channel).toBe('web');
    expect(seen.body.items[0]?.receivedAt).not.toBe(receivedAt.toISOString());
    const future = await cadre.client.post<ErrorBody>(
      '/api/v1/feedback',
      submission(tree.province.code, tree.communeA.code, {
        title: 'Nhập ngày tương lai',
        channel: 'phone',
        receivedAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
    );
    expect(future.status).toBe(400);
    expect(future.body.error.field).toBe('receivedAt');
    const ancient = await cadre.client.post<ErrorBody>(
      '/api/v1/feedback',
      submission(tree.province.code, tree.communeA.code, {
        title: 'Nhập ngày quá xa',
        channel: 'letter',
        receivedAt: '1900-01-01T08:00:00+07:00',
      }),
    );
    expect(ancient.status).toBe(400);
    expect(ancient.body.error.field).toBe('receivedAt');
    expect(ancient.body.error.message).toContain('quá 1 năm');
    const lastYear = dayjs().subtract(1, 'year').add(1, 'day').toDate();
    const old = await cadre.client.post<{ trackingCode: string }>(
      '/api/v1/feedback',
      submission(tree.province.code, tree.communeA.code, {
        title: 'Thư gửi gần một năm trước',
        channel: 'letter',
        receivedAt: lastYear.toISOString(),
      }),
    );
    expect(old.status).toBe(201);
    const oldItem = await cadre.client.get<{ items: { dueAt: string }[] }>(
      `/api/v1/feedback?q=${old.body.trackingCode}`,
    );
    expect(dayjs(oldItem.body.items[0]?.dueAt).tz(TIME_ZONE).format('HH:mm:ss')).toBe('23:59:59');
    const badChannel = await cadre.client.post<ErrorBody>(
      '/api/v1/feedback',
      submission(tree.province.code, tree.communeA.code, { title: 'Kênh lạ', channel: 'fax' }),
    );
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.error.field).toBe('channel');
    const none = await cadre.client.get<{ total: number }>('/api/v1/feedback?q=nhap%20ngay');
    expect(none.body.total).toBe(0);
  });
});

describe('mail to the citizen', () => {
  it('tells the citizen of a status change; administrators read a masked copy', async () => {
    const email = 'nguoi.gui@example.vn';
    const c = await newCase('Báo tin qua thư điện tử', {
      petitioner: { name: 'Lê Thị Hoa', email },
    });
    await step(cadre.client, c, 'classify', { field: 'moi_truong' });
    await t.ctx.events.settle();
    const mails = await t.ctx.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.toAddress, email))
      .orderBy(asc(mailOutbox.id));
    expect(mails.map((m) => m.subject)).toEqual([
      `Đã tiếp nhận hồ sơ ${c.trackingCode}`,
      `Đã phân loại: hồ sơ ${c.trackingCode}`,
    ]);
    const last = mails.at(-1);
    expect(last?.body).toContain(`Hồ sơ ${c.trackingCode} hiện ở trạng thái «Đã phân loại».`);
    expect(last?.body).not.toContain('Lê Thị Hoa');
    const admin = (await t.factory.admin()).client;
    const outbox = await admin.get<{
      items: { id: number; toAddress: string; subject: string; body: string }[];
    }>('/api/v1/admin/outbox?limit=500');
    expect(outbox.body.items.find((m) => m.id === last?.id)).toMatchObject({
      toAddress: 'n•••@e•••.vn',
      subject: `Đã phân loại: hồ sơ số ${c.id}`,
    });
    expect(outbox.text).not.toContain(email);
    expect(outbox.text).not.toContain(c.trackingCode);
  });
});

describe('statistics figures', () => {
  type Stats = {
    total: number;
    open: number;
    answered: number;
    overdue: number;
    onTimeRate: number | null;
    averageDaysToAnswer: number | null;
    byChannel: { key: string; count: number }[];
    byStatus: { key: string; count: number }[];
    topTopics: { field: string; thisMonth: number; lastMonth: number }[];
  };

  it('counts on-time rate, days to answer, topics this month against last, channels', async () => {
    const own = await t.factory.tree('Thống Kê');
    const staff = await t.factory.user('cadre', own.communeA.code);
    const enter = async (title: string, field: string, channel: string, receivedAt: Date) => {
      const created = await staff.client.post<{ trackingCode: string }>(
        '/api/v1/feedback',
        submission(own.province.code, own.communeA.code, {
          title,
          field,
          channel,
          receivedAt: receivedAt.toISOString(),
        }),
      );
      const list = await staff.client.get<{ items: { id: number }[] }>(
        `/api/v1/feedback?q=${created.body.trackingCode}`,
      );
      return (await staff.client.get<Case>(`/api/v1/feedback/${list.body.items[0]?.id}`)).body;
    };
    const answer = async (c: Case, field: string, late: boolean) => {
      let x = await step(staff.client, c, 'classify', { field });
      x = await step(staff.client, x, 'accept');
      x = await step(staff.client, x, 'start');
      if (late) {
        const past = new Date(Date.now() - 86_400_000);
        await t.ctx.db.update(feedbackCases).set({ dueAt: past }).where(eq(feedbackCases.id, x.id));
      }
      x = await step(staff.client, x, 'draft_answer', { answer: 'Đã trả lời.' });
      return step(staff.client, x, 'publish');
    };
    const day = 86_400_000;
    const now = Date.now();
    const monthStart = dayjs().tz(TIME_ZONE).startOf('month');
    const lastMonth = dayjs.tz(
      `${monthStart.subtract(1, 'month').format('YYYY-MM')}-02 12:00`,
      TIME_ZONE,
    );
    const cases = [
      { field: 'giao_thong', channel: 'phone', at: new Date(now - 4 * day), late: false },
      { field: 'moi_truong', channel: 'letter', at: new Date(now - 2 * day), late: true },
      { field: 'giao_thong', channel: 'reception', at: lastMonth.toDate(), late: null },
    ];
    for (const [i, x] of cases.entries()) {
      const c = await enter(`Thống kê ${i}`, x.field, x.channel, x.at);
      if (x.late !== null) await answer(c, x.field, x.late);
    }
    await t.anonymous.post(
      '/api/v1/feedback',
      submission(own.province.code, own.communeA.code, {
        title: 'Thống kê web',
        field: 'giao_thong',
      }),
    );
    const all = [
      ...cases.map((x) => ({ field: x.field, at: x.at })),
      { field: 'giao_thong', at: new Date() },
    ];
    const inMonth = (field: string, thisMonth: boolean) =>
      all.filter((x) => x.field === field && x.at >= monthStart.toDate() === thisMonth).length;

    const province = await t.factory.user('viewer', own.province.code);
    const stats = await province.client.get<Stats>(
      `/api/v1/feedback/stats?unitCode=${own.province.code}`,
    );
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      total: 4,
      answered: 2,
      open: 2,
      overdue: 1,
      onTimeRate: 0.5,
      averageDaysToAnswer: 3,
    });
    const sorted = (xs: { key: string; count: number }[]) =>
      [...xs].sort((a, b) => a.key.localeCompare(b.key));
    expect(sorted(stats.body.byChannel)).toEqual([
      { key: 'letter', count: 1 },
      { key: 'phone', count: 1 },
      { key: 'reception', count: 1 },
      { key: 'web', count: 1 },
    ]);
    expect(sorted(stats.body.byStatus)).toEqual([
      { key: 'answered', count: 2 },
      { key: 'received', count: 2 },
    ]);
    const topic = (field: string) => stats.body.topTopics.find((x) => x.field === field);
    expect(topic('giao_thong')).toEqual({
      field: 'giao_thong',
      thisMonth: inMonth('giao_thong', true),
      lastMonth: inMonth('giao_thong', false),
    });
    expect(topic('moi_truong')).toEqual({
      field: 'moi_truong',
      thisMonth: inMonth('moi_truong', true),
      lastMonth: inMonth('moi_truong', false),
    });
    expect(
      (await otherCommune.get(`/api/v1/feedback/stats?unitCode=${own.province.code}`)).status,
    ).toBe(404);
    expect(
      (await t.anonymous.get(`/api/v1/feedback/stats?unitCode=${own.province.code}`)).status,
    ).toBe(401);
  });
});
