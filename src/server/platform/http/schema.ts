import { z } from 'zod';

/** Shared zod pieces for request and response schemas. */

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Số dòng mỗi trang (1–500)'),
  offset: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000_000)
    .default(0)
    .describe('Bỏ qua bao nhiêu dòng'),
});

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().describe('Mã lỗi ổn định, xem /api/v1/errors'),
      message: z.string().describe('Thông báo tiếng Việt'),
      field: z.string().optional().describe('Trường gây lỗi'),
      requestId: z.string().describe('Mã yêu cầu, để đối chiếu nhật ký'),
    }),
  })
  .describe('Lỗi');

/**
 * A record's id in a path or a query string: decimal digits, no leading zero, at most 15 of them.
 * "01", "0x1", " 1" and "1e3" name no record and are refused rather than read as 1.
 */
export function recordId(description: string, message = 'mã không hợp lệ.') {
  return z
    .string()
    .regex(/^[1-9]\d{0,14}$/u, message)
    .transform(Number)
    .describe(description);
}

/** A required text field: trimmed, NFC, not empty, at most `max` characters. */
export function requiredText(max: number) {
  return z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'không được để trống.').max(max, `tối đa ${max} ký tự.`));
}

/** An optional text field: empty becomes null. */
export function optionalText(max: number) {
  return z
    .string()
    .max(max * 4)
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(max, `tối đa ${max} ký tự.`))
    .transform((s) => (s === '' ? null : s))
    .nullish();
}

export const okResponse = z.object({ ok: z.literal(true) });
