import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree, TestUser } from '../../../test/factories';
import { act, createCase, submission, type Detail } from './feedback.test-helpers';

type Forwarded = Detail & {
  forwardKind: string | null;
  forwardedTo: string | null;
  assigneeId: number | null;
  dueAt: string | null;
  answer: string | null;
};
type PublicCase = { status: string; history: { note: string | null }[]; answer: string | null };

let t: TestContext;
let tree: TestTree;
let communeCadre: TestUser;
let provinceCadre: TestUser;
let provinceLeader: TestUser;
let otherCommune: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree();
  communeCadre = await t.factory.user('cadre', tree.communeA.code);
  provinceCadre = await t.factory.user('cadre', tree.province.code);
  provinceLeader = await t.factory.user('leader', tree.province.code);
  otherCommune = (await t.factory.user('cadre', tree.communeB.code)).client;
});
afterAll(() => t.close());

const get = async (client: TestClient, id: number) =>
  (await client.get<Forwarded>(`/api/v1/feedback/${id}`)).body;

/** Runs a move that must succeed and returns the case as the mover sees it afterwards. */
async function step(
  client: TestClient,
  c: { id: number; version: number },
  action: string,
  extra: Record<string, unknown> = {},
): Promise<Forwarded> {
  const r = await act(client, c, action, extra);
  expect(r.status, `${action}: ${r.text}`).toBe(200);
  return r.body as Forwarded;
}

/** A case handled by the province itself (no commune given). */
function provinceCase(title: string) {
  return createCase(
    t.anonymous,
    provinceCadre.client,
    submission(tree.province.code, tree.communeA.code, { communeCode: null, title }),
  );
}

describe('forwarding between Front units', () => {
  it('forwards up; the province receives it and the commune no longer sees it', async () => {
    let c: Forwarded = await get(
      communeCadre.client,
      (
        await createCase(
          t.anonymous,
          communeCadre.client,
          submission(tree.province.code, tree.communeA.code, { title: 'Tranh chấp đất giáp ranh' }),
        )
      ).id,
    );
    c = await step(communeCadre.client, c, 'classify', { field: 'dat_dai' });
    c = await step(communeCadre.client, c, 'accept');
    c = await step(communeCadre.client, c, 'forward', {
      forwardKind: 'front_unit',
      forwardTo: tree.province.code,
      note: 'Vượt thẩm quyền cấp xã',
    });
    expect(c).toMatchObject({ status: 'forwarded', unitCode: tree.province.code });
    expect((await communeCadre.client.get(`/api/v1/feedback/${c.id}`)).status).toBe(404);
    const atProvince = await get(provinceCadre.client, c.id);
    expect(atProvince.actions).toEqual(expect.arrayContaining(['receive_forward']));
    const received = await step(provinceCadre.client, atProvince, 'receive_forward');
    expect(received).toMatchObject({ status: 'accepted', unitCode: tree.province.code });
    const lookup = await t.anonymous.get<PublicCase>(`/api/v1/feedback/track/${c.trackingCode}`);
    expect(lookup.body.history.map((h) => h.note)).toContain(`Chuyển tới ${tree.province.name}`);
  });

  it('forwards down; the commune declines and the province gets it back as it was', async () => {
    let c: Forwarded = await get(
      provinceCadre.client,
      (await provinceCase('Xin hỗ trợ hộ nghèo')).id,
    );
    c = await step(provinceCadre.client, c, 'classify', { field: 'an_sinh' });
    c = await step(provinceCadre.client, c, 'accept');
    c = await step(provinceCadre.client, c, 'assign', { assigneeId: provinceCadre.id });
    const before = c;
    c = await step(provinceCadre.client, c, 'forward', {
      forwardKind: 'front_unit',
      forwardTo: tree.communeA.code,
    });
    expect(c).toMatchObject({
      status: 'forwarded',
      unitCode: tree.communeA.code,
      assigneeId: null,
    });
    const atCommune = await get(communeCadre.client, c.id);
    const declined = await step(communeCadre.client, atCommune, 'decline_forward', {
      note: 'Hộ này đã chuyển đi nơi khác',
    });
    expect(declined.unitCode).toBe(tree.province.code);
    const back = await get(provinceCadre.client, c.id);
    expect(back).toMatchObject({
      status: 'assigned',
      unitCode: tree.province.code,
      assigneeId: provinceCadre.id,
      dueAt: before.dueAt,
      forwardKind: null,
      forwardedTo: null,
    });
    expect(back.events.at(-1)).toMatchObject({
      action: 'decline_forward',
      note: 'Hộ này đã chuyển đi nơi khác',
    });
    expect((await communeCadre.client.get(`/api/v1/feedback/${c.id}`)).status).toBe(404);
  });

  it('gives a case forwarded before acceptance back unaccepted', async () => {
    let c: Forwarded = await get(
      provinceCadre.client,
      (await provinceCase('Đường điện hạ thế')).id,
    );
    c = await step(provinceCadre.client, c, 'classify', { field: 'giao_thong' });
    const before = c;
    c = await step(provinceCadre.client, c, 'forward', {
      forwardKind: 'front_unit',
      forwardTo: tree.communeA.code,
    });
    await step(communeCadre.client, await get(communeCadre.client, c.id), 'decline_forward', {
      note: 'Thuộc điện lực tỉnh',
    });
    expect(await get(provinceCadre.client, c.id)).toMatchObject({
      status: 'classified',
      unitCode: tree.province.code,
      dueAt: before.dueAt,
    });
  });

  it('lets only the receiving unit receive or decline, not the sender above it', async () => {
    let c: Forwarded = await get(
      provinceLeader.client,
      (await provinceCase('Chuyển xuống xã xử lý')).id,
    );
    c = await step(provinceLeader.client, c, 'classify', { field: 'moi_truong' });
    c = await step(provinceLeader.client, c, 'forward', {
      forwardKind: 'front_unit',
      forwardTo: tree.communeA.code,
    });
    const seenBySender = await get(provinceLeader.client, c.id);
    expect(seenBySender.actions).not.toContain('receive_forward');
    expect(seenBySender.actions).not.toContain('decline_forward');
    for (const action of ['receive_forward', 'decline_forward']) {
      const refused = await act(provinceLeader.client, c, action, { note: 'Thay xã' });
      expect(refused.status, action).toBe(403);
      expect(refused.body.error?.code).toBe('FORBIDDEN');
    }
    expect((await act(otherCommune, c, 'receive_forward')).status).toBe(404);
    const anonymous = await t.anonymous.post(`/api/v1/feedback/${c.id}/transitions`, {
      action: 'receive_forward',
      expectedVersion: c.version,
    });
    expect(anonymous.status).toBe(401);
    const noNote = await act(communeCadre.client, c, 'decline_forward');
    expect(noNote.status).toBe(400);
    expect(noNote.body.error?.field).toBe('note');
    const unchanged = await get(communeCadre.client, c.id);
    expect(unchanged).toMatchObject({ status: 'forwarded', version: c.version });
    expect(unchanged.events.filter((e) => e.action.endsWith('_forward'))).toEqual([]);
    expect((await step(communeCadre.client, unchanged, 'receive_forward')).status).toBe('accepted');
  });
});

describe('forwarding outside the Front', () => {
  it('forwards to a member organisation by name and records its reply as the answer', async () => {
    const name = 'Hội Nông dân xã Hòa An';
    let c: Forwarded = await get(
      communeCadre.client,
      (
        await createCase(
          t.anonymous,
          communeCadre.client,
          submission(tree.province.code, tree.communeA.code, { title: 'Giống lúa kém chất lượng' }),
        )
      ).id,
    );
    c = await step(communeCadre.client, c, 'classify', { field: 'khac' });
    c = await step(communeCadre.client, c, 'accept');
    c = await step(communeCadre.client, c, 'forward', {
      forwardKind: 'member_org',
      forwardTo: name,
    });
    expect(c).toMatchObject({
      status: 'forwarded',
      forwardKind: 'member_org',
      forwardedTo: name,
      unitCode: tree.communeA.code,
    });
    expect(c.actions).toEqual(expect.arrayContaining(['draft_answer', 'decline_forward']));
    expect(c.actions).not.toContain('receive_forward');
    const receive = await act(communeCadre.client, c, 'receive_forward');
    expect(receive.status).toBe(409);
    expect(receive.body.error?.code).toBe('INVALID_TRANSITION');
    const reply = 'Hội đã làm việc với đại lý, đổi giống lúa cho các hộ.';
    const empty = await act(communeCadre.client, c, 'draft_answer', { answer: ' ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error?.field).toBe('answer');
    c = await step(communeCadre.client, c, 'draft_answer', { answer: reply });
    expect(c).toMatchObject({ status: 'answer_drafted', answer: reply, forwardedTo: name });
    c = await step(communeCadre.client, c, 'publish');
    const lookup = await t.anonymous.get<PublicCase>(`/api/v1/feedback/track/${c.trackingCode}`);
    expect(lookup.body).toMatchObject({ status: 'answered', answer: reply });
    expect(lookup.body.history.map((h) => h.note)).toEqual(
      expect.arrayContaining([`Chuyển tới ${name}`, `Đã nhận trả lời của ${name}`]),
    );
  });

  it('forwards to a named agency, which may send it back', async () => {
    const agency = 'Ủy ban nhân dân xã Hòa An';
    let c: Forwarded = await get(
      communeCadre.client,
      (
        await createCase(
          t.anonymous,
          communeCadre.client,
          submission(tree.province.code, tree.communeA.code, { title: 'Cấp phép xây dựng chậm' }),
        )
      ).id,
    );
    c = await step(communeCadre.client, c, 'classify', { field: 'hanh_chinh' });
    c = await step(communeCadre.client, c, 'accept');
    const missing = await act(communeCadre.client, c, 'forward', { forwardKind: 'agency' });
    expect(missing.status).toBe(400);
    expect(missing.body.error?.field).toBe('forwardTo');
    c = await step(communeCadre.client, c, 'forward', { forwardKind: 'agency', forwardTo: agency });
    expect(c).toMatchObject({ forwardKind: 'agency', forwardedTo: agency });
    const event = c.events.at(-1);
    expect(event?.action).toBe('forward');
    c = await step(communeCadre.client, c, 'decline_forward', {
      note: 'UBND xã trả lại: hồ sơ thuộc Sở Xây dựng',
    });
    expect(c).toMatchObject({ status: 'accepted', forwardKind: null, forwardedTo: null });
  });
});
