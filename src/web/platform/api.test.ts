import { describe, expect, it } from 'vitest';
import { ApiError, fieldLabel, registerFieldLabels } from './api';

describe('ApiError', () => {
  it('names a nested field by its label instead of the API path', () => {
    const error = new ApiError(
      400,
      'VALIDATION_ERROR',
      'Trường «petitioner.phone»: không được để trống.',
      'petitioner.phone',
    );
    expect(error.message).toBe('Số điện thoại: không được để trống.');
    expect(error.message).not.toContain('petitioner');
    expect(error.fieldMessage).toBe('Không được để trống.');
    expect(error.field).toBe('petitioner.phone');
  });

  it('keeps a message without a known label, and other messages unchanged', () => {
    const unknown = new ApiError(400, 'VALIDATION_ERROR', 'Trường «xyz»: phải là số.', 'xyz');
    expect(unknown.message).toBe('Trường «xyz»: phải là số.');
    expect(unknown.fieldMessage).toBe('Phải là số.');
    const plain = new ApiError(401, 'UNAUTHENTICATED', 'Bạn cần đăng nhập.');
    expect(plain.message).toBe('Bạn cần đăng nhập.');
    expect(plain.fieldMessage).toBe('Bạn cần đăng nhập.');
  });

  it('takes labels registered by an application', () => {
    registerFieldLabels({ 'steps.dai_hoi': 'Ngày đại hội' });
    expect(fieldLabel('steps.dai_hoi')).toBe('Ngày đại hội');
    const error = new ApiError(
      400,
      'VALIDATION_ERROR',
      'Trường «steps.dai_hoi»: ngày không hợp lệ (định dạng YYYY-MM-DD).',
    );
    expect(error.message).toBe('Ngày đại hội: ngày không hợp lệ (định dạng YYYY-MM-DD).');
  });
});
