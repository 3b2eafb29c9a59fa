import { z } from 'zod';
import { optionalText } from '../platform/http/schema';
import { RESULT_FIELDS, RESULT_LABELS, STEP_KEYS, type ResultField } from './congress.constants';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'phải là ngày dạng YYYY-MM-DD.')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
      new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'không phải ngày hợp lệ.',
  );

export const unitCodeParams = z.object({ code: z.string().min(1).max(20).describe('Mã đơn vị') });
export const stepParams = unitCodeParams.extend({ step: z.enum(STEP_KEYS).describe('Bước') });

/** The round whose progress is asked: the communes' congresses (default) or the provinces' own. */
const roundLevel = z
  .enum(['commune', 'province'])
  .default('commune')
  .describe('Kỳ đại hội: cấp xã (mặc định) hoặc cấp tỉnh');

export const progressQuery = z.object({
  round: roundLevel,
  level: z
    .enum(['province', 'commune'])
    .default('province')
    .describe('Cấp liệt kê: tỉnh, hoặc xã của một tỉnh'),
  parent: z.string().max(20).optional().describe('Mã tỉnh (bắt buộc khi level=commune)'),
});

const count = (field: ResultField) =>
  z
    .number()
    .int('phải là số nguyên.')
    .min(0, 'không được âm.')
    .max(100_000)
    .default(0)
    .describe(RESULT_LABELS[field]);

export const resultsBody = z
  .object({
    version: z
      .number()
      .int()
      .min(0)
      .describe('Phiên bản hồ sơ đã đọc (khóa lạc quan); 0 khi chưa có'),
    chairElected: z.boolean().default(false).describe(RESULT_LABELS.chairElected),
    ...Object.fromEntries(RESULT_FIELDS.map((f) => [f, count(f)])),
  })
  .strict() as unknown as z.ZodType<
  { version: number; chairElected: boolean } & Record<ResultField, number>
>;

export const planBody = z
  .object({
    version: z.number().int().min(0).describe('Phiên bản hồ sơ đã đọc; 0 khi chưa có'),
    plannedDate: isoDate.nullable().describe('Ngày dự kiến tổ chức đại hội (YYYY-MM-DD)'),
    venue: optionalText(300).describe('Địa điểm'),
    pilot: z.boolean().default(false).describe('Đại hội điểm'),
  })
  .strict();

export const stepBody = z
  .object({
    version: z.number().int().min(0).describe('Phiên bản hồ sơ đã đọc; 0 khi chưa có'),
    date: isoDate.optional().describe('Ngày thực hiện (YYYY-MM-DD, ngày tại Việt Nam)'),
    at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Thời điểm thực hiện (ISO 8601); ngày được tính theo giờ Việt Nam'),
    note: optionalText(1000).describe('Ghi chú'),
  })
  .strict();

export const versionBody = z
  .object({ version: z.number().int().min(0).describe('Phiên bản hồ sơ đã đọc') })
  .strict();

export const lateQuery = z.object({
  round: roundLevel,
  parent: z
    .string()
    .max(20)
    .optional()
    .describe('Chỉ các xã của tỉnh này (kỳ cấp tỉnh: chỉ tỉnh này)'),
  kind: z
    .enum(['noDate', 'afterDeadline', 'heldNotReported', 'reportedNotVerified'])
    .optional()
    .describe('Loại chậm'),
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('Số dòng tối đa'),
});

export const exportQuery = z.object({
  round: roundLevel,
  table: z.enum(['progress', 'communes', 'late']).describe('Bảng cần xuất'),
  parent: z.string().max(20).optional().describe('Mã tỉnh (bảng communes, late)'),
});

export const reportQuery = z.object({
  round: roundLevel,
  unit: z.string().max(20).optional().describe('Đơn vị báo cáo (mặc định: đơn vị của người dùng)'),
});

export const historyQuery = z.object({
  round: roundLevel,
  unit: z.string().max(20).default('TW').describe('TW hoặc mã tỉnh'),
});
