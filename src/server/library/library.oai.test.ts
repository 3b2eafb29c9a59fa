import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness';
import { OAI_PAGE_SIZE } from './library.oai';

type Element = {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Element[];
};

/** Parses strictly (throws on any well-formedness error) into a small tree. */
function parseXml(text: string): Element {
  const parser = new SaxesParser({ xmlns: true });
  const root: Element = { name: '#document', attributes: {}, text: '', children: [] };
  const stack: Element[] = [root];
  parser.on('opentag', (tag) => {
    const attributes = Object.fromEntries(
      Object.entries(tag.attributes).map(([k, v]) => [k, typeof v === 'string' ? v : v.value]),
    );
    const element: Element = { name: tag.name, attributes, text: '', children: [] };
    stack[stack.length - 1]!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(text).close();
  return root.children[0]!;
}

function all(element: Element, name: string): Element[] {
  return [
    ...element.children.filter((c) => c.name === name),
    ...element.children.flatMap((c) => all(c, name)),
  ];
}

let t: TestContext;
let hiddenId: number;
beforeAll(async () => {
  t = await createTestContext();
  const tree = await t.factory.tree('OAI');
  const librarian = (await t.factory.user('cadre', tree.province.code)).client;
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({
      title: 'Tài liệu nội bộ OAI',
      docType: 'Báo cáo',
      unitCode: tree.province.code,
      access: 'internal',
    }),
  );
  form.set('file', new Blob([Buffer.from('Nội dung nội bộ không công bố.')]), 'noi-bo.txt');
  const created = await librarian.request<{ id: number }>('POST', '/api/v1/library/documents', {
    body: form,
  });
  hiddenId = created.body.id;
});
afterAll(() => t.close());

async function oai(query: string) {
  const response = await t.anonymous.get(`/oai?${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/xml');
  const root = parseXml(response.text);
  expect(root.name).toBe('OAI-PMH');
  expect(root.attributes.xmlns).toBe('http://www.openarchives.org/OAI/2.0/');
  expect(root.children[0]?.name).toBe('responseDate');
  expect(root.children[0]?.text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(root.children[1]?.name).toBe('request');
  return root;
}

function errorCodes(root: Element): string[] {
  return all(root, 'error').map((e) => e.attributes.code ?? '');
}

describe('OAI-PMH at /oai', () => {
  it('answers Identify with the required elements', async () => {
    const root = await oai('verb=Identify');
    const identify = all(root, 'Identify')[0]!;
    expect(identify.children.map((c) => c.name)).toEqual([
      'repositoryName',
      'baseURL',
      'protocolVersion',
      'adminEmail',
      'earliestDatestamp',
      'deletedRecord',
      'granularity',
    ]);
    expect(all(root, 'protocolVersion')[0]?.text).toBe('2.0');
  });

  it('lists oai_dc as the metadata format, and sets', async () => {
    expect(all(await oai('verb=ListMetadataFormats'), 'metadataPrefix').map((e) => e.text)).toEqual(
      ['oai_dc'],
    );
    const sets = all(await oai('verb=ListSets'), 'setSpec').map((e) => e.text);
    expect(sets).toContain('type:luat');
    expect(sets).not.toContain('type:bao-cao');
  });

  it('lists records in oai_dc with Dublin Core and public documents only', async () => {
    const root = await oai('verb=ListRecords&metadataPrefix=oai_dc');
    const titles = all(root, 'dc:title').map((e) => e.text);
    expect(titles).toContain('Luật Khiếu nại');
    expect(titles).not.toContain('Tài liệu nội bộ OAI');
    const ids = all(root, 'identifier').map((e) => e.text);
    expect(ids).not.toContain(`oai:mattranso:library/${hiddenId}`);
  });

  it('pages with resumption tokens until the list is complete', async () => {
    const first = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const headers = all(first, 'header');
    const token = all(first, 'resumptionToken')[0];
    if (headers.length < OAI_PAGE_SIZE) {
      expect(token).toBeUndefined();
      return;
    }
    expect(token?.text).toBeTruthy();
    const next = await oai(
      `verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token!.text)}`,
    );
    expect(all(next, 'header').length).toBeGreaterThan(0);
  });

  it('gets one record, and refuses a hidden one as idDoesNotExist', async () => {
    const list = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const id = all(list, 'identifier')[0]!.text;
    const record = await oai(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(id)}`,
    );
    expect(all(record, 'record')).toHaveLength(1);
    const hidden = await oai(
      `verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:mattranso:library/${hiddenId}`,
    );
    expect(errorCodes(hidden)).toEqual(['idDoesNotExist']);
  });

  it.each([
    ['verb=Nonsense', 'badVerb'],
    ['', 'badVerb'],
    ['verb=Identify&verb=Identify', 'badVerb'],
    ['verb=ListRecords', 'badArgument'],
    ['verb=Identify&extra=1', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=yesterday', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2025-02-31', 'badArgument'],
    ['verb=ListIdentifiers&metadataPrefix=oai_dc&until=2025-04-31', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2025-13-01', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2025-02-28T24:00:00Z', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2025-02-28T10:00:00', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2025-02-28T10:00Z', 'badArgument'],
    [
      'verb=ListRecords&metadataPrefix=oai_dc&from=2025-01-01&until=2999-01-01T00:00:00Z',
      'badArgument',
    ],
    ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=ListRecords&resumptionToken=garbage', 'badResumptionToken'],
    ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
    ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:nowhere:1', 'idDoesNotExist'],
    ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:mattranso:library/0x1', 'idDoesNotExist'],
    ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:mattranso:library/01', 'idDoesNotExist'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01', 'noRecordsMatch'],
    ['verb=ListRecords&metadataPrefix=oai_dc&until=0000-06-30', 'noRecordsMatch'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=9999-12-31T23:59:59Z', 'noRecordsMatch'],
  ])('answers %j with the error code %s in well-formed XML', async (query, code) => {
    const root = await oai(query);
    expect(errorCodes(root)).toContain(code);
    if (code === 'badVerb' || code === 'badArgument')
      expect(root.children[1]?.attributes).toEqual({});
  });

  it.each([
    'from=2000-02-29&until=2999-12-31',
    'from=2000-02-29T00:00:00Z&until=2999-12-31T23:59:59Z',
    'until=9999-12-31',
    'until=9999-12-31T23:59:59Z',
    'from=0000-01-01',
    'from=0000-01-01T00:00:00Z&until=9999-12-31T23:59:59Z',
  ])('lists the public records for real dates: %s', async (range) => {
    const root = await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&${range}`);
    expect(errorCodes(root)).toEqual([]);
    expect(all(root, 'header').length).toBeGreaterThanOrEqual(9);
  });

  it.each([
    ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'metadataPrefix'],
    ['verb=GetRecord&metadataPrefix=oai_dc&identifier=a&identifier=b', 'identifier'],
    ['verb=ListIdentifiers&resumptionToken=a&resumptionToken=b', 'resumptionToken'],
  ])('answers %j with one badArgument naming the repeated %s', async (query, name) => {
    const root = await oai(query);
    const errors = all(root, 'error');
    expect(errors.map((e) => e.attributes.code)).toEqual(['badArgument']);
    expect(errors[0]!.text).toBe(`Tham số ${name} bị lặp lại.`);
  });

  it('accepts POST with a form body', async () => {
    const response = await t.anonymous.request('POST', '/oai', {
      body: 'verb=Identify',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(all(parseXml(response.text), 'Identify')).toHaveLength(1);
  });

  it('answers a request HTTP refuses, and a fault, in OAI-PMH XML', async () => {
    const refused = await t.anonymous.request('POST', '/oai', {
      body: 'verb=Identify',
      headers: { 'content-type': 'application/xml' },
    });
    expect(refused.status).toBe(415);
    expect(refused.headers.get('content-type')).toContain('text/xml');
    expect(errorCodes(parseXml(refused.text))).toEqual(['badArgument']);
    const badJson = await t.anonymous.request('POST', '/oai', {
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(errorCodes(parseXml(badJson.text))).toEqual(['badArgument']);

    const execute = vi.spyOn(t.ctx.db, 'execute').mockRejectedValueOnce(new Error('hỏng'));
    try {
      const fault = await t.anonymous.get('/oai?verb=ListSets');
      expect(fault.status).toBe(500);
      expect(fault.headers.get('content-type')).toContain('text/xml');
      const root = parseXml(fault.text);
      expect(root.name).toBe('OAI-PMH');
      expect(errorCodes(root)).toEqual(['serverError']);
      expect(all(root, 'error')[0]!.text).toContain('Lỗi máy chủ');
    } finally {
      execute.mockRestore();
    }
  });
});

describe('OAI-PMH paging with resumption tokens (4 records a page)', () => {
  let small: TestContext;
  beforeAll(async () => {
    small = await createTestContext({ libraryOaiPageSize: 4 });
  });
  afterAll(() => small.close());

  async function smallOai(query: string) {
    const response = await small.anonymous.get(`/oai?${query}`);
    expect(response.status).toBe(200);
    return parseXml(response.text);
  }

  it.each(['ListIdentifiers', 'ListRecords'])(
    'pages through %s until the token is empty, each record once',
    async (verb) => {
      const seen: string[] = [];
      let root = await smallOai(`verb=${verb}&metadataPrefix=oai_dc`);
      const pages: { count: number; cursor: string | undefined; size: string | undefined }[] = [];
      for (let guard = 0; guard < 20; guard += 1) {
        const ids = all(root, 'header').map((h) => all(h, 'identifier')[0]!.text);
        seen.push(...ids);
        const token = all(root, 'resumptionToken')[0];
        pages.push({
          count: ids.length,
          cursor: token?.attributes.cursor,
          size: token?.attributes.completeListSize,
        });
        if (!token?.text) break;
        root = await smallOai(`verb=${verb}&resumptionToken=${encodeURIComponent(token.text)}`);
        expect(errorCodes(root)).toEqual([]);
      }
      // The seeded public texts: nine laws and decrees, in pages of 4, 4 and 1.
      expect(pages).toEqual([
        { count: 4, cursor: '0', size: '9' },
        { count: 4, cursor: '4', size: '9' },
        { count: 1, cursor: '8', size: '9' },
      ]);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(9);
      if (verb === 'ListRecords') {
        const titles = all(root, 'dc:title').map((e) => e.text);
        expect(titles).toHaveLength(1);
      }
    },
  );

  const forge = (payload: unknown) =>
    encodeURIComponent(Buffer.from(JSON.stringify(payload)).toString('base64url'));

  it('issues tokens that name the verb, the format and where the page ended', async () => {
    const first = await smallOai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const text = all(first, 'resumptionToken')[0]!.text;
    const lastId = Number(all(first, 'identifier').at(-1)!.text.split('/').pop());
    expect(JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))).toEqual({
      verb: 'ListIdentifiers',
      metadataPrefix: 'oai_dc',
      after: lastId,
      cursor: 4,
    });
  });

  const valid = { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', after: 1, cursor: 4 };
  it.each<[string, unknown]>([
    ['huge numbers (old shape)', { verb: 'ListIdentifiers', after: 1e308, cursor: 1e308 }],
    ['a huge after', { ...valid, after: 1e308 }],
    ['an after past the safe integers', { ...valid, after: 2 ** 53 }],
    ['a negative after', { ...valid, after: -1 }],
    ['a fractional cursor', { ...valid, cursor: 1.5 }],
    ['a huge cursor', { ...valid, cursor: 1e308 }],
    ['a negative cursor', { ...valid, cursor: -4 }],
    ['an after in words', { ...valid, after: '5' }],
    ['no cursor', { verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', after: 1 }],
    ['no metadataPrefix', { verb: 'ListIdentifiers', after: 1, cursor: 4 }],
    ['an unknown metadataPrefix', { ...valid, metadataPrefix: 'marc21' }],
    ['another verb', { ...valid, verb: 'ListRecords' }],
    ['a verb without lists', { ...valid, verb: 'Identify' }],
    ['an unknown field', { ...valid, admin: true }],
    ['a set that is no text', { ...valid, set: 42 }],
    ['a set of no kind', { ...valid, set: 'nothing' }],
    ['a from that is no date', { ...valid, from: 'yesterday' }],
    ['an until of null', { ...valid, until: null }],
    ['from after until', { ...valid, from: '2030-01-01', until: '2020-01-01' }],
    ['an array', [valid]],
    ['null', null],
  ])('refuses a forged token with %s as badResumptionToken', async (_name, payload) => {
    const response = await small.anonymous.get(
      `/oai?verb=ListIdentifiers&resumptionToken=${forge(payload)}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/xml');
    expect(errorCodes(parseXml(response.text))).toEqual(['badResumptionToken']);
  });

  it.each(['', 'not base64!', 'e30', 'x'.repeat(5000)])(
    'refuses the token %j as badResumptionToken',
    async (token) => {
      const root = await smallOai(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`);
      expect(errorCodes(root)).toEqual(['badResumptionToken']);
    },
  );

  it('continues from a token edited to a valid position', async () => {
    const root = await smallOai(`verb=ListIdentifiers&resumptionToken=${forge(valid)}`);
    expect(errorCodes(root)).toEqual([]);
    expect(all(root, 'header').length).toBeGreaterThan(0);
  });

  it('refuses a token of another verb as badResumptionToken', async () => {
    const first = await smallOai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    const token = all(first, 'resumptionToken')[0]!.text;
    const wrong = await smallOai(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`);
    expect(errorCodes(wrong)).toEqual(['badResumptionToken']);
  });
});
