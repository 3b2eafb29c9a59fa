import { invalidCharacterIn } from '@common/text/vietnamese';
import { AppError, errors } from './errors';

/** Reading request bodies strictly: JSON, form fields, and the characters no field may hold. */

/**
 * Refuses a text holding a control character other than tab, line feed and carriage return, DEL
 * or U+FFFE/U+FFFF (see invalidCharacterIn), naming the field and the character.
 */
export function refuseInvalidCharacters(value: string, field: string): string {
  const problem = invalidCharacterIn(value);
  if (problem) throw errors.validation(field, problem);
  return value;
}

/**
 * Reads an application/x-www-form-urlencoded body, refusing the characters JSON bodies refuse,
 * naming the field that holds one.
 */
export function parseFormText(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const name = refuseInvalidCharacters(key, 'body');
    fields[name] = refuseInvalidCharacters(value, name);
  }
  return fields;
}

/** Where a member sits in a JSON value, innermost key first. */
type JsonPath = { key: string; up: JsonPath } | null;

function nameOf(path: JsonPath, field: string): string {
  const keys: string[] = [];
  for (let at = path; at; at = at.up) keys.unshift(at.key);
  return keys.join('.') || field;
}

/** Refuses invalid characters in any key or string of a JSON value, naming its path (topics.0). */
function refuseInvalidCharactersIn(value: unknown, path: JsonPath, field: string): void {
  if (typeof value === 'string') refuseInvalidCharacters(value, nameOf(path, field));
  else if (Array.isArray(value)) {
    value.forEach((item, i) =>
      refuseInvalidCharactersIn(item, { key: String(i), up: path }, field),
    );
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      refuseInvalidCharacters(key, nameOf(path, field));
      refuseInvalidCharactersIn(item, { key, up: path }, field);
    }
  }
}

/**
 * Parses JSON text strictly, for a request body or a JSON field of a multipart form: a control
 * character (U+0000, U+001B…) or U+FFFE/U+FFFF is refused naming the member at fault as zod
 * would (title, topics.0), text that is not JSON (or nested too deeply to walk) naming `field`,
 * or with the error `notJson` makes.
 */
export function parseJsonText(
  text: string,
  field: string,
  notJson = () => errors.validation(field, 'không phải JSON hợp lệ.'),
): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    refuseInvalidCharactersIn(parsed, null, field);
    return parsed;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw notJson();
  }
}

/** Parses a JSON request body: invalid UTF-8, control characters and broken JSON are refused. */
export function parseJson(body: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw errors.badRequest('Nội dung gửi lên không phải UTF-8 hợp lệ.', 'body');
  }
  if (text.trim() === '') return {};
  return parseJsonText(text, 'body', () =>
    errors.badRequest('Nội dung gửi lên không phải JSON hợp lệ.', 'body'),
  );
}
