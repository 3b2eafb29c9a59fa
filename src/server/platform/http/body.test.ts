import { describe, expect, it } from 'vitest';
import { parseJsonText, refuseInvalidCharacters } from './body';
import { AppError } from './errors';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseJsonText', () => {
  it('parses JSON without U+0000', () => {
    expect(parseJsonText('{"title":"Luật","topics":["Dân vận"]}', 'metadata')).toEqual({
      title: 'Luật',
      topics: ['Dân vận'],
    });
  });

  it.each([
    ['{"title":"\\u0000abc"}', 'title'],
    ['{"topics":["a","b\\u0000"]}', 'topics.1'],
    ['{"a":{"b":[{"c":"\\u0000"}]}}', 'a.b.0.c'],
    ['{"ti\\u0000tle":"Luật"}', 'metadata'],
    ['"\\u0000"', 'metadata'],
  ])('refuses U+0000 in %s, naming %s', (text, field) => {
    const error = refusal(() => parseJsonText(text, 'metadata'));
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', field });
    expect(error.message).toContain('chứa ký tự không hợp lệ (U+0000).');
  });

  it('refuses text that is not JSON, naming the field or as the caller says', () => {
    expect(refusal(() => parseJsonText('{"title":', 'metadata'))).toMatchObject({
      code: 'VALIDATION_ERROR',
      field: 'metadata',
    });
    const custom = new AppError(400, 'BAD_REQUEST', 'Không đọc được.', 'body');
    expect(refusal(() => parseJsonText('nope', 'body', () => custom))).toBe(custom);
  });

  it('refuses nesting too deep to walk as not JSON, not as a server error', () => {
    const depth = 200_000;
    const text = `${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`;
    expect(refusal(() => parseJsonText(text, 'metadata'))).toMatchObject({
      code: 'VALIDATION_ERROR',
      field: 'metadata',
    });
  });
});

describe('refuseInvalidCharacters', () => {
  it('returns a text without U+0000 and refuses one with it, naming the field', () => {
    expect(refuseInvalidCharacters('Ghi chú', 'note')).toBe('Ghi chú');
    expect(refusal(() => refuseInvalidCharacters('a\u0000b', 'note'))).toMatchObject({
      field: 'note',
    });
  });

  it.each(['0001', '0008', '000B', '000C', '001B', '007F', 'FFFE', 'FFFF'])(
    'refuses U+%s, naming the field and the character',
    (code) => {
      const text = `Cơ quan ${String.fromCharCode(parseInt(code, 16))}`;
      const error = refusal(() => refuseInvalidCharacters(text, 'issuer'));
      expect(error).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', field: 'issuer' });
      expect(error.message).toBe(`Trường «issuer»: chứa ký tự không hợp lệ (U+${code}).`);
    },
  );

  it('keeps tab, line feed and carriage return, and every other character', () => {
    const text = 'Dòng 1\r\n\tDòng 2 — «Điều» ₫ \u00a0 \u0080 \ufffd 😀';
    expect(refuseInvalidCharacters(text, 'note')).toBe(text);
  });

  it('refuses a control character in any string or key of a JSON text', () => {
    expect(
      refusal(() => parseJsonText('{"issuer":"Cơ quan \\ufffe\\uffff"}', 'body')),
    ).toMatchObject({
      field: 'issuer',
      message: 'Trường «issuer»: chứa ký tự không hợp lệ (U+FFFE).',
    });
    expect(refusal(() => parseJsonText('{"topics":["a\\u001b[31m"]}', 'body'))).toMatchObject({
      field: 'topics.0',
    });
    expect(refusal(() => parseJsonText('{"a\\u0001":1}', 'body'))).toMatchObject({ field: 'body' });
    expect(parseJsonText('{"note":"a\\tb\\nc\\r"}', 'body')).toEqual({ note: 'a\tb\nc\r' });
  });
});
