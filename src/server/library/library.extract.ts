import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { decodeText, hasForbiddenCharacter, toNfc } from '@common/text/vietnamese';
import { errors } from '../platform/http/errors';
import type { CheckedFile } from '../platform/storage/file-check';
import type { ExtractedText } from './library.structure';

export { checkFile, type CheckedFile, type FileKind } from '../platform/storage/file-check';

type TextItem = { str?: string; hasEOL?: boolean };

/** PDF text page by page, with pdf.js (legacy build for Node). Page numbers are the indexes + 1. */
export async function extractPdf(bytes: Buffer): Promise<ExtractedText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  const doc = await task.promise;
  const parts: string[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n += 1) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items as TextItem[]) {
        text += item.str ?? '';
        if (item.hasEOL) text += '\n';
      }
      parts.push(toNfc(text));
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return { unit: 'page', parts };
}

export async function extractDocx(bytes: Buffer): Promise<ExtractedText> {
  const result = await mammoth.extractRawText({ buffer: bytes });
  return { unit: 'text', parts: [toNfc(result.value)] };
}

/** One part per worksheet: rows as lines, cells separated by tabs. */
export async function extractXlsx(bytes: Buffer): Promise<ExtractedText> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const parts: string[] = [];
  workbook.eachSheet((sheet) => {
    const lines: string[] = [sheet.name];
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell((cell) => cells.push(cell.text ?? ''));
      lines.push(cells.join('\t'));
    });
    parts.push(toNfc(lines.join('\n')));
  });
  return { unit: 'sheet', parts };
}

/** Extracts the text of a checked file; images get none here (OCR runs as a background job). */
export async function extractText(file: CheckedFile, bytes: Buffer): Promise<ExtractedText> {
  let extracted: ExtractedText;
  try {
    switch (file.kind) {
      case 'pdf':
        extracted = await extractPdf(bytes);
        break;
      case 'docx':
        extracted = await extractDocx(bytes);
        break;
      case 'xlsx':
        extracted = await extractXlsx(bytes);
        break;
      case 'txt':
        extracted = { unit: 'text', parts: [decodeText(bytes)] };
        break;
      case 'image':
        extracted = { unit: 'page', parts: [] };
        break;
    }
  } catch {
    throw errors.validation(
      'file',
      'không đọc được nội dung tệp (tệp hỏng hoặc được bảo vệ bằng mật khẩu).',
    );
  }
  return {
    ...extracted,
    parts: extracted.parts
      .map((p) => p.replaceAll('\u0000', ''))
      .filter((p) => !hasForbiddenCharacter(p)),
  };
}
