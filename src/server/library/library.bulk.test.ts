import { Document, Packer, Paragraph, TextRun } from 'docx';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '@server/platform/db/client';
import { buildTemplate } from '@server/platform/import/import.xlsx';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness';
import type { TestTree } from '../../../test/factories';
import { vietnamesePdf } from './fixtures/pdf';
import { BULK_COLUMNS, BULK_EXAMPLE } from './library.bulk.sheet';
import type { SearchResult } from './library.schema';

type ErrorBody = { error: { code: string; field?: string; message: string } };
type Problem = {
  rowNumber: number | null;
  column: string | null;
  severity: 'error' | 'warning';
  message: string;
};
type Preview = {
  unit: { code: string };
  blocked: boolean;
  rows: {
    rowNumber: number;
    action: 'create' | 'unchanged' | 'error';
    documentId: number | null;
  }[];
  problems: Problem[];
  summary: { create: number; unchanged: number; error: number; warning: number };
};
type Result = {
  created: number;
  unchanged: number;
  skipped: number;
  failed: number;
  rows: { rowNumber: number; action: string; documentId: number | null; message: string | null }[];
};

let t: TestContext;
let tree: TestTree;
let librarian: TestClient;
beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Nhập Thư Viện');
  librarian = (await t.factory.user('cadre', tree.province.code)).client;
});
afterAll(() => t.close());

const HEADERS = [
  'Tên tệp',
  'Tiêu đề',
  'Số ký hiệu',
  'Loại văn bản',
  'Cơ quan ban hành',
  'Ngày ban hành',
  'Tình trạng hiệu lực',
  'Chủ đề',
  'Quyền truy cập',
];
type Line = (string | number | null)[];

/** A workbook as people make it: a banner row above the header, then one row per document. */
async function xlsx(lines: Line[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh mục');
  sheet.addRow(['DANH MỤC TÀI LIỆU NHẬP THƯ VIỆN']);
  sheet.addRow(HEADERS);
  for (const line of lines) sheet.addRow(line);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function csv(lines: Line[]): Buffer {
  const cell = (v: string | number | null) => `"${String(v ?? '').replaceAll('"', '""')}"`;
  return Buffer.from([HEADERS, ...lines].map((l) => l.map(cell).join(',')).join('\r\n'));
}

async function zip(files: Record<string, Buffer | string>): Promise<Buffer> {
  const archive = new JSZip();
  for (const [name, body] of Object.entries(files))
    archive.file(name, body, { createFolders: false });
  return archive.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function docx(paragraphs: string[]): Promise<Buffer> {
  const document = new Document({
    sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }],
  });
  return Packer.toBuffer(document);
}

function send<T>(
  client: TestClient,
  step: 'preview' | 'apply',
  parts: { sheet?: [string, Buffer]; archive?: [string, Buffer]; unitCode?: string },
) {
  const form = new FormData();
  if (parts.unitCode) form.set('unitCode', parts.unitCode);
  if (parts.sheet) form.set('sheet', new Blob([new Uint8Array(parts.sheet[1])]), parts.sheet[0]);
  if (parts.archive) {
    form.set('archive', new Blob([new Uint8Array(parts.archive[1])]), parts.archive[0]);
  }
  return client.request<T & ErrorBody>('POST', `/api/v1/library/import/${step}`, { body: form });
}

async function documentCount(): Promise<number> {
  const [row] = await rows<{ n: number }>(
    t.ctx.db,
    sql`SELECT count(*)::int AS n FROM library_documents`,
  );
  return Number(row!.n);
}

function search(client: TestClient, q: string) {
  return client.get<SearchResult>(`/api/v1/library/search?q=${encodeURIComponent(q)}`);
}

describe('bulk import from a spreadsheet and a zip', () => {
  let sheet: [string, Buffer];
  let archive: [string, Buffer];

  beforeAll(async () => {
    const guide = await docx([
      'HƯỚNG DẪN',
      'Điều 1. Phạm vi',
      'Hướng dẫn này áp dụng cho việc tổ chức ngày hội đại đoàn kết ở thôn Phú Xuân.',
      'Điều 2. Nội dung',
      'Ban công tác Mặt trận vận động bà con trồng hàng cây sao đen dọc kênh Bến Nghé.',
    ]);
    const report = vietnamesePdf([
      ['Báo cáo kết quả vận động quỹ Vì người nghèo'],
      ['Xã đã trao tặng mười hai căn nhà đại đoàn kết cho hộ khó khăn ở bản Nậm Cắn.'],
    ]);
    sheet = [
      'danh-muc.xlsx',
      await xlsx([
        // 3: good DOCX, public
        [
          'huong-dan.docx',
          'Hướng dẫn ngày hội đại đoàn kết',
          '15/HD-MTTQ-BTT',
          'Hướng dẫn',
          'Ban Thường trực',
          '15/03/2025',
          'Còn hiệu lực',
          'Đại đoàn kết; Khu dân cư',
          'Công khai',
        ],
        // 4: good PDF in a folder, no number, written without marks
        [
          'bao-cao.pdf',
          'Báo cáo quỹ Vì người nghèo',
          null,
          'bao cao',
          null,
          null,
          null,
          null,
          null,
        ],
        // 5: good TXT, internal to the Front
        [
          'ke-hoach.txt',
          'Kế hoạch kiểm tra nội bộ',
          '07/KH-MTTQ',
          'Kế hoạch',
          null,
          '2025-04-01',
          null,
          null,
          'Nội bộ',
        ],
        // 6: no title
        ['thong-bao.txt', null, null, 'Công văn', null, null, null, null, null],
        // 7: unknown document type
        ['tho.txt', 'Bài thơ mừng Đảng', null, 'Thơ', null, null, null, null, null],
        // 8: a date that does not exist
        [
          'ngay-sai.txt',
          'Văn bản ngày sai',
          null,
          'Công văn',
          null,
          '31/02/2025',
          null,
          null,
          null,
        ],
        // 9: a file the archive does not hold
        ['khong-co.pdf', 'Tài liệu thiếu tệp', null, 'Khác', null, null, null, null, null],
        // 10: a PDF that is really text
        ['gia-mao.pdf', 'Tệp giả mạo', null, 'Khác', null, null, null, null, null],
        // 11: the number of row 3 again, in another spelling
        ['trung-so.txt', 'Trùng số', '15/hd-mttq-btt', 'Hướng dẫn', null, null, null, null, null],
        // 12: the number of the Law on Complaints, already in the library
        [
          'luat.txt',
          'Luật Khiếu nại (bản sao)',
          '02/2011/QH13',
          'Luật',
          null,
          null,
          null,
          null,
          null,
        ],
      ]),
    ];
    archive = [
      'tep.zip',
      await zip({
        'huong-dan.docx': guide,
        'tai-lieu/bao-cao.pdf': report,
        'ke-hoach.txt': 'Điều 1. Kiểm tra kho áo phao cứu sinh ở đội xung kích phường Thạch Thang.',
        'thong-bao.txt': 'Thông báo lịch họp.',
        'tho.txt': 'Mừng Đảng mừng Xuân.',
        'ngay-sai.txt': 'Văn bản có ngày sai.',
        'gia-mao.pdf': 'Đây là chữ thường, không phải PDF.',
        'trung-so.txt': 'Văn bản trùng số ký hiệu.',
        'luat.txt': 'Điều 1. Bản sao luật.',
        'thua.txt': 'Tệp không ai nhắc đến.',
      }),
    ];
  });

  it('offers a template with the Vietnamese columns', async () => {
    const template = await librarian.get('/api/v1/library/import/template.xlsx');
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toContain('spreadsheetml');
    const info = await librarian.get<{ columns: { header: string }[]; limits: { text: string } }>(
      '/api/v1/library/import',
    );
    expect(info.body.columns.map((c) => c.header)).toEqual(
      expect.arrayContaining([
        'Tên tệp',
        'Tiêu đề',
        'Số ký hiệu',
        'Loại văn bản',
        'Quyền truy cập',
      ]),
    );
    expect(info.body.limits.text).toMatch(/Tối đa 300 dòng/);

    // The template's own example row passes the dry run (the route sends this same workbook).
    const workbook = await buildTemplate(BULK_COLUMNS, 'Mẫu', [BULK_EXAMPLE]);
    const example = await docx(['Điều 1. Hội nghị khu dân cư bàn việc làm đường bê tông.']);
    const preview = await send<Preview>(librarian, 'preview', {
      sheet: ['mau.xlsx', workbook],
      archive: ['mau.zip', await zip({ 'huong-dan-hoi-nghi.docx': example })],
    });
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.rows.map((r) => r.action)).toEqual(['create']);
  });

  it('dry run lists every problem by row and column, and writes nothing', async () => {
    const before = await documentCount();
    const preview = await send<Preview>(librarian, 'preview', { sheet, archive });
    expect(preview.status).toBe(200);
    expect(preview.body.blocked).toBe(false);
    expect(preview.body.unit.code).toBe(tree.province.code);
    const at = (row: number | null, column: string) =>
      preview.body.problems.filter((p) => p.rowNumber === row && p.column === column);
    expect(at(6, 'title')[0]?.message).toMatch(/không được để trống/);
    expect(at(7, 'docType')[0]?.message).toMatch(/«Thơ» không có trong danh mục/);
    expect(at(8, 'issuedOn')[0]?.message).toMatch(/không phải ngày hợp lệ/);
    expect(at(9, 'fileName')[0]?.message).toMatch(/không có tệp «khong-co\.pdf» trong tệp nén/);
    expect(at(10, 'fileName')[0]?.message).toMatch(/không khớp với kiểu PDF/);
    expect(at(11, 'number')[0]?.message).toMatch(/trùng với dòng 3/);
    expect(at(12, 'number')[0]?.message).toMatch(/đã có trong thư viện: «Luật Khiếu nại»/);
    const unnamed = at(null, 'fileName');
    expect(unnamed.map((p) => p.severity)).toEqual(['warning']);
    expect(unnamed[0]?.message).toMatch(/«thua\.txt» có trong tệp nén nhưng không dòng nào/);
    expect(preview.body.rows.map((r) => [r.rowNumber, r.action])).toEqual([
      [3, 'create'],
      [4, 'create'],
      [5, 'create'],
      ...[6, 7, 8, 9, 10, 11, 12].map((n) => [n, 'error']),
    ]);
    expect(preview.body.summary).toEqual({ create: 3, unchanged: 0, error: 7, warning: 1 });
    expect(await documentCount()).toBe(before);
    expect((await search(t.anonymous, '"hàng cây sao đen"')).body.total).toBe(0);
  });

  it('apply takes in the good rows, found by a phrase inside them, with their access', async () => {
    const applied = await send<Result>(librarian, 'apply', { sheet, archive });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ created: 3, unchanged: 0, skipped: 7, failed: 0 });
    expect(applied.body.rows.find((r) => r.rowNumber === 7)?.message).toMatch(/Loại văn bản/);
    const [docxId, pdfId, txtId] = applied.body.rows.slice(0, 3).map((r) => r.documentId);

    const byDocx = await search(t.anonymous, '"hàng cây sao đen dọc kênh Bến Nghé"');
    expect(byDocx.body.items[0]).toMatchObject({ id: docxId, anchor: 'dieu-2' });
    const byPdf = await search(t.anonymous, 'nha dai doan ket ban Nam Can');
    expect(byPdf.body.items[0]).toMatchObject({ id: pdfId, anchor: 'trang-2' });
    const doc = await t.anonymous.get<{ number: string; docType: string; unitCode: string }>(
      `/api/v1/library/documents/${docxId}`,
    );
    expect(doc.body).toMatchObject({ number: '15/HD-MTTQ-BTT', docType: 'Hướng dẫn' });
    expect(doc.body.unitCode).toBe(tree.province.code);

    // «Nội bộ»: hidden from citizens, shown to any signed-in Front user.
    expect((await t.anonymous.get(`/api/v1/library/documents/${txtId}`)).status).toBe(404);
    expect((await search(t.anonymous, 'áo phao cứu sinh Thạch Thang')).body.total).toBe(0);
    const reader = (await t.factory.user('viewer', tree.communeB.code)).client;
    expect((await search(reader, 'áo phao cứu sinh Thạch Thang')).body.items[0]?.id).toBe(txtId);
  });

  it('a second apply of the same files changes nothing', async () => {
    const before = await documentCount();
    const again = await send<Result>(librarian, 'apply', { sheet, archive });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 3, skipped: 7, failed: 0 });
    expect(await documentCount()).toBe(before);
    const preview = await send<Preview>(librarian, 'preview', { sheet, archive });
    expect(preview.body.summary).toMatchObject({ create: 0, unchanged: 3 });
    expect(preview.body.rows[0]?.documentId).toBe(again.body.rows[0]?.documentId);
  });
});

describe('bulk import refusals', () => {
  const goodSheet = (): [string, Buffer] => [
    'danh-muc.csv',
    csv([['mot.txt', 'Một văn bản', null, 'Công văn', null, null, null, null, null]]),
  ];
  const goodArchive = async (): Promise<[string, Buffer]> => [
    'tep.zip',
    await zip({ 'mot.txt': 'Điều 1. Văn bản thử nghiệm nhập hàng loạt về đê bao Cồn Sơn.' }),
  ];

  it('refuses an anonymous user, a user without the right and a unit outside the tree', async () => {
    const parts = { sheet: goodSheet(), archive: await goodArchive() };
    const before = await documentCount();
    const anonymous = await send(t.anonymous, 'preview', parts);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect((await t.anonymous.get('/api/v1/library/import/template.xlsx')).status).toBe(401);

    const viewer = (await t.factory.user('viewer', tree.province.code)).client;
    const noRight = await send(viewer, 'apply', parts);
    expect(noRight.status).toBe(403);
    expect(noRight.body.error.message).toMatch(/không có quyền/);
    expect((await viewer.get('/api/v1/library/import/template.xlsx')).status).toBe(403);

    // A cadre of a commune may not file documents under the province above it.
    const communeCadre = (await t.factory.user('cadre', tree.communeA.code)).client;
    const up = await send(communeCadre, 'apply', { ...parts, unitCode: tree.province.code });
    expect(up.status).toBe(403);
    expect(up.body.error.field).toBe('unitCode');
    const other = await t.factory.tree('Nơi Khác');
    const wrong = await send(librarian, 'apply', { ...parts, unitCode: other.province.code });
    expect(wrong.status).toBe(403);
    expect(await documentCount()).toBe(before);
  });

  it('answers 400 naming the field for a missing or wrong upload', async () => {
    const archive = await goodArchive();
    const noArchive = await send(librarian, 'preview', { sheet: goodSheet() });
    expect(noArchive.status).toBe(400);
    expect(noArchive.body.error).toMatchObject({ field: 'archive' });
    expect(noArchive.body.error.message).toMatch(/chưa chọn tệp nén/);

    const noSheet = await send(librarian, 'preview', { archive });
    expect(noSheet.body.error).toMatchObject({ field: 'sheet' });

    const notZip = await send(librarian, 'preview', {
      sheet: goodSheet(),
      archive: ['tep.zip', Buffer.from('không phải tệp nén')],
    });
    expect(notZip.status).toBe(400);
    expect(notZip.body.error.field).toBe('archive');
    expect(notZip.body.error.message).toMatch(/không phải tệp nén \.zip/);

    const pdfSheet = await send(librarian, 'preview', {
      sheet: ['danh-muc.pdf', Buffer.from('%PDF-1.4')],
      archive,
    });
    expect(pdfSheet.body.error).toMatchObject({ field: 'sheet' });

    // A sheet without the file-name column: the dry run says so, apply refuses on «sheet».
    const noColumn = Buffer.from('Tiêu đề,Loại văn bản\r\nMột văn bản,Công văn\r\n');
    const blocked = await send<Preview>(librarian, 'preview', {
      sheet: ['thieu-cot.csv', noColumn],
      archive,
    });
    expect(blocked.status).toBe(200);
    expect(blocked.body.blocked).toBe(true);
    expect(blocked.body.problems[0]?.message).toBe('Thiếu cột «Tên tệp».');
    const refused = await send(librarian, 'apply', { sheet: ['thieu-cot.csv', noColumn], archive });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'sheet' });
    expect(refused.body.error.message).toMatch(/Thiếu cột «Tên tệp»/);
  });

  it('refuses a whole archive holding an entry whose path leaves the folder (zip slip)', async () => {
    const before = await documentCount();
    const archive: [string, Buffer] = [
      'doc-hai.zip',
      await zip({
        'mot.txt': 'Điều 1. Văn bản thử nghiệm nhập hàng loạt về đê bao Cồn Sơn.',
        '../../ngoai-thu-muc.txt': 'Không được ghi ra ngoài.',
      }),
    ];
    const preview = await send<Preview>(librarian, 'preview', { sheet: goodSheet(), archive });
    expect(preview.status).toBe(200);
    expect(preview.body.blocked).toBe(true);
    expect(preview.body.problems).toHaveLength(1);
    expect(preview.body.problems[0]).toMatchObject({ rowNumber: null, severity: 'error' });
    expect(preview.body.problems[0]?.message).toMatch(
      /«\.\.\/\.\.\/ngoai-thu-muc\.txt».*không an toàn/,
    );
    const applied = await send(librarian, 'apply', { sheet: goodSheet(), archive });
    expect(applied.status).toBe(400);
    expect(applied.body.error.field).toBe('archive');
    expect(applied.body.error.message).toMatch(/không an toàn/);
    expect(await documentCount()).toBe(before);
  });

  it('names the limits when a file in the archive is too large', async () => {
    const big = Buffer.alloc(26 * 1024 * 1024, 'a');
    const archive: [string, Buffer] = ['lon.zip', await zip({ 'mot.txt': big })];
    const preview = await send<Preview>(librarian, 'preview', { sheet: goodSheet(), archive });
    expect(preview.status).toBe(200);
    const problem = preview.body.problems.find((p) => p.rowNumber === 2);
    expect(problem).toMatchObject({ column: 'fileName' });
    expect(problem?.message).toMatch(/vượt quá 25 MB cho mỗi tệp/);
  });

  it('refuses an archive with more files than one import takes', async () => {
    const many: Record<string, string> = {};
    for (let i = 1; i <= 301; i += 1) many[`tep-${i}.txt`] = `Văn bản số ${i}.`;
    const archive: [string, Buffer] = ['nhieu.zip', await zip(many)];
    const preview = await send<Preview>(librarian, 'preview', { sheet: goodSheet(), archive });
    expect(preview.body.blocked).toBe(true);
    expect(preview.body.problems[0]?.message).toBe(
      'Tệp nén có 301 tệp, vượt quá giới hạn 300 tệp.',
    );
    const applied = await send(librarian, 'apply', { sheet: goodSheet(), archive });
    expect(applied.status).toBe(400);
    expect(applied.body.error.field).toBe('archive');
  });
});

describe('bulk import: one document number in several spellings', () => {
  it('flags a number repeated with dashes and leading zeros, in the sheet or the library', async () => {
    const row = (file: string, title: string, number: string): Line => [
      file,
      title,
      number,
      'Công văn',
      null,
      null,
      null,
      null,
      null,
    ];
    const sheet: [string, Buffer] = [
      'so-ky-hieu.csv',
      csv([
        row('mot.txt', 'Công văn về lễ hội', '5/2024/TRUNG'),
        row('hai.txt', 'Công văn về lễ hội (bản khác)', '05-2024-trung'),
        row('ba.txt', 'Bản sao luật', '2-2011-qh13'),
      ]),
    ];
    const archive: [string, Buffer] = [
      'so-ky-hieu.zip',
      await zip({
        'mot.txt': 'Điều 1. Tổ chức lễ hội đình làng.',
        'hai.txt': 'Điều 1. Tổ chức lễ hội đình làng, bản khác.',
        'ba.txt': 'Điều 1. Bản sao luật khiếu nại.',
      }),
    ];
    const preview = await send<Preview>(librarian, 'preview', { sheet, archive });
    expect(preview.status).toBe(200);
    const numberProblems = preview.body.problems.filter((p) => p.column === 'number');
    expect(numberProblems.map((p) => [p.rowNumber, p.severity])).toEqual([
      [3, 'error'],
      [4, 'error'],
    ]);
    expect(numberProblems[0]?.message).toMatch(/«05-2024-trung» trùng với dòng 2/);
    expect(numberProblems[1]?.message).toMatch(/đã có trong thư viện: «Luật Khiếu nại»/);
    expect(preview.body.rows.map((r) => r.action)).toEqual(['create', 'error', 'error']);
  });
});
