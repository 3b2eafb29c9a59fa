import ExcelJS from 'exceljs';
import type { ColumnSpec } from './import.parse';

export type TableColumn = {
  header: string;
  key: string;
  width?: number;
  type?: 'text' | 'number' | 'date' | 'percent';
};

/** 'YYYY-MM-DD' → 'dd/mm/yyyy', the way a calendar date is shown everywhere. */
export function formatIsoDate(value: string | null | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/**
 * Any table as an .xlsx workbook: a title row, a bold header row, then the rows. Calendar dates are
 * written as dd/mm/yyyy text so no spreadsheet time zone can shift them.
 */
export async function tableToXlsx(
  title: string,
  columns: TableColumn[],
  rows: Record<string, unknown>[],
  sheetName = 'Dữ liệu',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Mặt trận số';
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.mergeCells(1, 1, 1, Math.max(1, columns.length));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const row of rows) {
    sheet.addRow(
      columns.map((c) => {
        const v = row[c.key];
        if (v === null || v === undefined) return '';
        if (c.type === 'date') return typeof v === 'string' ? formatIsoDate(v) : '';
        if (c.type === 'percent' && typeof v === 'number') return v / 100;
        return v as ExcelJS.CellValue;
      }),
    );
  }
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width ?? Math.min(40, Math.max(10, c.header.length + 2));
    if (c.type === 'percent') column.numFmt = '0.0%';
  });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An empty import template: one header row with each column's first header text. */
export async function buildTemplate(
  spec: ColumnSpec[],
  sheetName: string,
  examples: Record<string, unknown>[] = [],
): Promise<Buffer> {
  return tableToXlsx(
    `${sheetName} — điền từ dòng 3, giữ nguyên dòng tiêu đề`,
    spec.map((c) => ({
      header: c.headers[0] ?? c.key,
      key: c.key,
      type: c.type === 'date' ? 'date' : undefined,
    })),
    examples,
    sheetName,
  );
}
