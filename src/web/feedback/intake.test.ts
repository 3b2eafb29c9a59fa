import { describe, expect, it } from 'vitest';
import { mapPointError, textLengthError } from './intake';

describe('intake form checks', () => {
  it('gives each coordinate an example of its own kind', () => {
    expect(mapPointError('abc', '')?.message).toBe('Vĩ độ: nhập số thập phân, ví dụ 16,0678.');
    expect(mapPointError('16,0678', 'abc')?.message).toBe(
      'Kinh độ: nhập số thập phân, ví dụ 108,2208.',
    );
  });

  it('asks for a title of 5 characters and a content of 10', () => {
    expect(textLengthError('Ổ gà', 'Đường hỏng nặng')).toEqual({
      field: 'title',
      message: 'Tiêu đề cần ít nhất 5 ký tự.',
    });
    expect(textLengthError('Ổ gà lớn', ' Hỏng nặng ')).toEqual({
      field: 'content',
      message: 'Nội dung cần ít nhất 10 ký tự.',
    });
    expect(textLengthError('Ổ gà lớn', 'Đường hỏng nặng')).toBeNull();
  });
});
