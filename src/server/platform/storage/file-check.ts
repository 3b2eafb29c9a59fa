import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { utf16Order } from '@common/text/vietnamese';
import { refuseInvalidCharacters } from '../http/body';
import { errors } from '../http/errors';

/** The kinds of file whose content is checked against their name. */
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

const SERVED_TYPES = new Set([...Object.values(BY_EXTENSION).map((t) => t.mime), 'image/tiff']);

/** Whether the name's extension is one checkFile knows (PDF, Word, Excel, text, images). */
export function isCheckedName(fileName: string): boolean {
  return Object.hasOwn(BY_EXTENSION, path.extname(fileName).toLowerCase());
}

/**
 * The content type to send a stored file with: one of the checked types, otherwise
 * application/octet-stream, so that a type claimed by an uploader (text/html…) is never served.
 */
export function servedType(contentType: string): string {
  return SERVED_TYPES.has(contentType) ? contentType : 'application/octet-stream';
}

/** How browsers write a quote and line breaks inside a multipart file name (HTML's form encoding). */
const BROWSER_ESCAPES: Record<string, string> = { '%22': '"', '%0A': '\n', '%0D': '\r' };

/**
 * Refuses a file name holding an invalid character (see refuseInvalidCharacters) or a tab or line
 * break, which free text may hold but a name may not, naming `field`; returns the name in NFC,
 * with the quotes a browser escaped as %22 given back.
 */
export function refuseInvalidFileName(sent: string, field: string): string {
  const name = sent.replace(/%22|%0A|%0D/giu, (e) => BROWSER_ESCAPES[e.toUpperCase()] ?? e);
  refuseInvalidCharacters(name, field);
  const breaking = /[\t\n\r]/u.exec(name)?.[0];
  if (breaking) {
    const code = breaking.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw errors.validation(field, `chứa ký tự không hợp lệ (U+${code}).`);
  }
  return name.normalize('NFC');
}
