import { z } from 'zod';

/** Responses of the bulk import (requests are multipart: sheet, archive, unitCode). */

const problem = z.object({
  rowNumber: z.number().nullable().describe('Số dòng trong bảng tính; null: lỗi của cả tệp'),
  column: z.string().nullable().describe('Mã cột: fileName, title, number, docType…'),
  columnLabel: z.string().nullable().describe('Tên cột như trong mẫu: Tên tệp, Tiêu đề…'),
  severity: z.enum(['error', 'warning']).describe('error: dòng không được nhập; warning: lưu ý'),
  message: z.string().describe('Mô tả vấn đề, tiếng Việt'),
});

export const bulkLimits = z
  .object({
    maxRows: z.number().describe('Số dòng (và số tệp) tối đa mỗi lần nhập'),
    maxSheetBytes: z.number().describe('Dung lượng tối đa của bảng tính'),
    maxArchiveBytes: z.number().describe('Dung lượng tối đa của tệp nén'),
    maxFileBytes: z.number().describe('Dung lượng tối đa của mỗi tệp sau giải nén'),
    maxTotalBytes: z.number().describe('Tổng dung lượng tối đa sau giải nén'),
    text: z.string().describe('Các giới hạn, diễn đạt bằng lời'),
  })
  .describe('Giới hạn của một lần nhập');

export const bulkInfo = z.object({
  limits: bulkLimits,
  columns: z
    .array(
      z.object({
        key: z.string().describe('Mã cột'),
        header: z.string().describe('Tiêu đề cột trong mẫu'),
        required: z.boolean().describe('Bắt buộc'),
      }),
    )
    .describe('Các cột của bảng tính'),
});

export const bulkPreview = z.object({
  unit: z.object({ code: z.string(), name: z.string() }).describe('Đơn vị sở hữu các tài liệu'),
  blocked: z.boolean().describe('Có lỗi chặn cả lần nhập (bảng tính, tệp nén, giới hạn)'),
  rows: z
    .array(
      z.object({
        rowNumber: z.number().describe('Số dòng trong bảng tính'),
        fileName: z.string().nullable().describe('Tên tệp trong tệp nén'),
        title: z.string().nullable().describe('Tiêu đề'),
        number: z.string().nullable().describe('Số ký hiệu'),
        action: z
          .enum(['create', 'unchanged', 'error'])
          .describe('create: sẽ thêm; unchanged: đã nhập trước đây; error: có lỗi, bỏ qua'),
        documentId: z.number().nullable().describe('Tài liệu đã nhập trước đây'),
      }),
    )
    .describe('Các dòng và việc sẽ làm'),
  problems: z.array(problem).describe('Mọi vấn đề, theo dòng và cột'),
  summary: z.object({
    create: z.number().describe('Dòng sẽ thêm'),
    unchanged: z.number().describe('Dòng đã có, không đổi'),
    error: z.number().describe('Dòng có lỗi'),
    warning: z.number().describe('Số lưu ý'),
  }),
  limits: bulkLimits,
});

export const bulkResult = z.object({
  created: z.number().describe('Số tài liệu đã thêm'),
  unchanged: z.number().describe('Số dòng đã nhập trước đây, không đổi'),
  skipped: z.number().describe('Số dòng có lỗi, bỏ qua'),
  failed: z.number().describe('Số dòng lỗi khi nhập'),
  rows: z
    .array(
      z.object({
        rowNumber: z.number().describe('Số dòng trong bảng tính'),
        fileName: z.string().nullable().describe('Tên tệp'),
        title: z.string().nullable().describe('Tiêu đề'),
        action: z.enum(['created', 'unchanged', 'skipped', 'failed']).describe('Kết quả'),
        documentId: z.number().nullable().describe('Mã tài liệu'),
        message: z.string().nullable().describe('Lý do bỏ qua hoặc lỗi'),
      }),
    )
    .describe('Kết quả từng dòng'),
  problems: z.array(problem).describe('Các vấn đề của lần chạy thử trước khi nhập'),
});
