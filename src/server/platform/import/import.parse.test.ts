import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseTable, serialToDate, type ColumnSpec } from './import.parse';

const SPEC: ColumnSpec[] = [
  { key: 'code', headers: ['Mã đơn vị', 'Mã'], type: 'text', required: true },
  { key: 'name', headers: ['Tên đơn vị'], type: 'text' },
  { key: 'heldOn', headers: ['Ngày đại hội'], type: 'date' },
  { key: 'official', headers: ['Đại biểu chính thức'], type: 'integer' },
  { key: 'present', headers: ['Đại biểu có mặt'], type: 'integer' },
  { key: 'pilot', headers: ['Đại hội điểm'], type: 'boolean' },
];

async function workbook(build: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb.addWorksheet('Kết quả'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A sheet as a province office makes it: banner, merged two-row header, data, blank row, totals. */
function realSheet(sheet: ExcelJS.Worksheet): void {
  sheet.addRow(['ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ ĐÀ NẴNG']);
  sheet.mergeCells('A1:F1');
  sheet.addRow(['BẢNG TỔNG HỢP KẾT QUẢ ĐẠI HỘI']);
  sheet.addRow([]);
  sheet.addRow(['Mã đơn vị', 'Tên đơn vị', 'Ngày đại hội', 'Đại biểu', null, 'Đại hội điểm']);
  sheet.addRow([null, null, null, 'Chính thức', 'Có mặt', null]);
  sheet.mergeCells('A4:A5');
  sheet.mergeCells('B4:B5');
  sheet.mergeCells('C4:C5');
  sheet.mergeCells('D4:E4');
  sheet.mergeCells('F4:F5');
  sheet.addRow([
    '20242',
    'Phường Hải Châu'.normalize('NFD'),
    new Date(Date.UTC(2025, 9, 31)),
    120,
    118,
    'x',
  ]);
  sheet.addRow(['20209', 'Phường Thanh Khê', '31/10/2025', 110, 105, '']);
  sheet.addRow([]);
  sheet.addRow(['20194', 'Phường Hòa Cường', 45961, '1.050', 1000, 'không']);
  sheet.addRow(['20200', 'Phường An Hải', '31-10-2025', 90, 'chín mươi', 'có']);
  sheet.addRow(['Tổng cộng', null, null, 1370, 1313, null]);
}

describe('parseTable (.xlsx)', () => {
  it('finds a merged two-row header below banner rows and skips blank and totals rows', async () => {
    const table = await parseTable(await workbook(realSheet), 'ket-qua.xlsx', SPEC);
    expect(table.problems).toEqual([]);
    expect(table.headerRow).toBe(5);
    expect(table.columns.official).toBe('Đại biểu / Chính thức');
    expect(table.rows.map((r) => r.values.code)).toEqual(['20242', '20209', '20194', '20200']);
    expect(table.rows.map((r) => r.rowNumber)).toEqual([6, 7, 9, 10]);
  });

  it('reads dates as date cells, text dd/mm/yyyy, dd-mm-yyyy and serial numbers', async () => {
    const table = await parseTable(await workbook(realSheet), 'ket-qua.xlsx', SPEC);
    expect(table.rows.map((r) => r.values.heldOn)).toEqual([
      '2025-10-31',
      '2025-10-31',
      '2025-10-31',
      '2025-10-31',
    ]);
    expect(serialToDate(45961)).toBe('2025-10-31');
  });

  it('stores NFD text as NFC, reads numbers with thousands dots and yes/no flags', async () => {
    const table = await parseTable(await workbook(realSheet), 'ket-qua.xlsx', SPEC);
    const first = table.rows[0];
    expect(first?.values.name).toBe('Phường Hải Châu');
    expect(first?.values.name).toBe('Phường Hải Châu'.normalize('NFC'));
    expect(first?.values.pilot).toBe(true);
    expect(table.rows[2]?.values.official).toBe(1050);
    expect(table.rows[2]?.values.pilot).toBe(false);
  });

  it('reports a bad value as a row error naming the column, not an exception', async () => {
    const table = await parseTable(await workbook(realSheet), 'ket-qua.xlsx', SPEC);
    const bad = table.rows[3];
    expect(bad?.errors).toHaveLength(1);
    expect(bad?.errors[0]?.column).toBe('present');
    expect(bad?.errors[0]?.message).toContain('Có mặt');
  });

  it('reports a missing required column as a file problem', async () => {
    const buffer = await workbook((s) => {
      s.addRow(['Tên đơn vị', 'Ngày đại hội']);
      s.addRow(['Phường Hải Châu', '31/10/2025']);
    });
    const table = await parseTable(buffer, 'x.xlsx', SPEC);
    expect(table.problems).toEqual(['Thiếu cột «Mã đơn vị».']);
  });

  it('answers a problem, not a crash, for a file that is not a spreadsheet', async () => {
    const table = await parseTable(Buffer.from('PK\u0003\u0004 not really a zip'), 'x.xlsx', SPEC);
    expect(table.problems[0]).toContain('Không đọc được tệp');
  });
});

const TONE = /[\u0300\u0301\u0303\u0309\u0323]/u;

/** Encodes as Windows-1258 does: base letters precomposed, tone marks as combining characters. */
function windows1258(text: string): Buffer {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const single = iconv.encode(ch, 'windows1258');
    if (single.length === 1 && (single[0] !== 0x3f || ch === '?')) {
      out += ch;
      continue;
    }
    const parts = [...ch.normalize('NFD')];
    out +=
      parts
        .filter((c) => !TONE.test(c))
        .join('')
        .normalize('NFC') + parts.filter((c) => TONE.test(c)).join('');
  }
  return iconv.encode(out, 'windows1258');
}

describe('parseTable (CSV)', () => {
  const csv =
    'Mã đơn vị;Tên đơn vị;Ngày đại hội;Đại biểu chính thức\r\n20242;Phường Hải Châu;31/10/2025;120\r\n;;;\r\nTổng cộng;;;120\r\n';

  it.each([
    ['UTF-8 without BOM', Buffer.from(csv, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')])],
    ['Windows-1258', windows1258(csv)],
    ['NFD text', Buffer.from(csv.normalize('NFD'), 'utf8')],
  ])('reads %s', async (_name, bytes) => {
    const table = await parseTable(bytes, 'ket-qua.csv', SPEC);
    expect(table.problems).toEqual([]);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]?.values).toMatchObject({
      code: '20242',
      name: 'Phường Hải Châu',
      heldOn: '2025-10-31',
      official: 120,
    });
  });

  it('reads a comma-separated file with a banner line', async () => {
    const text = '"Báo cáo tiến độ, tháng 10"\nMã,Đại biểu chính thức\n20242,"1.200"\n';
    const table = await parseTable(Buffer.from(text), 'a.csv', SPEC);
    expect(table.headerRow).toBe(2);
    expect(table.rows[0]?.values).toMatchObject({ code: '20242', official: 1200 });
  });

  it('refuses a cell holding U+0000 as a row error naming the column', async () => {
    const text = 'Mã đơn vị;Tên đơn vị\n20242;Phường\u0000Hải Châu\n20209;Phường Thanh Khê\n';
    const table = await parseTable(Buffer.from(text), 'a.csv', SPEC);
    expect(table.rows[0]?.errors).toEqual([
      { column: 'name', message: '«Tên đơn vị»: chứa ký tự không hợp lệ (U+0000).' },
    ]);
    expect(table.rows[0]?.values.name).toBeNull();
    expect(table.rows[1]?.errors).toEqual([]);
  });

  it('refuses a cell holding another control character or U+FFFE as a row error', async () => {
    const text =
      'Mã đơn vị;Tên đơn vị\n2024\u001b2;Phường Hải Châu\n20209;Phường\ufffe\n20210;A\tB\n';
    const table = await parseTable(Buffer.from(text), 'a.csv', SPEC);
    expect(table.rows.map((r) => r.errors)).toEqual([
      [{ column: 'code', message: '«Mã đơn vị»: chứa ký tự không hợp lệ (U+001B).' }],
      [{ column: 'name', message: '«Tên đơn vị»: chứa ký tự không hợp lệ (U+FFFE).' }],
      [],
    ]);
  });
});
