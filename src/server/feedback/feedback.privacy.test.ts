import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { rows } from '@server/platform/db/client';
import { mailOutbox } from '@server/platform/notifications/notifications.tables';
import { CENTRAL_CODE } from '@server/platform/units/units.service';
import { checkDeadlines } from './feedback.alerts';
import { act, createCase, submission, type Detail } from './feedback.test-helpers';

let t: TestContext;
let tree: TestTree;
let handler: TestClient;
let otherCommune: TestClient;
let viewer: TestClient;
let provinceCadre: TestClient;
let admin: TestClient;
let denunciation: Detail;

/** Personal details of the anonymous denouncer: none may appear outside its handlers' view. */
const SECRET = {
  name: 'Trần Thị Tố Giác',
  phone: '0911222333',
  email: 'to.giac@example.vn',
  idNumber: '048199009999',
  address: '99 Đường Bí Mật',
};
const secrets = Object.values(SECRET);

function expectNoSecret(text: string, where: string) {
  for (const s of [...secrets, 'T. T. T. G.']) expect(text, `${where} leaks ${s}`).not.toContain(s);
}

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree();
  handler = (await t.factory.user('cadre', tree.communeA.code)).client;
  otherCommune = (await t.factory.user('cadre', tree.communeB.code)).client;
  viewer = (await t.factory.user('viewer', tree.province.code)).client;
  provinceCadre = (await t.factory.user('cadre', tree.province.code)).client;
  admin = (await t.factory.admin()).client;
  denunciation = await createCase(
    t.anonymous,
    handler,
    submission(tree.province.code, tree.communeA.code, {
      type: 'to_cao',
      field: 'can_bo',
      title: 'Tố cáo cán bộ địa chính nhận tiền',
      content: 'Cán bộ địa chính thu tiền ngoài quy định khi làm sổ đỏ.',
      anonymous: true,
      petitioner: SECRET,
    }),
  );
});
afterAll(() => t.close());

describe('an anonymous denunciation', () => {
  it('shows the personal details to its handler, and logs the view', async () => {
    const seen = await handler.get<Detail>(`/api/v1/feedback/${denunciation.id}`);
    expect(seen.body.petitioner).toMatchObject({ name: SECRET.name, phone: SECRET.phone });
    const audit = await admin.get<{ items: { action: string; entityId: string }[] }>(
      `/api/v1/admin/audit?action=feedback.personal_data.view&entityId=${denunciation.id}`,
    );
    expect(audit.body.items.length).toBeGreaterThan(0);
  });

  it('keeps them out of every other response body', async () => {
    await t.ctx.events.settle();
    const q = encodeURIComponent('tố cáo cán bộ');
    const bodies: [string, TestClient, string][] = [
      ['list (handler)', handler, '/api/v1/feedback?limit=200'],
      ['search (handler)', handler, `/api/v1/feedback?q=${q}`],
      ['list (viewer)', viewer, '/api/v1/feedback?limit=200'],
      ['detail (viewer)', viewer, `/api/v1/feedback/${denunciation.id}`],
      ['search (viewer)', viewer, `/api/v1/feedback?q=${q}`],
      ['detail (admin)', admin, `/api/v1/feedback/${denunciation.id}`],
      ['list (other commune)', otherCommune, '/api/v1/feedback?limit=200'],
      ['similar (handler)', handler, `/api/v1/feedback/similar?text=${q}`],
      ['stats (province)', provinceCadre, `/api/v1/feedback/stats?unitCode=${tree.province.code}`],
      ['stats (handler)', handler, '/api/v1/feedback/stats'],
      ['lookup', t.anonymous, `/api/v1/feedback/track/${denunciation.trackingCode}`],
      ['open311 list', t.anonymous, '/open311/v2/requests.json?page_size=200'],
      ['open311 one', t.anonymous, `/open311/v2/requests/${denunciation.id}.json`],
      ['audit log', admin, '/api/v1/admin/audit?limit=500'],
      ['notifications', handler, '/api/v1/notifications'],
      ['outbox', admin, '/api/v1/admin/outbox?limit=500'],
    ];
    for (const [where, client, path] of bodies) {
      const response = await client.get(path);
      expect(response.status, `${where}: ${path}`).toBeLessThan(500);
      expectNoSecret(response.text, where);
    }
    const list = await handler.get<{ items: { id: number; petitionerLabel: string | null }[] }>(
      '/api/v1/feedback?limit=200',
    );
    expect(list.body.items.find((i) => i.id === denunciation.id)?.petitionerLabel).toBeNull();
    expect((await t.anonymous.get(`/open311/v2/requests/${denunciation.id}.json`)).status).toBe(
      404,
    );
  });

  it('mails the denouncer, and the outbox shows administrators a masked, redacted copy', async () => {
    await t.ctx.events.settle();
    const queued = await t.ctx.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.toAddress, SECRET.email));
    expect(queued.length).toBeGreaterThan(0);
    for (const mail of queued) {
      expect(mail.personal).toBe(true);
      expect(mail.body).toContain(denunciation.trackingCode);
      for (const s of [SECRET.name, SECRET.phone, SECRET.idNumber, SECRET.address])
        expect(mail.body).not.toContain(s);
    }
    const outbox = await admin.get<{
      items: { id: number; toAddress: string; subject: string; body: string; personal: boolean }[];
    }>('/api/v1/admin/outbox?limit=500');
    expect(outbox.status).toBe(200);
    const shown = outbox.body.items.filter((m) => queued.some((q) => q.id === m.id));
    expect(shown).toHaveLength(queued.length);
    for (const m of shown) {
      expect(m).toMatchObject({ toAddress: 't•••@e•••.vn', personal: true });
      expect(m.subject).toContain(`số ${denunciation.id}`);
    }
    expect(outbox.text).not.toContain(denunciation.trackingCode);
    expectNoSecret(outbox.text, 'outbox');
    const audit = await admin.get<{ items: unknown[] }>(
      '/api/v1/admin/audit?action=notifications.outbox.view',
    );
    expect(audit.body.items.length).toBeGreaterThan(0);
    expect((await t.anonymous.get('/api/v1/admin/outbox')).status).toBe(401);
    expect((await handler.get('/api/v1/admin/outbox')).status).toBe(403);
    expect((await admin.get('/api/v1/admin/outbox?limit=0')).status).toBe(400);
  });

  it('keeps them out of the Excel export and the Word report', async () => {
    for (const path of [
      '/api/v1/feedback/export.xlsx',
      `/api/v1/feedback/stats/report.docx?unitCode=${tree.province.code}`,
    ]) {
      const response = await fetch(`${t.baseUrl}${path}`, {
        headers: { cookie: cookieOf(provinceCadre) },
      });
      expect(response.status, path).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      const text = await unzipText(bytes);
      expect(text.length).toBeGreaterThan(100);
      expectNoSecret(text, path);
    }
    const handlerExport = await fetch(`${t.baseUrl}/api/v1/feedback/export.xlsx`, {
      headers: { cookie: cookieOf(handler) },
    });
    const text = await unzipText(Buffer.from(await handlerExport.arrayBuffer()));
    expect(text).toContain(denunciation.trackingCode);
    expectNoSecret(text, 'handler export');
  });
});

describe('who sees the personal data of a case', () => {
  type Seen = Detail & { personalDataVisible: boolean };
  const detailOf = (client: TestClient, id: number) => client.get<Seen>(`/api/v1/feedback/${id}`);
  const viewsLogged = async (userId: number, id: number) => {
    const audit = await admin.get<{ items: { userId: number | null }[] }>(
      `/api/v1/admin/audit?action=feedback.personal_data.view&entityId=${id}&limit=500`,
    );
    return audit.body.items.filter((i) => i.userId === userId).length;
  };

  it('shows them to the handling unit and its leaders up the tree, masks them for the rest', async () => {
    const communeLeader = await t.factory.user('leader', tree.communeA.code);
    const provinceLeader = await t.factory.user('leader', tree.province.code);
    const centralLeader = await t.factory.user('leader', CENTRAL_CODE);
    const c = await createCase(
      t.anonymous,
      handler,
      submission(tree.province.code, tree.communeA.code, { title: 'Ai được xem người gửi' }),
    );
    for (const client of [
      handler,
      communeLeader.client,
      provinceLeader.client,
      centralLeader.client,
    ]) {
      const seen = await detailOf(client, c.id);
      expect(seen.status).toBe(200);
      expect(seen.body.personalDataVisible).toBe(true);
      expect(seen.body.petitioner).toMatchObject({ name: 'Nguyễn Văn Bình', phone: '0905123456' });
    }
    expect(await viewsLogged(provinceLeader.id, c.id)).toBe(1);
    expect(await viewsLogged(centralLeader.id, c.id)).toBe(1);
    for (const [who, client] of [
      ['province cadre', provinceCadre],
      ['province viewer', viewer],
      ['administrator', admin],
    ] as const) {
      const seen = await detailOf(client, c.id);
      expect(seen.status, who).toBe(200);
      expect(seen.body.personalDataVisible, who).toBe(false);
      expect(seen.body.petitioner, who).toBeNull();
      expect(seen.body.attachments, who).toEqual([]);
      expect(seen.body.actions, who).toEqual([]);
      for (const s of ['Nguyễn Văn Bình', '0905123456', 'binh@example.vn', '048090001234'])
        expect(seen.text, `${who} sees ${s}`).not.toContain(s);
      const list = await client.get('/api/v1/feedback?limit=200');
      expect(list.text, who).not.toContain('Nguyễn Văn Bình');
    }
    const provinceList = await provinceCadre.get<{
      items: { id: number; petitionerLabel: string | null }[];
    }>('/api/v1/feedback?limit=200');
    expect(provinceList.body.items.find((i) => i.id === c.id)?.petitionerLabel).toBe('N. V. B.');
    const refused = await act(provinceCadre, c, 'classify', { field: 'giao_thong' });
    expect(refused.status).toBe(403);
  });

  it('keeps an anonymous denouncer from everyone above the handlers, leaders included', async () => {
    const communeLeader = await t.factory.user('leader', tree.communeA.code);
    const provinceLeader = await t.factory.user('leader', tree.province.code);
    const centralLeader = await t.factory.user('leader', CENTRAL_CODE);
    const masked = await detailOf(provinceCadre, denunciation.id);
    expect(masked.body.petitioner).toBeNull();
    expectNoSecret(masked.text, 'detail (province cadre)');
    const own = await detailOf(communeLeader.client, denunciation.id);
    expect(own.body.petitioner).toMatchObject({ name: SECRET.name, phone: SECRET.phone });
    for (const [who, leader] of [
      ['province leader', provinceLeader],
      ['central leader', centralLeader],
    ] as const) {
      const seen = await detailOf(leader.client, denunciation.id);
      expect(seen.status, who).toBe(200);
      expect(seen.body.personalDataVisible, who).toBe(false);
      expect(seen.body.petitioner, who).toBeNull();
      expect(seen.body.attachments, who).toEqual([]);
      expectNoSecret(seen.text, `detail (${who})`);
      expect(await viewsLogged(leader.id, denunciation.id), who).toBe(0);
      const list = await leader.client.get('/api/v1/feedback?limit=200');
      expectNoSecret(list.text, `list (${who})`);
    }
  });

  it('shows a named denouncer to the leaders above, as any named petitioner', async () => {
    const provinceLeader = await t.factory.user('leader', tree.province.code);
    const named = await createCase(
      t.anonymous,
      handler,
      submission(tree.province.code, tree.communeA.code, {
        type: 'to_cao',
        field: 'can_bo',
        title: 'Tố cáo có ghi tên người tố cáo',
        content: 'Người tố cáo đồng ý nêu tên để được làm việc trực tiếp.',
        anonymous: false,
      }),
    );
    const seen = await detailOf(provinceLeader.client, named.id);
    expect(seen.body.personalDataVisible).toBe(true);
    expect(seen.body.petitioner).toMatchObject({ name: 'Nguyễn Văn Bình', phone: '0905123456' });
    expect(await viewsLogged(provinceLeader.id, named.id)).toBe(1);
    const masked = await detailOf(provinceCadre, named.id);
    expect(masked.body.petitioner).toBeNull();
    const anonymousReport = await createCase(
      t.anonymous,
      handler,
      submission(tree.province.code, tree.communeA.code, {
        title: 'Phản ánh giấu tên về rác thải',
        anonymous: true,
      }),
    );
    const hidden = await detailOf(provinceLeader.client, anonymousReport.id);
    expect(hidden.body.petitioner).toBeNull();
    expect(hidden.text).not.toContain('0905123456');
    const handled = await detailOf(handler, anonymousReport.id);
    expect(handled.body.petitioner).toMatchObject({ phone: '0905123456' });
  });

  it('shows them to the assignee, even one working at a unit below', async () => {
    const provinceStaff = await t.factory.user('cadre', tree.province.code);
    const below = await t.factory.user('cadre', tree.communeB.code);
    let c = await createCase(
      t.anonymous,
      handler,
      submission(tree.province.code, tree.communeA.code, { title: 'Giao cho xã khác' }),
    );
    c = (await act(handler, c, 'classify', { field: 'dat_dai' })).body;
    expect(
      (
        await act(handler, c, 'forward', {
          forwardKind: 'front_unit',
          forwardTo: tree.province.code,
        })
      ).status,
    ).toBe(200);
    c = (await detailOf(provinceStaff.client, c.id)).body;
    c = (await act(provinceStaff.client, c, 'receive_forward')).body;
    const assigned = await act(provinceStaff.client, c, 'assign', { assigneeId: below.id });
    expect(assigned.status).toBe(200);
    const seen = await detailOf(below.client, c.id);
    expect(seen.body.personalDataVisible).toBe(true);
    expect(seen.body.petitioner?.email).toBe('binh@example.vn');
    expect((await detailOf(handler, c.id)).status).toBe(404);
    const colleague = await t.factory.user('cadre', tree.communeB.code);
    expect((await detailOf(colleague.client, c.id)).status).toBe(404);
  });
});

describe('a private answer', () => {
  it('reaches the citizen by lookup and mail, and no public or unentitled reader', async () => {
    const email = 'rieng.tu@example.vn';
    const reply = 'Trả lời riêng: đề nghị ông mang giấy tờ nhà đất tới UBND xã ngày 12.';
    let c = await createCase(
      t.anonymous,
      handler,
      submission(tree.province.code, tree.communeA.code, {
        title: 'Hỏi về thủ tục cấp sổ',
        petitioner: { name: 'Đỗ Văn Tư', email },
      }),
    );
    for (const [action, extra] of [
      ['classify', { field: 'dat_dai' }],
      ['accept', {}],
      ['start', {}],
      ['draft_answer', { answer: reply, answerPublic: false }],
      ['publish', {}],
    ] as const) {
      const r = await act(handler, c, action, extra);
      expect(r.status, `${action}: ${r.text}`).toBe(200);
      c = r.body;
    }
    const lookup = await t.anonymous.get<{ answer: string | null; answerPrivate: boolean }>(
      `/api/v1/feedback/track/${c.trackingCode}`,
    );
    expect(lookup.body).toMatchObject({ answer: reply, answerPrivate: true });
    await t.ctx.events.settle();
    const mails = await t.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email));
    const answered = mails.find((m) => m.subject === `Đã trả lời: hồ sơ ${c.trackingCode}`);
    expect(answered?.body).toContain(reply);
    expect((await handler.get<{ answer: string }>(`/api/v1/feedback/${c.id}`)).body.answer).toBe(
      reply,
    );
    const readers: [string, TestClient, string][] = [
      ['open311 list', t.anonymous, '/open311/v2/requests.json?page_size=200'],
      ['open311 one', t.anonymous, `/open311/v2/requests/${c.id}.json`],
      ['outbox', admin, '/api/v1/admin/outbox?limit=500'],
      ['detail (province cadre)', provinceCadre, `/api/v1/feedback/${c.id}`],
      ['detail (viewer)', viewer, `/api/v1/feedback/${c.id}`],
      ['list (handler)', handler, '/api/v1/feedback?limit=200'],
      ['list (viewer)', viewer, '/api/v1/feedback?limit=200'],
    ];
    for (const [where, client, path] of readers) {
      const response = await client.get(path);
      expect(response.status, where).toBe(200);
      expect(response.text, where).not.toContain(reply);
    }
    expect((await t.anonymous.get(`/open311/v2/requests/${c.id}.json`)).text).toContain(
      'Hỏi về thủ tục cấp sổ',
    );
  });
});

describe('Open311 GeoReport v2', () => {
  it('lists services, creates a request from a form post and shows public fields only', async () => {
    const services = await t.anonymous.get<{ service_code: string }[]>('/open311/v2/services.json');
    expect(services.body.map((s) => s.service_code)).toContain('giao_thong');
    const form = new URLSearchParams({
      service_code: 'giao_thong',
      jurisdiction_id: tree.province.code,
      'attribute[commune]': tree.communeA.code,
      description: 'Biển báo giao thông bị đổ ở ngã tư',
      first_name: 'Hùng',
      last_name: 'Phạm Văn',
      phone: '0988777666',
      lat: '16.06',
      long: '108.22',
    });
    // Personal data without the sender's consent is refused, and nothing is stored.
    const count = () =>
      rows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM feedback_cases`);
    const before = await count();
    const refused = await t.anonymous.request<{ error: { field: string } }>(
      'POST',
      '/open311/v2/requests.json',
      {
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('attribute[consent]');
    expect(await count()).toEqual(before);
    form.set('attribute[consent]', 'true');
    const created = await t.anonymous.request<{ service_request_id: string; token: string }[]>(
      'POST',
      '/open311/v2/requests.json',
      {
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    );
    expect(created.status).toBe(201);
    const id = created.body[0]?.service_request_id;
    const one = await t.anonymous.get<{ description: string; status: string; lat: number }[]>(
      `/open311/v2/requests/${id}.json`,
    );
    expect(one.body[0]).toMatchObject({
      description: 'Biển báo giao thông bị đổ ở ngã tư',
      status: 'open',
      lat: 16.06,
    });
    expect(one.text).not.toContain('0988777666');
    expect(one.text).not.toContain('Phạm Văn');
    const bad = await t.anonymous.request<{ error: { field: string } }>(
      'POST',
      '/open311/v2/requests.json',
      {
        body: 'service_code=khong_co&jurisdiction_id=48&description=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('service_code');
    // A form refuses the characters a JSON body refuses, naming the field, and stores nothing.
    const beforeControl = await count();
    for (const [field, body] of [
      [
        'description',
        'service_code=moi_truong&jurisdiction_id=48&description=Kh%C3%B3i%01b%E1%BB%A5i',
      ],
      [
        'address_string',
        'service_code=moi_truong&jurisdiction_id=48&description=Kh%C3%B3i&address_string=a%1Bb',
      ],
      ['description', 'service_code=moi_truong&jurisdiction_id=48&description=a%EF%BF%BEb'],
      ['description', 'service_code=moi_truong&jurisdiction_id=48&description=a%00b'],
    ]) {
      const control = await t.anonymous.request<{ error: { field: string; message: string } }>(
        'POST',
        '/open311/v2/requests.json',
        { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      );
      expect(control.status).toBe(400);
      expect(control.body.error.field).toBe(field);
      expect(control.body.error.message).toContain('ký tự không hợp lệ');
    }
    expect(await count()).toEqual(beforeControl);
  });
});

describe('statistics', () => {
  it('rolls figures up the tree and refuses units outside it', async () => {
    const stats = await provinceCadre.get<{
      total: number;
      byUnit: { code: string; total: number }[];
      byType: { key: string }[];
    }>(`/api/v1/feedback/stats?unitCode=${tree.province.code}`);
    expect(stats.status).toBe(200);
    expect(stats.body.total).toBeGreaterThanOrEqual(2);
    expect(
      stats.body.byUnit.find((u) => u.code === tree.communeA.code)?.total,
    ).toBeGreaterThanOrEqual(2);
    expect(
      (await otherCommune.get(`/api/v1/feedback/stats?unitCode=${tree.communeA.code}`)).status,
    ).toBe(404);
    expect((await t.anonymous.get('/api/v1/feedback/stats')).status).toBe(401);
    expect((await provinceCadre.get('/api/v1/feedback/stats?from=31-12-2025')).status).toBe(400);
  });
});

describe('attachments', () => {
  it('re-encodes images without GPS metadata and keeps them for handlers', async () => {
    const withGps = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#c00' },
    })
      .jpeg()
      .withExif({
        IFD0: { Make: 'PhoneCam' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '16/1 4/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '108/1 13/1 0/1',
        },
      })
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const uploaded = await upload(withGps, 'anh-hien-truong.jpg', 'image/jpeg');
    expect(uploaded.status).toBe(201);
    const c = await createCase(
      t.anonymous,
      handler,
      submission(tree.province.code, tree.communeA.code, {
        title: 'Có ảnh',
        attachments: [uploaded.body.token],
      }),
    );
    expect(c.attachments).toHaveLength(1);
    const file = await fetch(
      `${t.baseUrl}/api/v1/feedback/${c.id}/attachments/${c.attachments[0]?.id}`,
      { headers: { cookie: cookieOf(handler) } },
    );
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="anh-hien-truong.jpg"; filename*=UTF-8''anh-hien-truong.jpg`,
    );
    const stored = Buffer.from(await file.arrayBuffer());
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('GPS'))).toBe(false);
    expect(meta.width).toBe(40);
    const denied = await fetch(
      `${t.baseUrl}/api/v1/feedback/${c.id}/attachments/${c.attachments[0]?.id}`,
      { headers: { cookie: cookieOf(viewer) } },
    );
    expect(denied.status).toBe(404);
    const reused = await t.anonymous.post<{ error: { field: string } }>(
      '/api/v1/feedback',
      submission(tree.province.code, tree.communeA.code, { attachments: [uploaded.body.token] }),
    );
    expect(reused.status).toBe(400);
    expect(reused.body.error.field).toBe('attachments');
  });

  it('refuses a PDF renamed .jpg, an unknown type, and a sixth file', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const renamed = await upload(pdf, 'anh.jpg', 'image/jpeg');
    expect(renamed.status).toBe(400);
    expect(renamed.body.error?.field).toBe('file');
    expect(renamed.body.error?.message).toContain('PDF');
    expect((await upload(pdf, 'van-ban.pdf', 'application/pdf')).status).toBe(201);
    const exe = await upload(
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff'),
      'a.pdf',
      'application/pdf',
    );
    expect(exe.status).toBe(400);
    const many = await t.anonymous.post<{ error: { field: string } }>(
      '/api/v1/feedback',
      submission(tree.province.code, tree.communeA.code, {
        attachments: ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => x.repeat(32)),
      }),
    );
    expect(many.status).toBe(400);
    expect(many.body.error.field).toBe('attachments');
  });
});

describe('deadline alerts', () => {
  it('notifies the handler and escalates an overdue case to the level above, once', async () => {
    const c = await createCase(
      t.anonymous,
      handler,
      submission(tree.province.code, tree.communeA.code, { title: 'Sắp quá hạn' }),
    );
    const future = new Date(Date.now() + 120 * 86_400_000);
    const first = await checkDeadlines(t.ctx, future);
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    const again = await checkDeadlines(t.ctx, future);
    expect(again.overdue).toBe(0);
    const mine = await handler.get<{ items: { title: string; link: string | null }[] }>(
      '/api/v1/notifications',
    );
    expect(
      mine.body.items.some(
        (n) => n.title.startsWith('Quá hạn') && n.link === `/feedback/ho-so/${c.id}`,
      ),
    ).toBe(true);
    const above = await provinceCadre.get<{ items: { title: string }[] }>('/api/v1/notifications');
    expect(above.body.items.some((n) => n.title === `Cấp dưới quá hạn: ${c.trackingCode}`)).toBe(
      true,
    );
    const overdue = await handler.get<{ items: { id: number }[] }>('/api/v1/feedback?due=due_soon');
    expect(overdue.status).toBe(200);
  });
});

async function upload(bytes: Buffer, name: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return t.anonymous.request<{ token: string; error?: { field: string; message: string } }>(
    'POST',
    '/api/v1/feedback/uploads',
    { body: form },
  );
}

/** The cookie header a logged-in test client sends. */
function cookieOf(client: TestClient): string {
  const jar = (client as unknown as { cookies: Map<string, string> }).cookies;
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** All text parts of an Office (zip) file, to search for leaked strings. */
async function unzipText(bytes: Buffer): Promise<string> {
  const { default: yauzl } = await import('yauzl');
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('not a zip'));
      let text = '';
      zip.readEntry();
      zip.on('entry', (entry: { fileName: string }) => {
        zip.openReadStream(entry as never, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'));
          stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.on('end', () => resolve(text));
    });
  });
}
