import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTree } from '../../../test/factories';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import { submission } from './feedback.test-helpers';

type ErrorBody = { error: { code: string; field?: string; message: string } };
type Detail = { lat: number | null; lng: number | null; channel: string; receivedAt: string };

let t: TestContext;
let tree: TestTree;
let cadre: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Tiếp Nhận');
  cadre = (await t.factory.user('cadre', tree.communeA.code)).client;
});
afterAll(() => t.close());

const body = (overrides: Record<string, unknown> = {}) =>
  submission(tree.province.code, tree.communeA.code, overrides);

/** Submits through the given client and returns the case as its handler sees it. */
async function submitAndOpen(client: TestClient, overrides: Record<string, unknown>) {
  const created = await client.post<{ trackingCode: string }>('/api/v1/feedback', body(overrides));
  expect(created.status, created.text).toBe(201);
  const list = await cadre.get<{ items: { id: number }[] }>(
    `/api/v1/feedback?q=${encodeURIComponent(created.body.trackingCode)}`,
  );
  return (await cadre.get<Detail>(`/api/v1/feedback/${list.body.items[0]?.id}`)).body;
}

describe('map point on intake', () => {
  it('keeps a point inside Vietnam', async () => {
    const c = await submitAndOpen(t.anonymous, { lat: 16.0678, lng: 108.2208 });
    expect(c).toMatchObject({ lat: 16.0678, lng: 108.2208 });
    const none = await submitAndOpen(t.anonymous, { lat: null, lng: null });
    expect(none).toMatchObject({ lat: null, lng: null });
  });

  it('refuses a point outside Vietnam or half a point, in Vietnamese naming the field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ lat: 48.8566, lng: 2.3522 }, 'lat', 'vĩ độ phải nằm trong lãnh thổ Việt Nam'],
      [{ lat: 16.06, lng: 100.5 }, 'lng', 'kinh độ phải nằm trong lãnh thổ Việt Nam'],
      // Swapped coordinates are the usual mistake.
      [{ lat: 108.22, lng: 16.06 }, 'lat', ''],
      [{ lat: 16.06 }, 'lng', 'cần nhập kinh độ'],
      [{ lng: 108.22 }, 'lat', 'cần nhập vĩ độ'],
      [{ lat: '16,06', lng: 108.22 }, 'lat', ''],
    ];
    for (const [point, field, text] of cases) {
      const bad = await t.anonymous.post<ErrorBody>(
        '/api/v1/feedback',
        body({ ...point, title: 'Điểm sai' }),
      );
      expect(bad.status, JSON.stringify(point)).toBe(400);
      expect(bad.body.error.field).toBe(field);
      expect(bad.body.error.message).toContain(`Trường «${field}»`);
      expect(bad.body.error.message).toContain(text);
      expect(bad.body.error.message).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵóòọõỏôộổỗồốơờớợởỡéèẻẹẽêếềệểễ]/u);
    }
    const none = await cadre.get<{ total: number }>('/api/v1/feedback?q=diem%20sai');
    expect(none.body.total).toBe(0);
  });
});

describe('date of receipt and channel entered by staff', () => {
  it('records the channel and a past date of receipt', async () => {
    const receivedAt = '2026-03-02T00:00:00+07:00';
    const c = await submitAndOpen(cadre, { channel: 'letter', receivedAt });
    expect(c.channel).toBe('letter');
    expect(new Date(c.receivedAt).toISOString()).toBe(new Date(receivedAt).toISOString());
  });

  it('refuses a date of receipt in the future or not in ISO form, naming the field', async () => {
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const ahead = await cadre.post<ErrorBody>('/api/v1/feedback', body({ receivedAt: future }));
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.field).toBe('receivedAt');
    expect(ahead.body.error.message).toBe('Trường «receivedAt»: không được ở tương lai.');
    const local = await cadre.post<ErrorBody>(
      '/api/v1/feedback',
      body({ receivedAt: '02/03/2026' }),
    );
    expect(local.status).toBe(400);
    expect(local.body.error.field).toBe('receivedAt');
    expect(local.body.error.message).toContain('Trường «receivedAt»');
    const channel = await cadre.post<ErrorBody>('/api/v1/feedback', body({ channel: 'fax' }));
    expect(channel.status).toBe(400);
    expect(channel.body.error.field).toBe('channel');
  });

  it('ignores a channel and date of receipt sent by a citizen', async () => {
    const c = await submitAndOpen(t.anonymous, {
      channel: 'phone',
      receivedAt: '2026-03-02T00:00:00+07:00',
    });
    expect(c.channel).toBe('web');
    expect(Date.now() - new Date(c.receivedAt).getTime()).toBeLessThan(60_000);
  });
});
