import { z } from 'zod';
import { pageQuery } from '../http/schema';

export const unitLevel = z.enum(['central', 'province', 'commune']);

export const unitOut = z.object({
  code: z.string().describe('Mã đơn vị (giữ số 0 đầu)'),
  name: z.string().describe('Tên chính thức'),
  shortName: z.string().describe('Tên không kèm loại đơn vị'),
  type: z.string().describe('Loại: Trung ương, Tỉnh, Thành phố, Xã, Phường, Đặc khu'),
  level: unitLevel,
  parentCode: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});

export const unitListQuery = pageQuery.extend({
  level: unitLevel.optional().describe('Cấp: province hoặc commune'),
  parent: z.string().max(20).optional().describe('Mã đơn vị cấp trên'),
  q: z
    .string()
    .max(200, 'tối đa 200 ký tự.')
    .optional()
    .describe('Tìm theo tên, không phân biệt dấu'),
  includeHistoric: z.coerce
    .boolean()
    .optional()
    .describe('Gồm cả đơn vị đã hết hiệu lực (sau sáp nhập)'),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
});

export const unitCodeParams = z.object({ code: z.string().min(1).max(20).describe('Mã đơn vị') });

const lineageLink = z.object({
  unit: unitOut,
  event: z.string(),
  effectiveDate: z.string(),
  basis: z.string().nullable(),
});

export const unitDetail = unitOut.extend({
  ancestors: z.array(unitOut),
  childCount: z.number(),
  predecessors: z.array(lineageLink),
  successors: z.array(lineageLink),
});

const newUnit = z.object({
  code: z
    .string()
    .regex(/^[0-9A-Z]{2,10}$/, 'chỉ gồm chữ số hoặc chữ in hoa, 2–10 ký tự.')
    .describe('Mã đơn vị mới'),
  name: z.string().trim().min(3, 'quá ngắn.').max(200).describe('Tên chính thức mới'),
  type: z.enum(['Xã', 'Phường', 'Đặc khu', 'Tỉnh', 'Thành phố']).describe('Loại đơn vị mới'),
});

const reorganizeCommon = {
  effectiveDate: z.iso.date('phải là ngày dạng YYYY-MM-DD.').describe('Ngày có hiệu lực'),
  basis: z.string().trim().max(500).optional().describe('Căn cứ pháp lý (nghị quyết)'),
};

export const mergeBody = z.object({
  fromCodes: z
    .array(z.string().min(1).max(20))
    .min(2, 'cần ít nhất 2 đơn vị.')
    .max(50)
    .describe('Mã các đơn vị hợp nhất'),
  into: newUnit,
  ...reorganizeCommon,
});

export const splitBody = z.object({
  fromCode: z.string().min(1).max(20).describe('Mã đơn vị được chia'),
  into: z.array(newUnit).min(2, 'cần ít nhất 2 đơn vị mới.').max(20).describe('Các đơn vị mới'),
  ...reorganizeCommon,
});
