import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { decodeText, fold, invalidCharacterIn } from '@common/text/vietnamese';

/**
 * The shared spreadsheet import: reads .xlsx and CSV files people really make (banner rows above
 * the header, merged two-row headers, totals rows, blank rows, dates as text or serial numbers,
 * CSV in UTF-8 with or without BOM or Windows-1258, NFD text) into rows of named columns.
 */

export type ColumnType = 'text' | 'integer' | 'number' | 'date' | 'boolean';

/** One column an application expects: its key, the header texts it may appear under, its type. */
export type ColumnSpec = {
  key: string;
  /** Header texts, compared after folding marks and case; for a two-row header, "parent child". */
  headers: string[];
  type: ColumnType;
  required?: boolean;
};

export type CellValue = string | number | boolean | null;
export type RowError = { column: string; message: string };
export type ParsedRow = {
  rowNumber: number;
  values: Record<string, CellValue>;
  errors: RowError[];
};

export type ParsedTable = {
  rows: ParsedRow[];
  /** The sheet row number of the (last) header row, 0 when none was found. */
  headerRow: number;
  /** Column key → the header text it was found under. */
  columns: Record<string, string>;
  /** File-level problems (missing required column, unreadable file), in Vietnamese. */
  problems: string[];
};

type Raw = string | number | boolean | Date | null;
type Grid = { rowNumber: number; cells: Raw[] }[];

const HEADER_SCAN_ROWS = 30;
const TOTAL_LABELS = new Set([
  'tong cong',
  'cong',
  'tong so',
  'tong',
  'total',
  'cong toan tinh',
  'tong toan tinh',
]);

/** Folded header text: no marks, lower case, punctuation as spaces. */
export function foldHeader(text: string): string {
  return fold(text.replace(/[\r\n]+/g, ' '))
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}

function rawOf(value: ExcelJS.CellValue): Raw {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return rawOf(value.result);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return null;
  }
  return null;
}

async function readXlsx(buffer: Buffer): Promise<Grid> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets.find((w) => w.actualRowCount > 0) ?? workbook.worksheets[0];
  if (!sheet) return [];
  const grid: Grid = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Raw[] = [];
    for (let c = 1; c <= width; c += 1) {
      const cell = row.getCell(c);
      // A merged cell reads as its master: a header merged over two rows names both rows.
      cells.push(rawOf(cell.isMerged ? cell.master.value : cell.value));
    }
    grid.push({ rowNumber, cells });
  });
  return grid;
}

function readCsv(buffer: Buffer): Grid {
  const text = decodeText(buffer);
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  const records: string[][] = parseCsv(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  return records.map((cells, i) => ({ rowNumber: i + 1, cells }));
}

function text(raw: Raw): string {
  if (raw === null) return '';
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  return String(raw).normalize('NFC').replace(/\s+/g, ' ').trim();
}

type Match = {
  columns: Map<string, number>;
  labels: Record<string, string>;
  score: number;
  rows: 1 | 2;
};

function matchHeader(grid: Grid, index: number, spec: ColumnSpec[], rows: 1 | 2): Match {
  const top = grid[index]?.cells ?? [];
  const below = rows === 2 ? (grid[index + 1]?.cells ?? []) : [];
  const width = Math.max(top.length, below.length);
  const labels: string[][] = [];
  const shown: string[] = [];
  let parent = '';
  for (let c = 0; c < width; c += 1) {
    const upper = text(top[c] ?? null);
    // A parent header merged across columns without a merge record repeats to the right.
    if (upper) parent = upper;
    const child = text(below[c] ?? null);
    const head = upper || (rows === 2 ? parent : '');
    const candidates = rows === 2 && child && child !== head ? [`${head} ${child}`, child] : [head];
    labels.push(candidates.map(foldHeader));
    shown.push(rows === 2 && child && child !== head ? `${head} / ${child}` : head);
  }
  const columns = new Map<string, number>();
  const found: Record<string, string> = {};
  for (const column of spec) {
    const aliases = new Set(column.headers.map(foldHeader));
    // Prefer the combined "parent child" text; a bare child like "Tổng số" is ambiguous.
    for (const pass of [0, 1]) {
      const c = labels.findIndex(
        (l, i) => !used(columns, i) && l[pass] !== undefined && aliases.has(l[pass]),
      );
      if (c >= 0) {
        columns.set(column.key, c);
        found[column.key] = shown[c] ?? '';
        break;
      }
    }
  }
  return { columns, labels: found, score: columns.size, rows };
}

function used(columns: Map<string, number>, index: number): boolean {
  for (const v of columns.values()) if (v === index) return true;
  return false;
}

const DATE_TEXT = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return null;
  return date.toISOString().slice(0, 10);
}

/** Excel serial day (1900 system) → 'YYYY-MM-DD'. */
export function serialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const ms = Math.round((Math.floor(serial) - 25569) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 10);
}

function convert(raw: Raw, type: ColumnType): { value: CellValue; error?: string } {
  const s = text(raw);
  if (s === '' && !(raw instanceof Date)) return { value: null };
  // A control character is refused here as a row error, the same way as in a form field; U+0000
  // would otherwise fail the write half-way (PostgreSQL text cannot hold it).
  const invalid = invalidCharacterIn(s);
  if (invalid) return { value: null, error: invalid };
  switch (type) {
    case 'text':
      return { value: s };
    case 'integer':
    case 'number': {
      const n =
        typeof raw === 'number'
          ? raw
          : Number(
              s
                .replace(/\s/g, '')
                .replace(/\.(?=\d{3}(\D|$))/g, '')
                .replace(',', '.'),
            );
      if (!Number.isFinite(n)) return { value: null, error: 'không phải là số.' };
      if (type === 'integer' && !Number.isInteger(n))
        return { value: null, error: 'phải là số nguyên.' };
      return { value: n };
    }
    case 'date': {
      if (raw instanceof Date) return { value: raw.toISOString().slice(0, 10) };
      if (typeof raw === 'number') {
        const d = serialToDate(raw);
        return d ? { value: d } : { value: null, error: 'không phải ngày hợp lệ.' };
      }
      const dm = DATE_TEXT.exec(s);
      const iso = ISO_DATE.exec(s);
      const d = dm
        ? isoDate(Number(dm[3]), Number(dm[2]), Number(dm[1]))
        : iso
          ? isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))
          : /^\d{5}$/.test(s)
            ? serialToDate(Number(s))
            : null;
      return d ? { value: d } : { value: null, error: 'không phải ngày hợp lệ (dd/mm/yyyy).' };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const f = foldHeader(s);
      if (['x', 'co', '1', 'true', 'yes', 'dung', 'v'].includes(f)) return { value: true };
      if (['0', 'khong', 'false', 'no', 'sai', '-'].includes(f)) return { value: false };
      return { value: null, error: 'phải là «có» hoặc «không».' };
    }
  }
}

function isTotalsRow(cells: Raw[]): boolean {
  return cells.slice(0, 4).some((c) => typeof c === 'string' && TOTAL_LABELS.has(foldHeader(c)));
}

/** Which kind of file: by name first, then by the ZIP signature of .xlsx. */
export function isXlsx(buffer: Buffer, filename = ''): boolean {
  if (/\.xlsx$/i.test(filename)) return true;
  if (/\.(csv|txt)$/i.test(filename)) return false;
  return buffer[0] === 0x50 && buffer[1] === 0x4b;
}

/**
 * Reads a spreadsheet into rows of the spec's columns. The header is the row (or pair of rows)
 * among the first 30 that names the most spec columns; blank rows and totals rows are skipped;
 * each value is converted to its type, and a bad value becomes a row error, never an exception.
 */
export async function parseTable(
  buffer: Buffer,
  filename: string,
  spec: ColumnSpec[],
): Promise<ParsedTable> {
  let grid: Grid;
  try {
    grid = isXlsx(buffer, filename) ? await readXlsx(buffer) : readCsv(buffer);
  } catch {
    return {
      rows: [],
      headerRow: 0,
      columns: {},
      problems: ['Không đọc được tệp: hãy dùng .xlsx hoặc .csv.'],
    };
  }
  let best: Match & { index: number } = {
    columns: new Map(),
    labels: {},
    score: 0,
    rows: 1,
    index: -1,
  };
  for (let i = 0; i < Math.min(grid.length, HEADER_SCAN_ROWS); i += 1) {
    for (const rows of [1, 2] as const) {
      const m = matchHeader(grid, i, spec, rows);
      if (m.score > best.score) best = { ...m, index: i };
    }
  }
  const problems: string[] = [];
  if (best.index < 0) {
    return {
      rows: [],
      headerRow: 0,
      columns: {},
      problems: ['Không tìm thấy dòng tiêu đề cột phù hợp với mẫu.'],
    };
  }
  for (const column of spec) {
    if (column.required && !best.columns.has(column.key)) {
      problems.push(`Thiếu cột «${column.headers[0] ?? column.key}».`);
    }
  }
  const headerRow = grid[best.index + best.rows - 1]?.rowNumber ?? 0;
  const out: ParsedRow[] = [];
  for (const line of grid.slice(best.index + best.rows)) {
    const picked = [...best.columns.values()].map((c) => line.cells[c] ?? null);
    if (picked.every((c) => text(c) === '')) continue;
    if (isTotalsRow(line.cells)) continue;
    const values: Record<string, CellValue> = {};
    const errors: RowError[] = [];
    for (const column of spec) {
      const index = best.columns.get(column.key);
      const { value, error } =
        index === undefined ? { value: null } : convert(line.cells[index] ?? null, column.type);
      values[column.key] = value;
      const label = best.labels[column.key] ?? column.headers[0] ?? column.key;
      if (error) errors.push({ column: column.key, message: `«${label}»: ${error}` });
      else if (column.required && value === null)
        errors.push({ column: column.key, message: `«${label}»: không được để trống.` });
    }
    out.push({ rowNumber: line.rowNumber, values, errors });
  }
  return { rows: out, headerRow, columns: best.labels, problems };
}
