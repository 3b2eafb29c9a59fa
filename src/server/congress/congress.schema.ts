import { z } from 'zod';
import { errors } from '../platform/http/errors';
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

/**
 * The unit a list or export is limited to: `parent`, or its other name `unitCode`. A unit outside
 * the user's tree answers 404, as every unit-scoped route does; an unknown parameter answers 400
 * (the queries are strict) instead of being ignored.
 */
const unitFilter = (what: string) => ({
  parent: z.string().min(1).max(20).optional().describe(what),
  unitCode: z.string().min(1).max(20).optional().describe('Tên khác của parent'),
});

/** The unit code a query is limited to, from `parent` or `unitCode`. */
export function unitFilterOf(q: { parent?: string; unitCode?: string }): string | undefined {
  if (q.parent && q.unitCode && q.parent !== q.unitCode)
    throw errors.validation('unitCode', 'khác với parent; chỉ cần một trong hai.');
  return q.parent ?? q.unitCode;
}

export const progressQuery = z
  .object({
    round: roundLevel,
    level: z
      .enum(['province', 'commune'])
      .default('province')
      .describe('Cấp liệt kê: tỉnh, hoặc xã của một tỉnh'),
    ...unitFilter('Mã tỉnh (bắt buộc khi level=commune); với level=province: chỉ tỉnh này'),
  })
  .strict();

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

export const lateQuery = z
  .object({
    round: roundLevel,
    ...unitFilter(
      'Chỉ các đơn vị thuộc đơn vị này: các xã của một tỉnh, hoặc một xã (kỳ cấp tỉnh: chỉ tỉnh này)',
    ),
    kind: z
      .enum(['noDate', 'afterDeadline', 'heldNotReported', 'reportedNotVerified'])
      .optional()
      .describe('Loại chậm'),
    limit: z.coerce.number().int().min(1).max(5000).default(500).describe('Số dòng tối đa'),
  })
  .strict();

export const exportQuery = z
  .object({
    round: roundLevel,
    table: z.enum(['progress', 'communes', 'late']).describe('Bảng cần xuất'),
    ...unitFilter(
      'Đơn vị: progress — chỉ tỉnh này; communes — mã tỉnh (bắt buộc); late — các đơn vị thuộc đơn vị này',
    ),
  })
  .strict();

export const reportQuery = z
  .object({
    round: roundLevel,
    unit: z
      .string()
      .max(20)
      .optional()
      .describe('Đơn vị báo cáo (mặc định: đơn vị của người dùng)'),
  })
  .strict();

export const historyQuery = z
  .object({
    round: roundLevel,
    unit: z.string().max(20).default('TW').describe('TW hoặc mã tỉnh'),
  })
  .strict();
