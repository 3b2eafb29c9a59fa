import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Unit } from '../platform/units/units.service';
import { formatIsoDate } from '../platform/import/import.xlsx';
import { localDate } from './congress.constants';
import type { Progress } from './congress.progress';
import type { CongressRound } from './congress.tables';

const FONT = 'Times New Roman';
const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const noBorders = {
  top: none,
  bottom: none,
  left: none,
  right: none,
  insideHorizontal: none,
  insideVertical: none,
};

function run(
  text: string,
  opts: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean } = {},
) {
  return new TextRun({
    text,
    font: FONT,
    size: (opts.size ?? 13) * 2,
    bold: opts.bold,
    italics: opts.italics,
    underline: opts.underline ? {} : undefined,
  });
}

function para(
  children: TextRun[],
  align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.JUSTIFIED,
  indent = false,
) {
  return new Paragraph({
    children,
    alignment: align,
    spacing: { after: 120 },
    indent: indent ? { firstLine: 567 } : undefined,
  });
}

const pct = (n: number, d: number) =>
  d
    ? `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format((n / d) * 100)}%`
    : '—';
const num = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

export type ReportInput = {
  unit: Unit;
  round: CongressRound;
  /** The unit's own figures: the nation or a province. */
  total: Progress;
  /** One row per province (national report) or per commune (province report). */
  rows: Progress[];
  /** The place name in the date line ("Hà Nội", "Đà Nẵng"). */
  place: string;
  today?: string;
};

function committeeName(unit: Unit): [string, string] {
  if (unit.level === 'central') return ['ỦY BAN TRUNG ƯƠNG', 'MẶT TRẬN TỔ QUỐC VIỆT NAM'];
  return ['ỦY BAN MTTQ VIỆT NAM', unit.name.toUpperCase()];
}

function headerTable(unit: Unit, place: string, today: string): Table {
  const [line1, line2] = committeeName(unit);
  const [y, m, d] = today.split('-');
  const cell = (children: Paragraph[], width: number) =>
    new TableCell({
      children,
      width: { size: width, type: WidthType.PERCENTAGE },
      borders: noBorders,
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              para([run(line1, { size: 13 })], AlignmentType.CENTER),
              para([run(line2, { bold: true, size: 13, underline: true })], AlignmentType.CENTER),
              para([run('Số:        /BC-MTTQ', { size: 13 })], AlignmentType.CENTER),
            ],
            40,
          ),
          cell(
            [
              para(
                [run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 13 })],
                AlignmentType.CENTER,
              ),
              para(
                [run('Độc lập - Tự do - Hạnh phúc', { bold: true, size: 14, underline: true })],
                AlignmentType.CENTER,
              ),
              para(
                [run(`${place}, ngày ${d} tháng ${m} năm ${y}`, { italics: true, size: 14 })],
                AlignmentType.CENTER,
              ),
            ],
            60,
          ),
        ],
      }),
    ],
  });
}

function figuresTable(rows: Progress[], total: Progress, level: 'province' | 'commune'): Table {
  const head = [
    level === 'province' ? 'Tỉnh, thành phố' : 'Xã, phường, đặc khu',
    'Tổng số',
    'Đã đại hội',
    'Tỷ lệ',
    'Đã xác nhận',
    'Chậm',
  ];
  const cell = (
    text: string,
    bold = false,
    align: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.CENTER,
  ) =>
    new TableCell({
      children: [new Paragraph({ children: [run(text, { bold, size: 12 })], alignment: align })],
    });
  const line = (p: Progress, bold = false) =>
    new TableRow({
      children: [
        cell(p.name, bold, AlignmentType.LEFT),
        cell(num(p.total), bold),
        cell(num(p.done), bold),
        cell(pct(p.done, p.total), bold),
        cell(num(p.byStep.results_verified), bold),
        cell(num(p.late), bold),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((p) => line(p)),
      line({ ...total, name: 'Cộng' }, true),
    ],
  });
}

/** The progress report as a .docx in the administrative format of Decree 30/2020/NĐ-CP. */
export async function progressReport(input: ReportInput): Promise<Buffer> {
  const today = input.today ?? localDate();
  const t = input.total;
  const s = t.structure;
  const scope = input.unit.level === 'central' ? 'toàn quốc' : input.unit.name;
  const tier = input.round.level === 'province' ? 'tỉnh' : 'xã';
  const body = [
    para(
      [
        run(
          `Thực hiện kế hoạch tổ chức Đại hội Mặt trận Tổ quốc Việt Nam cấp ${tier} lần thứ ${input.round.ordinal}, nhiệm kỳ ${input.round.term} (thời hạn hoàn thành ngày ${formatIsoDate(input.round.deadline)}), ${input.unit.level === 'central' ? 'Ban Thường trực Ủy ban Trung ương' : 'Ban Thường trực'} Mặt trận Tổ quốc Việt Nam báo cáo tiến độ đến ngày ${formatIsoDate(today)} như sau:`,
        ),
      ],
      AlignmentType.JUSTIFIED,
      true,
    ),
    para([run('1. Tiến độ tổ chức đại hội', { bold: true })]),
    para(
      [
        run(
          `Trên ${scope} có ${num(t.total)} đơn vị cấp ${tier}; đã tổ chức đại hội ${num(t.done)} đơn vị (${pct(t.done, t.total)}); đã báo cáo kết quả ${num(t.byStep.results_reported)} đơn vị; cấp trên đã xác nhận kết quả ${num(t.byStep.results_verified)} đơn vị.`,
        ),
      ],
      AlignmentType.JUSTIFIED,
      true,
    ),
    para(
      [
        run(
          `Số đơn vị chậm tiến độ: ${num(t.late)}, trong đó chưa có ngày đại hội ${num(t.lateByKind.noDate)}; ngày đại hội sau thời hạn ${num(t.lateByKind.afterDeadline)}; đã đại hội nhưng chưa báo cáo ${num(t.lateByKind.heldNotReported)}; đã báo cáo nhưng chưa được xác nhận ${num(t.lateByKind.reportedNotVerified)}.`,
        ),
      ],
      AlignmentType.JUSTIFIED,
      true,
    ),
    para([run('2. Cơ cấu Ủy ban MTTQ được hiệp thương cử', { bold: true })]),
    para(
      [
        run(
          `Tổng số ủy viên ${num(s.committeeMembers)} người; nữ ${num(s.women)} (${pct(s.women, s.committeeMembers)}); dân tộc thiểu số ${num(s.ethnicMinority)} (${pct(s.ethnicMinority, s.committeeMembers)}); tôn giáo ${num(s.religious)} (${pct(s.religious, s.committeeMembers)}); ngoài Đảng ${num(s.nonParty)} (${pct(s.nonParty, s.committeeMembers)}); dưới 35 tuổi ${num(s.under35)} (${pct(s.under35, s.committeeMembers)}); tái cử ${num(s.reelected)}, mới ${num(s.newMembers)}.`,
        ),
      ],
      AlignmentType.JUSTIFIED,
      true,
    ),
    para([run('3. Số liệu chi tiết', { bold: true })]),
    figuresTable(
      input.rows,
      t,
      input.unit.level === 'central' || input.round.level === 'province' ? 'province' : 'commune',
    ),
    para([run('')]),
  ];
  const signature = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            borders: noBorders,
            width: { size: 50, type: WidthType.PERCENTAGE },
            children: [
              new Paragraph({
                children: [run('Nơi nhận:', { bold: true, italics: true, size: 12 })],
              }),
              new Paragraph({ children: [run('- Như trên;', { size: 11 })] }),
              new Paragraph({ children: [run('- Lưu: VT.', { size: 11 })] }),
            ],
          }),
          new TableCell({
            borders: noBorders,
            width: { size: 50, type: WidthType.PERCENTAGE },
            children: [
              para([run('TM. BAN THƯỜNG TRỰC', { bold: true })], AlignmentType.CENTER),
              para([run('CHỦ TỊCH', { bold: true })], AlignmentType.CENTER),
              para(
                [run('(Ký, ghi rõ họ tên, đóng dấu)', { italics: true, size: 12 })],
                AlignmentType.CENTER,
              ),
            ],
          }),
        ],
      }),
    ],
  });
  const doc = new Document({
    creator: 'Mặt trận số',
    title: 'Báo cáo tiến độ đại hội',
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } },
        children: [
          headerTable(input.unit, input.place, today),
          para([run('')]),
          para([run('BÁO CÁO', { bold: true, size: 14 })], AlignmentType.CENTER),
          para(
            [
              run(
                `Tiến độ tổ chức Đại hội MTTQ Việt Nam cấp ${tier} lần thứ ${input.round.ordinal}, nhiệm kỳ ${input.round.term}`,
                { bold: true, size: 14 },
              ),
            ],
            AlignmentType.CENTER,
          ),
          ...body,
          signature,
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
