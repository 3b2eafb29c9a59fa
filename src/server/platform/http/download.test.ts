import { describe, expect, it } from 'vitest';
import { attachmentDisposition } from './download';

describe('attachmentDisposition', () => {
  it('spells a Vietnamese name in ASCII for filename, đ and Đ as d and D', () => {
    expect(attachmentDisposition('Quyết định số 1.txt')).toBe(
      `attachment; filename="Quyet dinh so 1.txt"; filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%201.txt`,
    );
    expect(attachmentDisposition('ĐẠI HỘI Đảng.pdf')).toContain('filename="DAI HOI Dang.pdf"');
  });

  it('keeps quotes, backslashes and characters RFC 8187 forbids out of the header', () => {
    const header = attachmentDisposition(`Báo cáo "quý" (I)\\'2025'*.docx`);
    expect(header).toContain(`filename="Bao cao quy (I)'2025'*.docx"`);
    expect(header).toContain(
      `filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22qu%C3%BD%22%20%28I%29%5C%272025%27%2A.docx`,
    );
  });

  it('keeps words apart in the ASCII name: dashes and odd spaces become plain ones', () => {
    expect(attachmentDisposition('Dự thảo văn kiện – Đại hội.pdf')).toContain(
      'filename="Du thao van kien - Dai hoi.pdf"',
    );
    expect(attachmentDisposition('Tờ trình\u00a0lần 1 → bản 2.pdf')).toContain(
      'filename="To trinh lan 1 ban 2.pdf"',
    );
  });

  it('falls back when nothing of the name is ASCII', () => {
    expect(attachmentDisposition('文件')).toMatch(/^attachment; filename="tep"; /u);
    expect(attachmentDisposition('文件', 'tai-lieu')).toContain('filename="tai-lieu"');
  });
});
