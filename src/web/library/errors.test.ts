import { describe, expect, it } from 'vitest';
import { ApiError, fieldLabel } from '../platform/api';
import { isMissingDocument, retryUnlessRefused, searchErrorMessage } from './errors';

const invalid = (field: string, text: string) =>
  new ApiError(400, 'VALIDATION_ERROR', `Trường «${field}»: ${text}`, field);

describe('searchErrorMessage', () => {
  it.each([
    ['q', 'tối đa 500 ký tự.', 'Từ khoá: tối đa 500 ký tự.'],
    ['page', 'phải là số.', 'Trang: phải là số.'],
    ['year', 'phải là số.', 'Năm ban hành: phải là số.'],
    ['type', 'tối đa 100 ký tự.', 'Loại văn bản: tối đa 100 ký tự.'],
    ['status', 'giá trị không hợp lệ.', 'Hiệu lực: giá trị không hợp lệ.'],
    ['level', 'giá trị không hợp lệ.', 'Cấp: giá trị không hợp lệ.'],
    ['collection', 'phải là số.', 'Bộ sưu tập: phải là số.'],
  ])('names the parameter %s by its label', (field, text, expected) => {
    const message = searchErrorMessage(invalid(field, text));
    expect(message).toBe(expected);
    expect(message).not.toContain('Trường «');
  });

  it('keeps the server words as written, and other messages unchanged', () => {
    expect(searchErrorMessage(invalid('q', 'YYYY không hợp lệ.'))).toBe(
      'Từ khoá: YYYY không hợp lệ.',
    );
    expect(searchErrorMessage(invalid('other', 'phải là số.'))).toBe('Trường «other»: phải là số.');
    // A field with a label of its own elsewhere keeps that label.
    expect(searchErrorMessage(invalid('title', 'tối đa 500 ký tự.'))).toBe(
      'Tiêu đề: tối đa 500 ký tự.',
    );
    const network = new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ.');
    expect(searchErrorMessage(network)).toBe('Không kết nối được máy chủ.');
    expect(searchErrorMessage(new Error('Lỗi khác.'))).toBe('Lỗi khác.');
  });

  it('leaves the same names in other applications alone', () => {
    expect(fieldLabel('type')).toBeUndefined();
    expect(fieldLabel('status')).toBeUndefined();
    expect(invalid('type', 'giá trị không hợp lệ.').message).toBe(
      'Trường «type»: giá trị không hợp lệ.',
    );
  });
});

describe('isMissingDocument', () => {
  it('takes an unknown document and a malformed id as missing, nothing else', () => {
    expect(isMissingDocument(new ApiError(404, 'NOT_FOUND', 'Không tìm thấy tài liệu.'))).toBe(
      true,
    );
    expect(isMissingDocument(invalid('id', 'phải là số.'))).toBe(true);
    expect(isMissingDocument(invalid('q', 'tối đa 500 ký tự.'))).toBe(false);
    expect(isMissingDocument(new ApiError(500, 'INTERNAL_ERROR', 'Lỗi.'))).toBe(false);
    expect(isMissingDocument(new Error('Lỗi.'))).toBe(false);
  });
});

describe('retryUnlessRefused', () => {
  it('retries a network or server failure once, never a refusal', () => {
    const down = new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ.');
    expect(retryUnlessRefused(0, down)).toBe(true);
    expect(retryUnlessRefused(1, down)).toBe(false);
    expect(retryUnlessRefused(0, new ApiError(503, 'HTTP_ERROR', 'Lỗi.'))).toBe(true);
    expect(retryUnlessRefused(0, invalid('q', 'tối đa 500 ký tự.'))).toBe(false);
    expect(retryUnlessRefused(0, new ApiError(404, 'NOT_FOUND', 'Không tìm thấy.'))).toBe(false);
  });
});
