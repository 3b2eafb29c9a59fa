import { sql } from 'drizzle-orm';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { todayInVietnam } from './library.policy';
import type { SearchResult } from './library.schema';

const DAY = 86_400_000;
function dayFromToday(days: number): string {
  return new Date(Date.parse(todayInVietnam()) + days * DAY).toISOString().slice(0, 10);
}

/** The identifiers and error codes of an OAI-PMH answer (checked to be well-formed XML). */
function oaiFacts(text: string): { identifiers: string[]; errors: string[]; setSpecs: string[] } {
  const facts = { identifiers: [] as string[], errors: [] as string[], setSpecs: [] as string[] };
  let open = '';
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    open = tag.name;
    if (tag.name === 'error') facts.errors.push(String(tag.attributes.code));
  });
  parser.on('text', (value) => {
    if (open === 'identifier') facts.identifiers.push(value);
    if (open === 'setSpec') facts.setSpecs.push(value);
  });
  parser.on('closetag', () => {
    open = '';
  });
  parser.write(text).close();
  return facts;
}

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;
let embargoedId: number;
let releasedTodayId: number;
const WORDS = 'lễ hội hoa ban Mường Phăng';

async function upload(title: string, text: string, extra: Record<string, unknown>) {
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({
      title,
      docType: 'Tài liệu tuyên truyền',
      unitCode: tree.province.code,
      ...extra,
    }),
  );
  form.set('file', new Blob([Buffer.from(text)]), 'tai-lieu.txt');
  const created = await librarian.request<{ id: number }>('POST', '/api/v1/library/documents', {
    body: form,
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Cấm Công Bố');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
  embargoedId = await upload('Tài liệu chờ công bố', `Điều 1. Chuẩn bị ${WORDS}.`, {
    embargoUntil: dayFromToday(30),
    topics: ['Chủ đề chờ công bố'],
  });
  releasedTodayId = await upload('Tài liệu công bố hôm nay', 'Điều 1. Hội thi thả diều Tam Đảo.', {
    embargoUntil: todayInVietnam(),
    docType: 'Sổ tay',
  });
});
afterAll(() => t.close());

function search(client: TestClient, q = '') {
  return client.get<SearchResult>(`/api/v1/library/search?q=${encodeURIComponent(q)}`);
}

async function oai(query: string) {
  return oaiFacts((await t.anonymous.get(`/oai?${query}`)).text);
}

describe('a public document under embargo', () => {
  it('is invisible before its date: search, facets, direct id, file, OAI-PMH', async () => {
    expect((await search(t.anonymous, WORDS)).body.items.some((i) => i.id === embargoedId)).toBe(
      false,
    );
    const listing = await search(t.anonymous);
    expect(listing.body.items.some((i) => i.id === embargoedId)).toBe(false);
    expect(listing.body.facets.topic.some((f) => f.value === 'Chủ đề chờ công bố')).toBe(false);
    expect(listing.body.facets.type.some((f) => f.value === 'Tài liệu tuyên truyền')).toBe(false);
    expect((await t.anonymous.get(`/api/v1/library/documents/${embargoedId}`)).status).toBe(404);
    expect((await t.anonymous.get(`/api/v1/library/documents/${embargoedId}/file`)).status).toBe(
      404,
    );
    const record = await oai(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:mattranso:library/${embargoedId}`,
    );
    expect(record.errors).toEqual(['idDoesNotExist']);
    const list = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    expect(list.identifiers).not.toContain(`oai:mattranso:library/${embargoedId}`);
    expect((await oai('verb=ListSets')).setSpecs).not.toContain('type:tai-lieu-tuyen-truyen');

    // Signed-in readers of other units wait too; the librarians of the owning unit prepare it.
    const other = await t.factory.tree('Nơi Khác');
    const reader = (await t.factory.user('viewer', other.province.code)).client;
    expect((await reader.get(`/api/v1/library/documents/${embargoedId}`)).status).toBe(404);
    expect((await search(reader, WORDS)).body.items.some((i) => i.id === embargoedId)).toBe(false);
    expect((await librarian.get(`/api/v1/library/documents/${embargoedId}`)).status).toBe(200);
  });

  it('is visible on its date', async () => {
    expect((await t.anonymous.get(`/api/v1/library/documents/${releasedTodayId}`)).status).toBe(
      200,
    );
    expect((await search(t.anonymous, 'thả diều Tam Đảo')).body.items[0]?.id).toBe(releasedTodayId);
    const list = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    expect(list.identifiers).toContain(`oai:mattranso:library/${releasedTodayId}`);
  });

  it('is visible everywhere once the date has passed, and harvested as new from that day', async () => {
    // The calendar moves on: the document was written ten days ago, its embargo ended yesterday.
    const yesterday = dayFromToday(-1);
    await t.ctx.db.execute(sql`UPDATE library_documents
      SET embargo_until = ${yesterday}::date, updated_at = now() - interval '10 days'
      WHERE id = ${embargoedId}`);

    expect((await search(t.anonymous, WORDS)).body.items[0]?.id).toBe(embargoedId);
    const listing = await search(t.anonymous);
    expect(listing.body.facets.topic.find((f) => f.value === 'Chủ đề chờ công bố')?.count).toBe(1);
    expect(listing.body.facets.type.some((f) => f.value === 'Tài liệu tuyên truyền')).toBe(true);
    expect((await t.anonymous.get(`/api/v1/library/documents/${embargoedId}`)).status).toBe(200);
    const record = await oai(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:mattranso:library/${embargoedId}`,
    );
    expect(record.errors).toEqual([]);
    // A harvester asking for records changed since the day before yesterday gets it.
    const since = await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${dayFromToday(-2)}`);
    expect(since.identifiers).toContain(`oai:mattranso:library/${embargoedId}`);
    expect((await oai('verb=ListSets')).setSpecs).toContain('type:tai-lieu-tuyen-truyen');
  });
});
