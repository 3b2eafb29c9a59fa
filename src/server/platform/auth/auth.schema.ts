import { z } from 'zod';
import { PASSWORD_RULE } from './password';
import { ROLES } from './auth.tables';

export const loginBody = z.object({
  username: z
    .string()
    .trim()
    .min(1, 'không được để trống.')
    .max(100, 'tối đa 100 ký tự.')
    .describe('Tên đăng nhập'),
  password: z
    .string()
    .min(1, 'không được để trống.')
    .max(200, 'tối đa 200 ký tự.')
    .describe('Mật khẩu'),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'phải gồm 6 chữ số.')
    .optional()
    .describe('Mã xác thực hai lớp, nếu tài khoản đã bật'),
});

export const newPassword = z
  .string()
  .min(PASSWORD_RULE.minLength, PASSWORD_RULE.message)
  .max(200, 'tối đa 200 ký tự.');

export const roleGrantSchema = z.object({
  role: z.enum(ROLES).describe('Vai trò: admin, leader, cadre, viewer'),
  unitCode: z.string().min(1).max(20).describe('Mã đơn vị nơi giữ vai trò'),
  unitName: z.string(),
  unitLevel: z.enum(['central', 'province', 'commune']),
});

export const meResponse = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  roles: z
    .array(roleGrantSchema)
    .describe('Vai trò, mỗi vai trò có hiệu lực ở đơn vị và mọi đơn vị cấp dưới'),
  activeUnitCode: z.string().nullable().describe('Đơn vị đang chọn để làm việc'),
  activeUnitName: z.string().nullable().describe('Tên đơn vị đang chọn'),
  csrfToken: z
    .string()
    .describe('Gửi lại trong tiêu đề x-csrf-token cho mọi yêu cầu thay đổi dữ liệu'),
  totpEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
  isAdmin: z.boolean(),
});

export const activeUnitBody = z.object({
  unitCode: z.string().min(1, 'không được để trống.').max(20).describe('Mã đơn vị muốn chọn'),
});

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'không được để trống.').max(200),
  newPassword,
});

export const totpCodeBody = z.object({
  code: z
    .string()
    .regex(/^\d{6}$/, 'phải gồm 6 chữ số.')
    .describe('Mã 6 chữ số từ ứng dụng xác thực'),
});
