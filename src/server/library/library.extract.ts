import path from 'node:path';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import mammoth from 'mammoth';
import { decodeText, hasForbiddenCharacter, toNfc, utf16Order } from '@common/text/vietnamese';
import { errors } from '../platform/http/errors';
import type { ExtractedText } from './library.structure';

/** The kinds of file the library takes in. */
export type FileKind = 'pdf' | 'docx' | 'xlsx' | 'txt' | 'image';

const BY_EXTENSION: Record<string, { kind: FileKind; mime: string }> = {
  '.pdf': { kind: 'pdf', mime: 'application/pdf' },
  '.docx': {
    kind: 'docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  '.xlsx': {
    kind: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  '.txt': { kind: 'txt', mime: 'text/plain' },
  '.png': { kind: 'image', mime: 'image/png' },
  '.jpg': { kind: 'image', mime: 'image/jpeg' },
  '.jpeg': { kind: 'image', mime: 'image/jpeg' },
  '.tif': { kind: 'image', mime: 'image/tiff' },
  '.tiff': { kind: 'image', mime: 'image/tiff' },
  '.webp': { kind: 'image', mime: 'image/webp' },
};

const KIND_LABEL: Record<FileKind, string> = {
  pdf: 'PDF',
  docx: 'Word (.docx)',
  xlsx: 'Excel (.xlsx)',
  txt: 'văn bản thuần (.txt)',
  image: 'ảnh',
};

export type CheckedFile = { kind: FileKind; mime: string; extension: string };

/**
 * Decides the kind of an uploaded file from its name, then checks the bytes say the same
 * (magic numbers, not the name or the browser's content type). A mismatch is refused.
 */
export async function checkFile(fileName: string, bytes: Buffer): Promise<CheckedFile> {
  const extension = path.extname(fileName).toLowerCase();
  const declared = BY_EXTENSION[extension];
  if (!declared) {
    throw errors.validation(
      'file',
      `loại tệp «${extension || 'không có đuôi'}» không được hỗ trợ (PDF, DOCX, XLSX, TXT, ảnh PNG/JPEG/TIFF/WEBP).`,
    );
  }
  if (bytes.length === 0) throw errors.validation('file', 'tệp rỗng.');
  const detected = await fileTypeFromBuffer(bytes);
  const mismatch = () =>
    errors.validation(
      'file',
      `nội dung tệp không khớp với kiểu ${KIND_LABEL[declared.kind]} (tên tệp «${fileName}»${detected ? `, nội dung là ${detected.ext.toUpperCase()}` : ''}).`,
    );
  if (declared.kind === 'txt') {
    // UTF-16 text holds NUL bytes and can look like audio to a signature check.
    if (utf16Order(bytes)) return { ...declared, extension };
    if (detected && !['txt'].includes(detected.ext)) throw mismatch();
    if (bytes.subarray(0, 8192).includes(0)) throw mismatch();
    return { ...declared, extension };
  }
  if (!detected) throw mismatch();
  const ok =
    declared.kind === 'image'
      ? detected.mime === declared.mime || (detected.ext === 'tif' && extension.startsWith('.tif'))
      : detected.ext === extension.slice(1);
  if (!ok) throw mismatch();
  return { ...declared, mime: detected.mime, extension };
}

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
