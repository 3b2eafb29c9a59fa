import { z } from 'zod';
import { fold } from '@common/text/vietnamese';
import { optionalText, recordId, requiredText, withLetterOrDigit } from '../platform/http/schema';
import { todayInVietnam } from './library.policy';

export const DOCUMENT_TYPES = [
  'Hiến pháp',
  'Luật',
  'Nghị quyết',
  'Nghị định',
  'Thông tư',
  'Quyết định',
  'Chỉ thị',
  'Hướng dẫn',
  'Kế hoạch',
  'Báo cáo',
  'Công văn',
  'Tài liệu tuyên truyền',
  'Sổ tay',
  'Biểu mẫu',
  'Hình ảnh',
  'Khác',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const TYPE_BY_FOLD = new Map<string, DocumentType>(DOCUMENT_TYPES.map((t) => [fold(t), t]));

/** The listed type a person meant ("luat", "LUẬT" → "Luật"), or undefined. */
export function documentTypeOf(text: string): DocumentType | undefined {
  return TYPE_BY_FOLD.get(fold(text));
}

export const documentStatus = z
  .enum(['in_force', 'partly_in_force', 'expired', 'not_yet_in_force', 'unknown'])
  .describe('Hiệu lực: còn, còn một phần, hết, chưa có hiệu lực, không rõ');
export const documentAccess = z
  .enum(['public', 'internal', 'restricted'])
  .describe('Truy cập: công khai, nội bộ Mặt trận, hạn chế cho các đơn vị được chỉ định');
export const documentLevel = z
  .enum(['central', 'province', 'commune'])
  .describe('Cấp ban hành/quản lý');

export type DocumentStatus = z.infer<typeof documentStatus>;
export type DocumentAccess = z.infer<typeof documentAccess>;

export const STATUS_LABELS: Record<DocumentStatus, string> = {
  in_force: 'Còn hiệu lực',
  partly_in_force: 'Còn hiệu lực một phần',
  expired: 'Hết hiệu lực',
  not_yet_in_force: 'Chưa có hiệu lực',
  unknown: 'Không rõ',
};

const isoDate = z.iso.date({ error: 'phải là ngày dạng YYYY-MM-DD.', abort: true });

/** Years a document's dates may fall in, on a single upload and on a bulk import alike. */
export const DOCUMENT_YEARS = { min: 1900, max: 2100 } as const;

/** A document date (YYYY-MM-DD) within DOCUMENT_YEARS; `name` says which date, in Vietnamese. */
function documentDate(name: string) {
  return isoDate.refine(
    (d) => {
      const year = Number(d.slice(0, 4));
      return year >= DOCUMENT_YEARS.min && year <= DOCUMENT_YEARS.max;
    },
    {
      error: `${name} phải trong khoảng từ năm ${DOCUMENT_YEARS.min} đến năm ${DOCUMENT_YEARS.max}.`,
      abort: true,
    },
  );
}

/** Metadata sent with an upload (the multipart field «metadata», JSON) or on edit. */
const documentMetadataFields = z.object({
  title: withLetterOrDigit(requiredText(500)).describe(
    'Tiêu đề (Dublin Core title), có ít nhất một chữ cái hoặc chữ số',
  ),
  number: optionalText(200).describe('Số, ký hiệu: 30/2020/NĐ-CP'),
  docType: z.enum(DOCUMENT_TYPES, 'không thuộc danh mục loại văn bản.').describe('Loại văn bản'),
  issuer: optionalText(300).describe('Cơ quan ban hành'),
  signer: optionalText(200).describe('Người ký'),
  issuedOn: documentDate('ngày ban hành')
    .refine((d) => d <= todayInVietnam(), 'ngày ban hành không được sau ngày hôm nay.')
    .nullish()
    .describe(`Ngày ban hành (từ năm ${DOCUMENT_YEARS.min}, không sau ngày hôm nay)`),
  effectiveOn: documentDate('ngày có hiệu lực')
    .nullish()
    .describe(
      `Ngày có hiệu lực (năm ${DOCUMENT_YEARS.min}–${DOCUMENT_YEARS.max}, không trước ngày ban hành)`,
    ),
  status: documentStatus
    .optional()
    .describe(
      'Hiệu lực; mặc định: chưa có hiệu lực nếu ngày có hiệu lực ở tương lai, còn hiệu lực nếu không',
    ),
  unitCode: z.string().min(1).max(20).describe('Đơn vị quản lý tài liệu (mã đơn vị)'),
  topics: z.array(requiredText(100)).max(20).default([]).describe('Chủ đề'),
  audience: optionalText(200).describe('Đối tượng sử dụng'),
  access: documentAccess.default('public'),
  accessUnitCodes: z
    .array(z.string().min(1).max(20))
    .max(100)
    .default([])
    .describe('Đơn vị được xem (khi hạn chế)'),
  embargoUntil: documentDate('ngày công bố')
    .nullish()
    .describe(`Không công bố trước ngày này (năm ${DOCUMENT_YEARS.min}–${DOCUMENT_YEARS.max})`),
  description: optionalText(4000).describe('Tóm tắt (Dublin Core description)'),
  subject: optionalText(500).describe('Từ khoá (Dublin Core subject)'),
  source: optionalText(500).describe('Nguồn'),
  rights: optionalText(500).describe('Quyền (Dublin Core rights)'),
  amendsIds: z
    .array(z.number().int().positive())
    .max(50)
    .default([])
    .describe('Sửa đổi, bổ sung các văn bản'),
  replacesIds: z
    .array(z.number().int().positive())
    .max(50)
    .default([])
    .describe('Thay thế các văn bản'),
});

/** The status a document has when none is given: not yet in force until its effective date. */
export function defaultStatus(effectiveOn: string | null | undefined): DocumentStatus {
  return effectiveOn && effectiveOn > todayInVietnam() ? 'not_yet_in_force' : 'in_force';
}

export const documentMetadataIn = documentMetadataFields
  .refine((m) => !m.issuedOn || !m.effectiveOn || m.effectiveOn >= m.issuedOn, {
    path: ['effectiveOn'],
    error: 'ngày có hiệu lực không được trước ngày ban hành.',
    // Only two dates that passed their own checks are compared.
    when: (payload) =>
      payload.issues.every((i) => i.path?.[0] !== 'issuedOn' && i.path?.[0] !== 'effectiveOn'),
  })
  .transform((m) => ({
    ...m,
    status: m.status ?? defaultStatus(m.effectiveOn),
  }));
export type DocumentMetadataIn = z.infer<typeof documentMetadataIn>;

export const searchQuery = z.object({
  q: z.string().max(500, 'tối đa 500 ký tự.').optional().describe('Từ khoá, "cụm từ", số ký hiệu'),
  type: z.string().max(100).optional().describe('Loại văn bản'),
  year: z.coerce
    .number()
    .int()
    .min(DOCUMENT_YEARS.min, 'năm không hợp lệ.')
    .max(DOCUMENT_YEARS.max, 'năm không hợp lệ.')
    .optional()
    .describe('Năm ban hành'),
  issuer: z.string().max(300).optional().describe('Cơ quan ban hành'),
  status: documentStatus.optional(),
  topic: z.string().max(100).optional().describe('Chủ đề'),
  level: documentLevel.optional(),
  collection: recordId('Trong bộ sưu tập').optional(),
  page: z.coerce
    .number()
    .int()
    .min(1, 'trang bắt đầu từ 1.')
    .max(1000)
    .default(1)
    .describe('Trang (10 kết quả mỗi trang)'),
});
export type SearchQuery = z.infer<typeof searchQuery>;

const facetValue = z.object({ value: z.string(), count: z.number() });

export const searchResult = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      title: z.string(),
      number: z.string().nullable(),
      snippet: z.string().describe('Đoạn trích nguyên văn có dấu'),
      highlights: z
        .array(z.tuple([z.number(), z.number()]))
        .describe('Vị trí từ khớp trong đoạn trích'),
      anchor: z.string().nullable().describe('Điều/trang chứa đoạn trích: dieu-5'),
      passageLabel: z.string().nullable(),
      docType: z.string(),
      issuer: z.string().nullable(),
      issuedOn: z.string().nullable(),
      status: documentStatus,
      access: documentAccess,
    }),
  ),
  total: z.number(),
  page: z.number(),
  facets: z.object({
    type: z.array(facetValue),
    issuer: z.array(facetValue),
    year: z.array(facetValue),
    status: z.array(facetValue),
    topic: z.array(facetValue),
    level: z.array(facetValue),
  }),
  didYouMean: z.string().nullable().describe('Gợi ý sửa lỗi gõ'),
  corrected: z.boolean().describe('Kết quả là của câu gợi ý vì câu gốc không có kết quả'),
});
export type SearchResult = z.infer<typeof searchResult>;

export const idParams = z.object({
  id: recordId('Mã tài liệu'),
});
