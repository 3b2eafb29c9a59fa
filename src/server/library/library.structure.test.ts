import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEGAL_DIR, parseLegalFile } from './library.seed';
import { partsOf, partText, passagesFor, splitLegalText } from './library.structure';

function article(file: string, anchor: string) {
  const { text } = parseLegalFile(readFileSync(path.join(LEGAL_DIR, file), 'utf8'));
  const found = splitLegalText(text).find((p) => p.anchor === anchor);
  if (!found) throw new Error(`${anchor} not found in ${file}`);
  return found;
}

const COMPLAINTS = 'luat-khieu-nai-2011_02-2011-QH13.txt';

describe('clauses (Khoản) and points (Điểm) of real laws', () => {
  it('splits Article 8 of the Law on Complaints into its five clauses and the points of clause 4', () => {
    const dieu8 = article(COMPLAINTS, 'dieu-8');
    const parts = partsOf(dieu8.anchor, dieu8.label, dieu8.body);
    expect(parts.map((p) => p.anchor)).toEqual([
      'dieu-8-khoan-1',
      'dieu-8-khoan-2',
      'dieu-8-khoan-3',
      'dieu-8-khoan-4',
      'dieu-8-khoan-4-diem-a',
      'dieu-8-khoan-4-diem-b',
      'dieu-8-khoan-4-diem-c',
      'dieu-8-khoan-5',
    ]);
    const pointB = parts.find((p) => p.anchor === 'dieu-8-khoan-4-diem-b')!;
    expect(pointB.citation).toBe('điểm b khoản 4 Điều 8');
    expect(partText(dieu8.body, pointB)).toBe(
      'b) Trường hợp nhiều người khiếu nại bằng đơn thì trong đơn phải ghi rõ nội dung quy định tại khoản 2 Điều này, có chữ ký của những người khiếu nại và phải cử người đại diện để trình bày khi có yêu cầu của người giải quyết khiếu nại;',
    );
    // A clause spans its points; the next clause starts after them.
    const clause4 = partText(
      dieu8.body,
      parts.find((p) => p.anchor === 'dieu-8-khoan-4')!,
    );
    expect(clause4.split('\n')).toHaveLength(4);
    expect(clause4).toMatch(/^4\. Trường hợp nhiều người cùng khiếu nại/u);
    expect(clause4).toMatch(/c\) Chính phủ quy định chi tiết khoản này\.$/u);
  });

  it('keeps a point with continuation lines whole, and names the point "đ" apart from "d"', () => {
    const dieu12 = article(COMPLAINTS, 'dieu-12');
    const parts = partsOf(dieu12.anchor, dieu12.label, dieu12.body);
    const a = parts.find((p) => p.anchor === 'dieu-12-khoan-1-diem-a')!;
    expect(partText(dieu12.body, a).split('\n')).toHaveLength(3);
    const dd = parts.find((p) => p.anchor === 'dieu-12-khoan-1-diem-dd')!;
    expect(dd.label).toBe('Điểm đ');
    expect(partText(dieu12.body, dd)).toMatch(/^đ\) Yêu cầu cá nhân, cơ quan, tổ chức/u);
    expect(parts.some((p) => p.anchor === 'dieu-12-khoan-1-diem-d')).toBe(true);
  });

  it('leaves an article without numbered clauses whole (Article 9, time limit)', () => {
    const dieu9 = article(COMPLAINTS, 'dieu-9');
    expect(partsOf(dieu9.anchor, dieu9.label, dieu9.body)).toEqual([]);
  });

  it('does not take an out-of-order number for a clause', () => {
    const parts = partsOf(
      'dieu-1',
      'Điều 1',
      [
        '1. Khoản một.',
        '2020. Năm ghi đầu dòng.',
        '3. Không phải khoản hai.',
        '2. Khoản hai.',
      ].join('\n'),
    );
    expect(parts.map((p) => [p.anchor, p.from, p.to])).toEqual([
      ['dieu-1-khoan-1', 0, 3],
      ['dieu-1-khoan-2', 3, 4],
    ]);
  });
});

describe('page numbers of a PDF with articles', () => {
  it('keeps for each article the page where it starts', () => {
    const passages = passagesFor({
      unit: 'page',
      parts: [
        'NGHỊ QUYẾT\nVề việc thử nghiệm\nĐiều 1. Phạm vi\nNội dung điều một.',
        'Điều 2. Đối tượng\n1. Khoản một của điều hai.',
        '2. Khoản hai của điều hai, tiếp sang trang ba.\nĐiều 3. Hiệu lực\nCó hiệu lực ngay.',
      ],
    });
    expect(passages.map((p) => [p.anchor, p.pageNo])).toEqual([
      ['loi-noi-dau', 1],
      ['dieu-1', 1],
      ['dieu-2', 2],
      ['dieu-3', 3],
    ]);
  });
});
