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
