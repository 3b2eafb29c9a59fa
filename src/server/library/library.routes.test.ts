import { Document, Packer, Paragraph, TextRun } from 'docx';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { vietnamesePdf } from './fixtures/pdf';
import type { SearchResult } from './library.schema';

type ErrorBody = { error: { code: string; field?: string; message: string } };
type Doc = {
  id: number;
  title: string;
  passages: { anchor: string; label: string; body: string }[];
  file: { url: string } | null;
};

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;
beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Thư Viện');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
});
afterAll(() => t.close());

function search(client: TestClient, q: string, extra = '') {
  return client.get<SearchResult>(`/api/v1/library/search?q=${encodeURIComponent(q)}${extra}`);
}

async function upload(
  client: TestClient,
  fileName: string,
  bytes: Buffer,
  metadata: Record<string, unknown>,
) {
  const form = new FormData();
  form.set('metadata', JSON.stringify(metadata));
  form.set('file', new Blob([new Uint8Array(bytes)]), fileName);
  return client.request<{ id: number } & ErrorBody>('POST', '/api/v1/library/documents', {
    body: form,
  });
}

const meta = (extra: Record<string, unknown> = {}) => ({
  title: 'Tài liệu thử nghiệm',
  docType: 'Hướng dẫn',
  unitCode: tree.province.code,
  ...extra,
});

async function docx(paragraphs: string[]): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }],
  });
  return Packer.toBuffer(document);
}

describe('search over the seeded legal texts', () => {
  it('finds the Law on the Vietnam Fatherland Front first for "luat mat tran to quoc"', async () => {
    const found = await search(t.anonymous, 'luat mat tran to quoc');
    expect(found.status).toBe(200);
    expect(found.body.items[0]?.title).toMatch(/^Luật Mặt trận Tổ quốc Việt Nam/);
  });

  it('finds the Law on Complaints first for "khieu nai", with a highlighted accented snippet', async () => {
    const found = await search(t.anonymous, 'khieu nai');
    const first = found.body.items[0]!;
    expect(first).toMatchObject({ title: 'Luật Khiếu nại', number: '02/2011/QH13' });
    const marked = first.highlights.map(([s, e]) => first.snippet.slice(s, e).toLowerCase());
    expect(marked).toContain('khiếu');
  });

  it.each(['02/2011/QH13', '02/2011/qh13', 'luật 02/2011', '2/2011/QH13', '02-2011-QH13'])(
    'finds the Law on Complaints by number %j',
    async (q) => {
      const found = await search(t.anonymous, q);
      expect(found.body.items[0]).toMatchObject({
        title: 'Luật Khiếu nại',
        number: '02/2011/QH13',
      });
    },
  );

  it.each(['30/2020/NĐ-CP', '30/2020/nd-cp', 'nghị định 30/2020'])(
    'finds Decree 30/2020 by %j',
    async (q) => {
      const found = await search(t.anonymous, q);
      expect(found.body.items[0]?.number).toBe('30/2020/NĐ-CP');
    },
  );

  it('finds text written "Hòa" with a query written "Hoà" and marks the original word', async () => {
    const found = await search(t.anonymous, 'Hoà giải');
    expect(found.body.total).toBeGreaterThan(0);
    const item = found.body.items[0]!;
    const marked = item.highlights.map(([s, e]) => item.snippet.slice(s, e).toLowerCase());
    expect(marked).toContain('hòa');
  });

  it('marks only the words written as typed when the query has marks', async () => {
    const found = await search(t.anonymous, 'Hoà giải');
    const marked = found.body.items.flatMap((item) =>
      item.highlights.map(([s, e]) => item.snippet.slice(s, e).toLowerCase().normalize('NFC')),
    );
    expect(marked).toContain('giải');
    expect(marked.filter((w) => !['hòa', 'hoà', 'giải'].includes(w))).toEqual([]);
  });

  it.each(['\u0301', '\u0300\u0308', 'khiếu \u0301'])(
    'answers a query holding a lone combining mark (%j) without an error',
    async (q) => {
      const found = await search(t.anonymous, q);
      expect(found.status).toBe(200);
      expect(found.body.total > 0).toBe(q.startsWith('khiếu'));
    },
  );

  it.each(['😀', '""', '&|!:*()', 'a'.repeat(60)])(
    'finds nothing, rather than the whole library, for %j',
    async (q) => {
      const found = await search(t.anonymous, q);
      expect(found.status).toBe(200);
      expect(found.body.total).toBe(0);
      expect(found.body.items).toEqual([]);
    },
  );

  it('matches a quoted phrase and opens at the right article', async () => {
    const found = await search(t.anonymous, '"thời hiệu khiếu nại"');
    expect(found.body.items[0]).toMatchObject({ title: 'Luật Khiếu nại' });
    expect(found.body.items[0]?.anchor).toMatch(/^dieu-\d+$/);
  });

  it('expands abbreviations: MTTQ finds the Front law', async () => {
    const found = await search(t.anonymous, 'luật MTTQ');
    expect(found.body.items[0]?.title).toMatch(/^Luật Mặt trận Tổ quốc/);
  });

  it('suggests a correction for a typo and searches with it', async () => {
    const found = await search(t.anonymous, 'khiếu nạii tố cáoo');
    expect(found.body.didYouMean).toBeTruthy();
    expect(found.body.total).toBeGreaterThan(0);
  });

  it('returns facets on a listing and filters by type', async () => {
    const all = await t.anonymous.get<SearchResult>('/api/v1/library/search');
    expect(all.body.total).toBeGreaterThanOrEqual(9);
    expect(all.body.facets.type.find((f) => f.value === 'Luật')?.count).toBeGreaterThanOrEqual(7);
    const decrees = await t.anonymous.get<SearchResult>(
      `/api/v1/library/search?type=${encodeURIComponent('Nghị định')}`,
    );
    expect(decrees.body.items.every((i) => i.docType === 'Nghị định')).toBe(true);
    const laws = all.body.facets.type.find((f) => f.value === 'Luật')?.count;
    for (const spelling of ['luật', 'LUẬT', 'luat']) {
      const typed = await t.anonymous.get<SearchResult>(
        `/api/v1/library/search?type=${encodeURIComponent(spelling)}`,
      );
      expect(typed.body.total).toBe(laws);
    }
  });

  it('refuses a bad year with a Vietnamese message naming the field', async () => {
    const bad = await t.anonymous.get<ErrorBody>('/api/v1/library/search?year=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('year');
  });
});

describe('POST /api/v1/library/documents', () => {
  it('extracts a DOCX with Vietnamese text, splits its articles and finds it by a phrase', async () => {
    const bytes = await docx([
      'HƯỚNG DẪN',
      'Điều 1. Phạm vi áp dụng',
      'Hướng dẫn này áp dụng cho Ban công tác Mặt trận ở khu dân cư.',
      'Điều 2. Tổ chức hội nghị',
      'Ban công tác Mặt trận tổ chức hội nghị lấy ý kiến về sổ tay tuyên truyền vườn rau sạch.',
    ]);
    const created = await upload(
      librarian,
      'huong-dan.docx',
      bytes,
      meta({ title: 'Hướng dẫn hội nghị khu dân cư' }),
    );
    expect(created.status).toBe(201);
    const found = await search(t.anonymous, '"sổ tay tuyên truyền vườn rau sạch"');
    expect(found.body.items[0]).toMatchObject({ id: created.body.id, anchor: 'dieu-2' });
    const doc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${created.body.id}`);
    expect(doc.body.passages.map((p) => p.anchor)).toEqual(['loi-noi-dau', 'dieu-1', 'dieu-2']);
    const file = await t.anonymous.get(doc.body.file!.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('huong-dan.docx');
  });

  it.each([
    ['UTF-16LE', 'utf16le'],
    ['UTF-16BE', 'utf16be'],
  ] as const)(
    'reads a %s text file (Notepad "Unicode") and finds it by a phrase',
    async (_name, order) => {
      const text = 'Điều 1. Sổ tay hòa giải\nTổ hòa giải thôn Khuổi Luông họp mỗi quý.';
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const bytes = order === 'utf16le' ? le : Buffer.from(le).swap16();
      const created = await upload(
        librarian,
        `so-tay-${order}.txt`,
        bytes,
        meta({ title: `Sổ tay ${order}` }),
      );
      expect(created.status).toBe(201);
      const found = await search(t.anonymous, '"thôn khuổi luông"');
      expect(found.body.items.map((i) => i.id)).toContain(created.body.id);
    },
  );

  it('extracts a PDF page by page and finds it by a Vietnamese phrase on page 2', async () => {
    const bytes = vietnamesePdf([
      ['Báo cáo kết quả giám sát', 'Phần một: tình hình chung của phường.'],
      ['Nhân dân đồng thuận với phương án chỉnh trang đô thị ven sông Hàn.'],
    ]);
    const created = await upload(
      librarian,
      'bao-cao.pdf',
      bytes,
      meta({ title: 'Báo cáo giám sát', docType: 'Báo cáo' }),
    );
    expect(created.status).toBe(201);
    const found = await search(t.anonymous, '"chỉnh trang đô thị ven sông Hàn"');
    expect(found.body.items[0]).toMatchObject({ id: created.body.id, anchor: 'trang-2' });
    const unmarked = await search(t.anonymous, 'chinh trang do thi ven song han');
    expect(unmarked.body.items[0]?.id).toBe(created.body.id);
  });

  it('recognises a scanned page in Vietnamese as a background job with progress', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="300"><rect width="100%" height="100%" fill="white"/>
      <text x="40" y="120" font-family="DejaVu Sans" font-size="48">Điều 1. Nhân dân giám sát việc hòa giải</text>
      <text x="40" y="220" font-family="DejaVu Sans" font-size="48">tại khu dân cư Thạch Thang.</text></svg>`;
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    const created = await upload(
      librarian,
      'ban-quet.png',
      png,
      meta({ title: 'Bản quét biên bản', docType: 'Hình ảnh' }),
    );
    expect(created.status).toBe(201);
    const pending = await t.anonymous.get<{ textStatus: string }>(
      `/api/v1/library/documents/${created.body.id}`,
    );
    expect(['pending_ocr', 'done']).toContain(pending.body.textStatus);
    await t.ctx.events.settle();
    const jobs = await t.anonymous.get<{ items: { status: string; progress: number }[] }>(
      `/api/v1/library/documents/${created.body.id}/jobs`,
    );
    expect(jobs.body.items[0]).toMatchObject({ status: 'done', progress: 1 });
    const found = await search(t.anonymous, 'khu dan cu Thach Thang');
    expect(found.body.items[0]).toMatchObject({ id: created.body.id, anchor: 'dieu-1' });
  }, 60_000);

  it('refuses a file whose content does not match its type, saving nothing', async () => {
    const before = await t.anonymous.get<SearchResult>('/api/v1/library/search');
    const fake = await upload(
      librarian,
      'gia-mao.pdf',
      Buffer.from('Đây không phải PDF mà là chữ thường.'),
      meta(),
    );
    expect(fake.status).toBe(400);
    expect(fake.body.error.field).toBe('file');
    expect(fake.body.error.message).toContain('không khớp');
    const png = await upload(librarian, 'anh.docx', vietnamesePdf([['abc']]), meta());
    expect(png.status).toBe(400);
    const after = await t.anonymous.get<SearchResult>('/api/v1/library/search');
    expect(after.body.total).toBe(before.body.total);
  });

  it('refuses an anonymous upload, a wrong unit and bad metadata', async () => {
    const bytes = Buffer.from('Văn bản thử.');
    expect((await upload(t.anonymous, 'a.txt', bytes, meta())).status).toBe(401);
    const other = await t.factory.tree('Khác');
    const wrong = await upload(librarian, 'a.txt', bytes, meta({ unitCode: other.province.code }));
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.field).toBe('unitCode');
    const bad = await upload(librarian, 'a.txt', bytes, meta({ docType: 'Thơ' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('docType');
    const viewer = (await t.factory.user('viewer', tree.province.code)).client;
    expect((await upload(viewer, 'a.txt', bytes, meta())).status).toBe(403);
  });

  it('names the download in filename* and, without marks, in ASCII filename', async () => {
    const created = await upload(
      librarian,
      'Quyết định số 1.txt',
      Buffer.from('Điều 1. Thành lập tổ tự quản đường làng.'),
      meta({ title: 'Quyết định thành lập tổ tự quản' }),
    );
    expect(created.status).toBe(201);
    const doc = await t.anonymous.get<Doc>(`/api/v1/library/documents/${created.body.id}`);
    const file = await t.anonymous.get(doc.body.file!.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="Quyet dinh so 1.txt"; filename*=UTF-8''${encodeURIComponent('Quyết định số 1.txt')}`,
    );
  });
});

describe('access rules', () => {
  let internalId: number;
  let restrictedId: number;
  beforeAll(async () => {
    const internal = await upload(
      librarian,
      'noi-bo.txt',
      Buffer.from('Điều 1. Kế hoạch nội bộ về đợt kiểm tra xuồng cứu hộ ở khu phố Bạch Đằng.'),
      meta({
        title: 'Kế hoạch kiểm tra nội bộ',
        docType: 'Kế hoạch',
        access: 'internal',
        topics: ['Chủ đề kín'],
      }),
    );
    internalId = internal.body.id;
    const restricted = await upload(
      librarian,
      'han-che.txt',
      Buffer.from('Điều 1. Danh sách hộ nhận hỗ trợ sửa nhà chống bão ở thôn Gò Nổi.'),
      meta({
        title: 'Danh sách hạn chế',
        access: 'restricted',
        accessUnitCodes: [tree.communeA.code],
      }),
    );
    restrictedId = restricted.body.id;
  });

  it('never shows an internal document to an anonymous reader: results, facets, direct id', async () => {
    const found = await search(t.anonymous, 'xuồng cứu hộ Bạch Đằng');
    expect(found.body.items.some((i) => i.id === internalId)).toBe(false);
    // Words of hidden documents never feed "did you mean".
    expect(found.body.didYouMean ?? '').not.toContain('xuồng');
    const listing = await t.anonymous.get<SearchResult>('/api/v1/library/search');
    expect(listing.body.items.some((i) => i.id === internalId)).toBe(false);
    expect(listing.body.facets.topic.some((f) => f.value === 'Chủ đề kín')).toBe(false);
    expect(listing.body.facets.type.some((f) => f.value === 'Kế hoạch')).toBe(false);
    expect((await t.anonymous.get(`/api/v1/library/documents/${internalId}`)).status).toBe(404);
    expect((await t.anonymous.get(`/api/v1/library/documents/${internalId}/file`)).status).toBe(
      404,
    );
  });

  it('shows an internal document to any signed-in Front user', async () => {
    const other = await t.factory.tree('Nội Bộ');
    const reader = (await t.factory.user('viewer', other.communeA.code)).client;
    const found = await search(reader, 'xuồng cứu hộ Bạch Đằng');
    expect(found.body.items[0]?.id).toBe(internalId);
    const listing = await reader.get<SearchResult>('/api/v1/library/search');
    expect(listing.body.facets.topic.find((f) => f.value === 'Chủ đề kín')?.count).toBe(1);
  });

  it('shows a restricted document only to users whose unit covers a named unit', async () => {
    const inA = (await t.factory.user('viewer', tree.communeA.code)).client;
    const inB = (await t.factory.user('viewer', tree.communeB.code)).client;
    expect((await inA.get(`/api/v1/library/documents/${restrictedId}`)).status).toBe(200);
    expect((await inB.get(`/api/v1/library/documents/${restrictedId}`)).status).toBe(404);
    expect((await search(inB, 'Gò Nổi')).body.total).toBe(0);
    expect((await search(inA, 'Gò Nổi')).body.items[0]?.id).toBe(restrictedId);
  });

  it('answers 400 for a bad id and 404 for a missing one', async () => {
    expect((await t.anonymous.get('/api/v1/library/documents/abc')).status).toBe(400);
    // Only plain decimal ids name a document: no hex, leading zero, space or exponent.
    for (const id of ['0x1', '01', '%201', '1e0', '1.0', '9999999999999999999']) {
      const loose = await t.anonymous.get<ErrorBody>(`/api/v1/library/documents/${id}`);
      expect(loose.status).toBe(400);
      expect(loose.body.error.field).toBe('id');
    }
    expect((await t.anonymous.get('/api/v1/library/documents/99999999')).status).toBe(404);
  });
});
