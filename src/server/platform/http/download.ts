import { withoutMarks } from '@common/text/vietnamese';

/** RFC 8187 leaves these out of a filename* value; encodeURIComponent keeps them. */
const NOT_ATTR_CHAR = /['()*]/gu;

/**
 * The Content-Disposition of a download: the name as given in filename*, and in filename an ASCII
 * spelling for clients that read only that one ("Quyết định số 1.txt" → "Quyet dinh so 1.txt").
 * `fallback` stands in when nothing of the name is ASCII.
 */
export function attachmentDisposition(fileName: string, fallback = 'tep'): string {
  const ascii =
    withoutMarks(fileName)
      .replace(/[–—]/gu, '-')
      .replace(/\s+/gu, ' ')
      .replace(/[^\x20-\x7e]/gu, '')
      .replace(/ {2,}/gu, ' ')
      .replace(/["\\]/gu, '')
      .trim() || fallback;
  const encoded = encodeURIComponent(fileName).replace(
    NOT_ATTR_CHAR,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
