import iconv from 'iconv-lite';

/**
 * Vietnamese text handling shared by every application: normal forms, folding for search,
 * tokenising, document-number keys, sort keys and decoding of legacy encodings.
 */

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const COMBINING = /[\u0300-\u036f]/gu;
const WORD = /[\p{L}\p{M}]+/gu;

/** Returns the text in Unicode NFC, the form everything is stored in. */
export function toNfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * Puts tone marks where the older (official) style places them, so "Hoà" and "Hòa", "Thuỷ" and
 * "Thủy", "Uỷ" and "Ủy" become the same string. Only open syllables ending in oa, oe or uy differ
 * between the two styles; "qu" + y keeps its mark on y in both.
 */
export function canonicalTone(text: string): string {
  return toNfc(text).replace(WORD, (word) => {
    const decomposed = word.normalize('NFD');
    const tones = decomposed.match(TONE_MARKS);
    if (!tones || tones.length !== 1) return word;
    const base = decomposed.replace(TONE_MARKS, '').normalize('NFC');
    if (!/(^|[^q])(o[ae]|uy)$/iu.test(base)) return word;
    const n = base.length;
    return toNfc(base.slice(0, n - 2) + base[n - 2] + tones[0] + base[n - 1]);
  });
}

/** Removes every mark and maps đ, Đ to d, D, keeping case and spaces: "Đà Nẵng" → "Da Nang". */
export function withoutMarks(text: string): string {
  return text.normalize('NFD').replace(COMBINING, '').replace(/đ/gu, 'd').replace(/Đ/gu, 'D');
}

/** Removes every mark and maps đ to d, lower-cases and collapses spaces: "Đà Nẵng" → "da nang". */
export function fold(text: string): string {
  return withoutMarks(text).toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Lower-cased, NFC, tone placement made canonical: the key for "exact accented" matching. */
export function accentKey(text: string): string {
  return canonicalTone(text).toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Splits text into word tokens (letters and digits), keeping marks. */
export function tokenize(text: string): string[] {
  return toNfc(text)
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((token) => token.length > 0);
}

const DOCUMENT_NUMBER = /\d{1,5}\s*\/\s*(?:\d{4}\s*\/\s*)?[\p{L}\d]+(?:\s*[-–]\s*[\p{L}\d]+)*/gu;

/** The same number written with dashes for slashes: "02-2011-QH13", "30-2020-NĐ-CP". */
const DASHED_DOCUMENT_NUMBER =
  /(?<![\p{L}\d])(\d{1,5})\s*[-–]\s*(\d{4})\s*[-–]\s*(\p{L}[\p{L}\d]*(?:\s*[-–]\s*[\p{L}\d]+)*)/gu;

/**
 * A normalised key for a document number and symbol: "30/2020/NĐ-CP", "30/2020/nd-cp" and
 * "30 / 2020 / ND CP" all give "30/2020/ndcp"; the leading zeros of the number go ("02/2011/QH13"
 * and "2/2011/QH13" give "2/2011/qh13").
 */
export function documentNumberKey(text: string): string {
  const parts = fold(text)
    .split('/')
    .map((part) => part.replace(/[^a-z0-9]/gu, ''))
    .filter((part) => part.length > 0);
  if (parts.length > 1 && /^\d+$/u.test(parts[0]!)) parts[0] = parts[0]!.replace(/^0+(?=\d)/u, '');
  return parts.join('/');
}

/**
 * Finds document numbers such as "02/2011/QH13", "237/NQ-UBTVQH16" or, with dashes for slashes,
 * "02-2011-QH13" inside free text.
 */
export function extractDocumentNumbers(text: string): string[] {
  const nfc = toNfc(text);
  const dashed = [...nfc.matchAll(DASHED_DOCUMENT_NUMBER)].map((m) =>
    documentNumberKey(`${m[1]}/${m[2]}/${m[3]}`),
  );
  const slashed = [...nfc.matchAll(DOCUMENT_NUMBER)].map((m) => documentNumberKey(m[0]));
  return [...slashed, ...dashed];
}

/** The text with its document numbers (either spelling) blanked out, for what is left to read. */
export function withoutDocumentNumbers(text: string): string {
  return toNfc(text).replace(DOCUMENT_NUMBER, ' ').replace(DASHED_DOCUMENT_NUMBER, ' ');
}

const ALPHABET = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const TONE_ORDER = ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323'];

/**
 * A string whose byte order is Vietnamese dictionary order (a < ă < â < b … đ after d, tones as a
 * secondary key), for sorting in SQL with COLLATE "C" on both engines.
 */
export function vietnameseSortKey(text: string): string {
  const primary: string[] = [];
  const secondary: string[] = [];
  for (const char of canonicalTone(text).toLowerCase()) {
    const decomposed = char.normalize('NFD');
    const tone = decomposed.match(TONE_MARKS)?.[0] ?? '';
    const letter = decomposed.replace(TONE_MARKS, '').normalize('NFC');
    const index = ALPHABET.indexOf(letter);
    if (index >= 0) {
      primary.push(String.fromCharCode(0x41 + index));
      secondary.push(String(TONE_ORDER.indexOf(tone)));
    } else if (/\d/u.test(letter)) {
      primary.push(letter);
    } else if (/\s/u.test(letter)) {
      primary.push(' ');
    }
  }
  return `${primary.join('')}|${secondary.join('')}`;
}

/** Compares two strings in Vietnamese order, for sorting in memory. */
export const compareVietnamese = new Intl.Collator('vi', { sensitivity: 'base', numeric: true })
  .compare;

/** The byte order of UTF-16 text marked as such (Notepad's "Unicode"), or null. */
export function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * Decodes bytes from a file a person made: UTF-8 with or without BOM, UTF-16 with its BOM, or
 * Windows-1258 when the bytes are not valid UTF-8. The result is NFC.
 */
export function decodeText(bytes: Uint8Array): string {
  const utf16 = utf16Order(bytes);
  if (utf16) return toNfc(new TextDecoder(utf16).decode(bytes));
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  try {
    return toNfc(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return toNfc(iconv.decode(Buffer.from(body), 'windows1258'));
  }
}

/**
 * Characters no field of a form or row may hold: the C0 controls other than tab, line feed and
 * carriage return, DEL, and the noncharacters U+FFFE and U+FFFF. None of them is ever typed as
 * text, they do not show (or show as boxes) where the text is read, and U+0000 cannot be stored.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/u;

/**
 * Why a text may not be stored, naming its first invalid character ("chứa ký tự không hợp lệ
 * (U+001B)."), or null when it holds none.
 */
export function invalidCharacterIn(text: string): string | null {
  const found = INVALID_CHARACTER.exec(text)?.[0];
  if (found === undefined) return null;
  const code = found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `chứa ký tự không hợp lệ (U+${code}).`;
}

/** True when the text contains a character that must never be stored (NUL). */
export function hasForbiddenCharacter(text: string): boolean {
  return text.includes('\u0000');
}
