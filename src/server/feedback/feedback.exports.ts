import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  BorderStyle,
} from 'docx';
import ExcelJS from 'exceljs';
import dayjs from 'dayjs';
import { CHANNEL_LABELS, FIELDS, TYPE_LABELS } from './feedback.schema';
import type { FeedbackStats } from './feedback.stats';
import { TIME_ZONE } from './feedback.deadlines';
import type { presentListItem } from './feedback.presenter';
import { STATUS_LABELS, type Status } from './feedback.workflow';

type Item = ReturnType<typeof presentListItem>;

const DUE_LABELS = {
  overdue: 'Quá hạn',
  due_soon: 'Sắp đến hạn',
  on_track: 'Trong hạn',
  none: '',
} as const;
const fmt = (iso: string | null) => (iso ? dayjs(iso).tz(TIME_ZONE).format('DD/MM/YYYY') : '');
const fmtDay = (day: string) => day.split('-').reverse().join('/');
const label = (map: Record<string, string>, key: string) => map[key] ?? key;

/** The inbox as Excel; the petitioner column carries only the masked label lists show. */
export async function casesWorkbook(items: Item[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Mặt trận số';
  const sheet = book.addWorksheet('Hồ sơ', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: 'Mã tra cứu', key: 'code', width: 18 },
    { header: 'Ngày tiếp nhận', key: 'received', width: 14 },
    { header: 'Loại', key: 'type', width: 12 },
    { header: 'Lĩnh vực', key: 'field', width: 22 },
    { header: 'Tiêu đề', key: 'title', width: 50 },
    { header: 'Trạng thái', key: 'status', width: 18 },
    { header: 'Đơn vị xử lý', key: 'unit', width: 28 },
    { header: 'Hạn', key: 'due', width: 12 },
    { header: 'Tình trạng hạn', key: 'dueState', width: 14 },
    { header: 'Kênh', key: 'channel', width: 16 },
    { header: 'Người gửi (đã che)', key: 'petitioner', width: 16 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const i of items) {
    sheet.addRow({
      code: i.trackingCode,
      received: fmt(i.receivedAt),
      type: label(TYPE_LABELS, i.type),
      field: label(FIELDS, i.field),
      title: i.title,
      status: i.statusLabel,
      unit: i.unitName,
      due: fmt(i.dueAt),
      dueState: DUE_LABELS[i.dueState],
      channel: label(CHANNEL_LABELS, i.channel),
      petitioner: i.petitionerLabel ?? '',
    });
  }
  sheet.autoFilter = { from: 'A1', to: 'K1' };
  return Buffer.from(await book.xlsx.writeBuffer());
}

type Column = { header: string; key: string; width: number; numFmt?: string };
const PERCENT = '0.0%';

/** A sheet with a bold, frozen header row and the given rows. */
function addTable(
  book: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: Record<string, string | number | null>[],
) {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map(({ header, key, width }) => ({ header, key, width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  columns.forEach((c, i) => {
    if (c.numFmt) sheet.getColumn(i + 1).numFmt = c.numFmt;
  });
  return sheet;
}

/** One count per key, largest first, with its share of the total. */
function countRows(counts: { key: string; count: number }[], labels: Record<string, string>) {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  return counts.map((c) => ({
    label: label(labels, c.key),
    count: c.count,
    share: total ? c.count / total : null,
  }));
}

const countColumns = (first: string): Column[] => [
  { header: first, key: 'label', width: 30 },
  { header: 'Số hồ sơ', key: 'count', width: 12 },
  { header: 'Tỷ lệ', key: 'share', width: 10, numFmt: PERCENT },
];

/**
 * The statistics screen as Excel: a summary sheet, then one sheet per table (child units, type,
 * field, channel, status, topics this month against last). Counts and rates only.
 */
export async function statsWorkbook(stats: FeedbackStats, now = new Date()): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Mặt trận số';
  const today = dayjs(now).tz(TIME_ZONE);
  const period =
    stats.from || stats.to
      ? `${stats.from ? fmtDay(stats.from) : '…'} – ${fmtDay(stats.to ?? today.format('YYYY-MM-DD'))}`
      : 'Toàn bộ thời gian';
  const summary = addTable(
    book,
    'Tổng hợp',
    [
      { header: 'Chỉ tiêu', key: 'label', width: 36 },
      { header: 'Giá trị', key: 'value', width: 40 },
    ],
    [
      { label: 'Đơn vị (gồm các đơn vị trực thuộc)', value: stats.unit.name },
      { label: 'Mã đơn vị', value: stats.unit.code },
      { label: 'Thời gian tiếp nhận', value: period },
      { label: 'Ngày lập', value: today.format('DD/MM/YYYY') },
      { label: 'Tiếp nhận', value: stats.total },
      { label: 'Đang xử lý', value: stats.open },
      { label: 'Đã trả lời', value: stats.answered },
      { label: 'Quá hạn', value: stats.overdue },
      { label: 'Tỷ lệ trả lời đúng hạn', value: stats.onTimeRate },
      { label: 'Số ngày trả lời trung bình', value: stats.averageDaysToAnswer },
    ],
  );
  summary.getCell('B10').numFmt = PERCENT;
  summary.getCell('B11').numFmt = '0.0';
  summary.getColumn(2).alignment = { horizontal: 'left' };

  const byUnit = addTable(
    book,
    'Theo đơn vị',
    [
      { header: 'Mã đơn vị', key: 'code', width: 12 },
      { header: 'Đơn vị', key: 'name', width: 40 },
      { header: 'Tiếp nhận', key: 'total', width: 12 },
      { header: 'Quá hạn', key: 'overdue', width: 12 },
      { header: 'Tỷ lệ đúng hạn', key: 'onTimeRate', width: 16, numFmt: PERCENT },
    ],
    [
      ...stats.byUnit.map((u) => ({ ...u })),
      {
        code: stats.unit.code,
        name: `Tổng cộng ${stats.unit.name}`,
        total: stats.total,
        overdue: stats.overdue,
        onTimeRate: stats.onTimeRate,
      },
    ],
  );
  byUnit.getRow(byUnit.rowCount).font = { bold: true };
  addTable(book, 'Theo loại', countColumns('Loại'), countRows(stats.byType, TYPE_LABELS));
  addTable(book, 'Theo lĩnh vực', countColumns('Lĩnh vực'), countRows(stats.byField, FIELDS));
  addTable(
    book,
    'Theo kênh',
    countColumns('Kênh tiếp nhận'),
    countRows(stats.byChannel, CHANNEL_LABELS),
  );
  addTable(
    book,
    'Theo trạng thái',
    countColumns('Trạng thái'),
    countRows(stats.byStatus, STATUS_LABELS),
  );
  const thisMonth = today.startOf('month');
  const lastMonth = thisMonth.subtract(1, 'month');
  addTable(
    book,
    'Chủ đề nổi bật',
    [
      { header: 'Lĩnh vực', key: 'label', width: 30 },
      { header: `Tháng ${thisMonth.format('M/YYYY')}`, key: 'thisMonth', width: 14 },
      { header: `Tháng ${lastMonth.format('M/YYYY')}`, key: 'lastMonth', width: 14 },
      { header: 'Chênh lệch', key: 'change', width: 12 },
    ],
    stats.topTopics.map((t) => ({
      label: label(FIELDS, t.field),
      thisMonth: t.thisMonth,
      lastMonth: t.lastMonth,
      change: t.thisMonth - t.lastMonth,
    })),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}

const FONT = 'Times New Roman';
const run = (text: string, opts: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new TextRun({
    text,
    font: FONT,
    size: (opts.size ?? 13) * 2,
    bold: opts.bold,
    italics: opts.italics,
  });
const para = (
  children: TextRun[],
  align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.LEFT,
  after = 80,
) => new Paragraph({ children, alignment: align, spacing: { after } });
const noBorders = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

function cell(children: Paragraph[], width: number) {
  return new TableCell({ children, width: { size: width, type: WidthType.PERCENTAGE } });
}

/**
 * A report in the administrative format of Decree 30/2020/NĐ-CP: issuing body and national
 * motto side by side, number and symbol, place and date, title, body, recipients, signature.
 */
export async function statsReport(
  stats: FeedbackStats,
  options: { place: string; signer: string; now?: Date },
): Promise<Buffer> {
  const now = dayjs(options.now ?? new Date()).tz(TIME_ZONE);
  const committee = `ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM`;
  const header = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              para([run(committee, { size: 12 })], AlignmentType.CENTER, 0),
              para(
                [run(stats.unit.name.toUpperCase(), { bold: true, size: 12 })],
                AlignmentType.CENTER,
                0,
              ),
              para([run('———')], AlignmentType.CENTER, 0),
              para([run(`Số: ……/BC-MTTQ`, { size: 13 })], AlignmentType.CENTER, 0),
            ],
            42,
          ),
          cell(
            [
              para(
                [run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12 })],
                AlignmentType.CENTER,
                0,
              ),
              para([run('Độc lập - Tự do - Hạnh phúc', { bold: true })], AlignmentType.CENTER, 0),
              para([run('———————————')], AlignmentType.CENTER, 0),
              para(
                [
                  run(
                    `${options.place}, ngày ${now.format('DD')} tháng ${now.format('MM')} năm ${now.format('YYYY')}`,
                    { italics: true },
                  ),
                ],
                AlignmentType.CENTER,
                0,
              ),
            ],
            58,
          ),
        ],
      }),
    ],
  });
  const period =
    stats.from || stats.to
      ? ` từ ${stats.from ? fmt(stats.from) : '…'} đến ${stats.to ? fmt(stats.to) : fmt(now.toISOString())}`
      : '';
  const pct = (v: number | null) =>
    v === null ? 'chưa có' : `${(v * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
  const lines = [
    `1. Tổng số phản ánh, kiến nghị tiếp nhận${period}: ${stats.total.toLocaleString('vi-VN')}; đang xử lý: ${stats.open.toLocaleString('vi-VN')}; đã trả lời: ${stats.answered.toLocaleString('vi-VN')}; quá hạn: ${stats.overdue.toLocaleString('vi-VN')}.`,
    `2. Tỷ lệ trả lời đúng hạn: ${pct(stats.onTimeRate)}; thời gian trả lời trung bình: ${stats.averageDaysToAnswer === null ? 'chưa có' : `${stats.averageDaysToAnswer.toLocaleString('vi-VN')} ngày`}.`,
    `3. Theo loại: ${stats.byType.map((t) => `${label(TYPE_LABELS, t.key)} ${t.count}`).join('; ') || 'không có'}.`,
    `4. Theo lĩnh vực: ${stats.byField.map((f) => `${label(FIELDS, f.key)} ${f.count}`).join('; ') || 'không có'}.`,
    `5. Theo trạng thái: ${stats.byStatus.map((s) => `${STATUS_LABELS[s.key as Status] ?? s.key} ${s.count}`).join('; ') || 'không có'}.`,
    `6. Theo kênh tiếp nhận: ${stats.byChannel.map((c) => `${label(CHANNEL_LABELS, c.key)} ${c.count}`).join('; ') || 'không có'}.`,
  ];
  const unitTable = stats.byUnit.length
    ? [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({
              tableHeader: true,
              children: ['Đơn vị', 'Tiếp nhận', 'Quá hạn', 'Đúng hạn'].map((h) =>
                cell([para([run(h, { bold: true, size: 12 })], AlignmentType.CENTER, 0)], 25),
              ),
            }),
            ...stats.byUnit.slice(0, 100).map(
              (u) =>
                new TableRow({
                  children: [u.name, String(u.total), String(u.overdue), pct(u.onTimeRate)].map(
                    (v, i) =>
                      cell(
                        [
                          para(
                            [run(v, { size: 12 })],
                            i === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT,
                            0,
                          ),
                        ],
                        25,
                      ),
                  ),
                }),
            ),
          ],
        }),
      ]
    : [];
  const signature = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              para(
                [run('Nơi nhận:', { bold: true, italics: true, size: 12 })],
                AlignmentType.LEFT,
                0,
              ),
              para([run('- Như trên;', { size: 11 })], AlignmentType.LEFT, 0),
              para([run('- Lưu: VT.', { size: 11 })], AlignmentType.LEFT, 0),
            ],
            50,
          ),
          cell(
            [
              para([run('TM. BAN THƯỜNG TRỰC', { bold: true })], AlignmentType.CENTER, 0),
              para([run('CHỦ TỊCH', { bold: true })], AlignmentType.CENTER, 0),
              para([run('(Chữ ký, dấu)', { italics: true, size: 12 })], AlignmentType.CENTER, 900),
              para([run(options.signer, { bold: true })], AlignmentType.CENTER, 0),
            ],
            50,
          ),
        ],
      }),
    ],
  });
  const doc = new Document({
    creator: 'Mặt trận số',
    title: 'Báo cáo phản ánh, kiến nghị',
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } },
        children: [
          header,
          para([run('')]),
          para([run('BÁO CÁO', { bold: true, size: 14 })], AlignmentType.CENTER, 0),
          para(
            [
              run('Kết quả tiếp nhận, xử lý phản ánh, kiến nghị của Nhân dân', {
                bold: true,
                size: 14,
              }),
            ],
            AlignmentType.CENTER,
            240,
          ),
          ...lines.map(
            (l) =>
              new Paragraph({
                children: [run(l, { size: 14 })],
                alignment: AlignmentType.JUSTIFIED,
                indent: { firstLine: 567 },
                spacing: { after: 120 },
              }),
          ),
          ...unitTable,
          para([run('')]),
          signature,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
