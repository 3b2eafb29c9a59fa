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

/** The largest value a PostgreSQL `integer` column holds. */
export const INT4_MAX = 2_147_483_647;

/**
 * A record's id in a path or a query string: decimal digits, no leading zero, at most 15 of them.
 * "01", "0x1", " 1" and "1e3" name no record and are refused rather than read as 1. For an
 * `integer` column pass `{ max: INT4_MAX }`: a larger value would make the database fail, so it
 * is refused with the same message.
 */
export function recordId(
  description: string,
  message = 'mã không hợp lệ.',
  options: { max?: number } = {},
) {
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return z
    .string()
    .regex(/^[1-9]\d{0,14}$/u, message)
    .transform(Number)
    .refine((n) => n <= max, message)
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

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * A text field (requiredText, optionalText) that also refuses a text with no letter or digit:
 * "!!!" or a lone accent reads as nothing. An empty or absent value is left to the field's rules.
 */
export function withLetterOrDigit<T extends z.ZodType<string | null | undefined>>(field: T): T {
  return field.refine(
    (t) => !t || LETTER_OR_DIGIT.test(t),
    'phải có ít nhất một chữ cái hoặc chữ số.',
  );
}

export const okResponse = z.object({ ok: z.literal(true) });
