import { z } from 'zod';
import { mapPointProblem } from '@common/geo/vietnam';
import { optionalText, recordId, requiredText } from '@server/platform/http/schema';
import { CASE_TYPES, CHANNELS, FORWARD_KINDS } from './feedback.tables';
import { ACTIONS, STATUSES } from './feedback.workflow';

/** Shortest title and content a case may have: enough to say what it is about. */
export const MIN_TITLE = 5;
export const MIN_CONTENT = 10;

/** Fields (lĩnh vực) a case can be filed under. */
export const FIELDS = {
  dat_dai: 'Đất đai, xây dựng',
  moi_truong: 'Môi trường',
  giao_thong: 'Giao thông, hạ tầng',
  an_ninh: 'An ninh, trật tự',
  y_te: 'Y tế',
  giao_duc: 'Giáo dục',
  an_sinh: 'Lao động, an sinh xã hội',
  hanh_chinh: 'Thủ tục hành chính',
  can_bo: 'Cán bộ, công chức',
  khac: 'Khác',
} as const;
export type Field = keyof typeof FIELDS;
const fieldKeys = Object.keys(FIELDS) as [Field, ...Field[]];

export const TYPE_LABELS: Record<(typeof CASE_TYPES)[number], string> = {
  phan_anh: 'Phản ánh',
  kien_nghi: 'Kiến nghị',
  khieu_nai: 'Khiếu nại',
  to_cao: 'Tố cáo',
};

export const CHANNEL_LABELS: Record<(typeof CHANNELS)[number], string> = {
  web: 'Cổng trực tuyến',
  phone: 'Điện thoại',
  letter: 'Thư, đơn',
  reception: 'Tiếp công dân',
  voter_meeting: 'Tiếp xúc cử tri',
  open311: 'Open311',
  email: 'Thư điện tử',
};

const phone = z
  .string()
  .transform((s) => s.replace(/[\s.-]/g, ''))
  .pipe(z.string().regex(/^\+?\d{8,15}$/, 'số điện thoại không hợp lệ.'))
  .nullish()
  .or(z.literal('').transform(() => null));

export const petitionerIn = z
  .object({
    name: optionalText(200).describe('Họ và tên người gửi'),
    phone: phone.describe('Số điện thoại'),
    email: z
      .email('thư điện tử không hợp lệ.')
      .max(200)
      .nullish()
      .or(z.literal('').transform(() => null))
      .describe('Thư điện tử'),
    idNumber: z
      .string()
      .regex(/^(\d{9}|\d{12})?$/, 'số CCCD/CMND phải có 9 hoặc 12 chữ số.')
      .transform((s) => (s === '' ? null : s))
      .nullish()
      .describe('Số căn cước công dân'),
    address: optionalText(500).describe('Địa chỉ liên hệ'),
  })
  .describe('Thông tin người gửi (dữ liệu cá nhân, chỉ người xử lý được xem)');

export const createBody = z
  .object({
    type: z.enum(CASE_TYPES).describe('Loại: phản ánh, kiến nghị, khiếu nại, tố cáo'),
    field: z.enum(fieldKeys).describe('Lĩnh vực'),
    title: requiredText(300)
      .refine((s) => [...s].length >= MIN_TITLE, `tiêu đề cần ít nhất ${MIN_TITLE} ký tự.`)
      .describe(`Tiêu đề (${MIN_TITLE}–300 ký tự)`),
    content: requiredText(20_000)
      .refine((s) => [...s].length >= MIN_CONTENT, `nội dung cần ít nhất ${MIN_CONTENT} ký tự.`)
      .describe(`Nội dung (${MIN_CONTENT}–20000 ký tự)`),
    provinceCode: z.string().min(1).max(20).describe('Mã tỉnh/thành phố nơi xảy ra sự việc'),
    communeCode: z.string().max(20).nullish().describe('Mã xã/phường nơi xảy ra sự việc'),
    address: optionalText(500).describe('Địa chỉ nơi xảy ra sự việc'),
    lat: z
      .number()
      .min(-90)
      .max(90)
      .nullish()
      .describe('Vĩ độ (tuỳ chọn, cùng kinh độ, trong lãnh thổ Việt Nam)'),
    lng: z
      .number()
      .min(-180)
      .max(180)
      .nullish()
      .describe('Kinh độ (tuỳ chọn, cùng vĩ độ, trong lãnh thổ Việt Nam)'),
    anonymous: z.boolean().default(false).describe('Đề nghị giữ bí mật danh tính'),
    consent: z.boolean().describe('Đồng ý cho xử lý dữ liệu cá nhân (bắt buộc)'),
    petitioner: petitionerIn.optional(),
    channel: z.enum(CHANNELS).optional().describe('Kênh tiếp nhận (cán bộ nhập thay người dân)'),
    receivedAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('Thời điểm tiếp nhận (cán bộ nhập)'),
    attachments: z
      .array(z.string().min(10).max(64))
      .max(5, 'tối đa 5 tệp đính kèm.')
      .default([])
      .describe('Mã các tệp đã tải lên'),
  })
  .superRefine((body, ctx) => {
    if (!body.consent)
      ctx.addIssue({
        code: 'custom',
        path: ['consent'],
        message: 'cần đồng ý cho xử lý dữ liệu cá nhân để gửi.',
      });
    const point = mapPointProblem(body.lat, body.lng);
    if (point) ctx.addIssue({ code: 'custom', path: [point.field], message: point.message });
    if (body.type === 'khieu_nai' && !body.petitioner?.name) {
      ctx.addIssue({
        code: 'custom',
        path: ['petitioner', 'name'],
        message: 'khiếu nại cần họ và tên người khiếu nại.',
      });
    }
  });
export type CreateBody = z.infer<typeof createBody>;

export const createdOut = z.object({ trackingCode: z.string().describe('Mã tra cứu') });

export const listQuery = z
  .object({
    status: z
      .string()
      .max(300)
      .refine(
        (value) =>
          value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
            .every((s) => (STATUSES as readonly string[]).includes(s)),
        { message: `trạng thái không hợp lệ; dùng các giá trị: ${STATUSES.join(', ')}.` },
      )
      .optional()
      .describe('Trạng thái, nhiều giá trị cách nhau bởi dấu phẩy'),
    type: z.enum(CASE_TYPES).optional().describe('Loại'),
    field: z.enum(fieldKeys).optional().describe('Lĩnh vực'),
    unitCode: z.string().max(20).optional().describe('Đơn vị đang xử lý (gồm cả cấp dưới)'),
    channel: z.enum(CHANNELS).optional().describe('Kênh tiếp nhận'),
    due: z
      .enum(['overdue', 'due_soon'])
      .optional()
      .describe('Quá hạn hoặc sắp đến hạn (2 ngày làm việc)'),
    from: z.iso.date().optional().describe('Tiếp nhận từ ngày (yyyy-mm-dd)'),
    to: z.iso.date().optional().describe('Tiếp nhận đến ngày (yyyy-mm-dd)'),
    q: z
      .string()
      .max(200)
      .optional()
      .describe('Tìm theo tiêu đề, nội dung, mã (không phân biệt dấu)'),
    sort: z
      .enum(['receivedAt', 'dueAt', 'status', 'updatedAt'])
      .default('receivedAt')
      .describe('Sắp xếp theo'),
    order: z.enum(['asc', 'desc']).default('desc').describe('Chiều sắp xếp'),
    limit: z.coerce.number().int().min(1).max(200).default(20).describe('Số dòng mỗi trang'),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .default(0)
      .describe('Bỏ qua bao nhiêu dòng'),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: '«đến ngày» phải cùng hoặc sau «từ ngày».',
      });
  });
export type ListQuery = z.infer<typeof listQuery>;

const dueStateOut = z.enum(['overdue', 'due_soon', 'on_track', 'none']).describe('Tình trạng hạn');

export const listItemOut = z.object({
  id: z.number(),
  trackingCode: z.string(),
  type: z.enum(CASE_TYPES),
  field: z.string(),
  title: z.string(),
  status: z.enum(STATUSES),
  statusLabel: z.string(),
  unitCode: z.string().describe('Đơn vị đang xử lý'),
  unitName: z.string(),
  communeCode: z.string().nullable(),
  channel: z.enum(CHANNELS),
  receivedAt: z.string(),
  dueAt: z.string().nullable(),
  dueState: dueStateOut,
  petitionerLabel: z
    .string()
    .nullable()
    .describe('Người gửi, đã che (không có với tố cáo, ẩn danh)'),
  assigneeId: z.number().nullable(),
  version: z.number(),
});

export const listOut = z.object({ items: z.array(listItemOut), total: z.number() });

export const petitionerOut = z.object({
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  idNumber: z.string().nullable(),
  address: z.string().nullable(),
});

const eventOut = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actorName: z.string(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable().describe('Tên đơn vị thực hiện'),
  note: z.string().nullable(),
  public: z.boolean(),
});

const attachmentOut = z.object({
  id: z.number(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  public: z.boolean(),
});

export const detailOut = listItemOut.extend({
  content: z.string(),
  provinceCode: z.string(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  anonymous: z.boolean(),
  complex: z.boolean(),
  forwardKind: z.string().nullable(),
  forwardedTo: z.string().nullable(),
  answer: z.string().nullable(),
  answerPublic: z.boolean(),
  answeredAt: z.string().nullable(),
  rating: z.number().nullable(),
  ratingComment: z.string().nullable(),
  mergedIntoId: z.number().nullable(),
  personalDataVisible: z.boolean().describe('Người xem có quyền xem dữ liệu cá nhân'),
  petitioner: petitionerOut.nullable().describe('Chỉ có với người xử lý hồ sơ'),
  events: z.array(eventOut),
  attachments: z.array(attachmentOut),
  actions: z.array(z.enum(ACTIONS)).describe('Các thao tác người xem được làm lúc này'),
});

export const publicOut = z.object({
  trackingCode: z.string(),
  type: z.enum(CASE_TYPES),
  field: z.string(),
  title: z.string(),
  status: z.enum(STATUSES),
  statusLabel: z.string(),
  unitName: z.string(),
  receivedAt: z.string(),
  dueAt: z.string().nullable(),
  history: z.array(
    z.object({
      at: z.string(),
      action: z.string(),
      status: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  answer: z.string().nullable().describe('Trả lời đã công bố (cả trả lời riêng cho người gửi)'),
  answeredAt: z.string().nullable(),
  answerPrivate: z.boolean().describe('Trả lời riêng cho người gửi, không công khai'),
  attachments: z.array(attachmentOut),
  rating: z.number().nullable(),
  actions: z.array(z.enum(['rate', 'reopen', 'withdraw'])),
});

export const idParams = z.object({ id: recordId('Mã hồ sơ') });
export const codeParams = z.object({ code: z.string().min(4).max(40).describe('Mã tra cứu') });

export const transitionBody = z.object({
  action: z.enum(ACTIONS).describe('Thao tác'),
  expectedVersion: z
    .number()
    .int()
    .positive()
    .describe('Phiên bản hồ sơ người dùng đang xem (khoá lạc quan)'),
  note: optionalText(5000).describe('Ghi chú, lý do'),
  field: z.enum(fieldKeys).nullish().describe('Lĩnh vực (khi phân loại)'),
  type: z.enum(CASE_TYPES).nullish().describe('Loại (khi phân loại, nếu cần sửa)'),
  complex: z.boolean().nullish().describe('Vụ việc phức tạp (thời hạn dài hơn)'),
  assigneeId: z.number().int().positive().nullish().describe('Người được giao'),
  forwardKind: z
    .enum(FORWARD_KINDS)
    .nullish()
    .describe('Chuyển tới: đơn vị Mặt trận, tổ chức thành viên, cơ quan'),
  forwardTo: optionalText(300).describe('Mã đơn vị Mặt trận, hoặc tên tổ chức/cơ quan nhận'),
  newDueAt: z.iso.date().nullish().describe('Hạn mới (khi gia hạn), yyyy-mm-dd'),
  answer: optionalText(20_000).describe('Nội dung trả lời'),
  answerPublic: z.boolean().nullish().describe('Công khai trả lời trên trang tra cứu'),
  targetId: z.number().int().positive().nullish().describe('Hồ sơ gộp vào (số nội bộ)'),
  targetCode: optionalText(40).describe('Hồ sơ gộp vào, theo mã tra cứu (thay cho targetId)'),
});
export type TransitionBody = z.infer<typeof transitionBody>;

export const citizenActionBody = z.object({
  action: z.enum(['rate', 'reopen', 'withdraw']).describe('Đánh giá, mở lại hoặc rút'),
  rating: z.number().int().min(1).max(5).nullish().describe('Điểm đánh giá 1–5'),
  note: optionalText(2000).describe('Nhận xét hoặc lý do'),
});

export const noteBody = z.object({ note: requiredText(5000).describe('Ghi chú nội bộ') });

export const similarQuery = z.object({
  text: z.string().min(3).max(2000).describe('Tiêu đề/nội dung đang nhập'),
  communeCode: z.string().max(20).optional().describe('Xã/phường'),
  excludeId: recordId('Bỏ qua hồ sơ này').optional(),
});

export const statsQuery = z.object({
  unitCode: z.string().max(20).optional().describe('Đơn vị (mặc định: đơn vị của người dùng)'),
  from: z.iso.date().optional().describe('Từ ngày'),
  to: z.iso.date().optional().describe('Đến ngày'),
});

export const holidayBody = z.object({
  name: requiredText(200).describe('Tên ngày nghỉ'),
  source: optionalText(500).describe('Căn cứ'),
});
export const dayParams = z.object({ day: z.iso.date().describe('Ngày (yyyy-mm-dd)') });

const ruleIn = z.object({
  accept: z.number().int().min(1).max(120),
  forward: z.number().int().min(1).max(120),
  resolve: z.number().int().min(1).max(365),
  resolveComplex: z.number().int().min(1).max(365),
});
export const settingsBody = z.object({
  deadlines: z
    .object({ phan_anh: ruleIn, kien_nghi: ruleIn, khieu_nai: ruleIn, to_cao: ruleIn })
    .describe('Số ngày làm việc theo loại và bước'),
  reopenDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .describe('Số ngày người dân được mở lại sau khi có trả lời'),
  maxExtensionDays: z
    .number()
    .int()
    .min(1)
    .max(120)
    .describe('Số ngày làm việc tối đa được gia hạn thêm sau hạn hiện tại'),
});

export const savedViewBody = z.object({
  name: requiredText(100).describe('Tên bộ lọc'),
  query: z.record(z.string().max(40), z.string().max(300)).describe('Các tham số lọc'),
});
