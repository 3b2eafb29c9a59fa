/**
 * The error catalogue: every error a user can see has an HTTP status, a stable code and a
 * Vietnamese message. `field` names the input at fault, when there is one.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  validation: (field: string, message: string) =>
    new AppError(400, 'VALIDATION_ERROR', `Trường «${field}»: ${message}`, field),
  badRequest: (message: string, field?: string) => new AppError(400, 'BAD_REQUEST', message, field),
  unauthenticated: () =>
    new AppError(401, 'UNAUTHENTICATED', 'Bạn cần đăng nhập để thực hiện thao tác này.'),
  invalidCredentials: () =>
    new AppError(401, 'INVALID_CREDENTIALS', 'Tên đăng nhập hoặc mật khẩu không đúng.', 'password'),
  totpRequired: () =>
    new AppError(401, 'TOTP_REQUIRED', 'Cần nhập mã xác thực hai lớp (6 chữ số).', 'totp'),
  totpInvalid: () =>
    new AppError(401, 'TOTP_INVALID', 'Mã xác thực hai lớp không đúng hoặc đã hết hạn.', 'totp'),
  accountDisabled: () =>
    new AppError(403, 'ACCOUNT_DISABLED', 'Tài khoản đã bị khoá. Hãy liên hệ quản trị viên.'),
  accountLocked: (minutes: number) =>
    new AppError(
      429,
      'ACCOUNT_LOCKED',
      `Đăng nhập sai quá nhiều lần. Hãy thử lại sau ${minutes} phút.`,
      'password',
    ),
  csrf: () =>
    new AppError(
      403,
      'CSRF_TOKEN_INVALID',
      'Thiếu hoặc sai mã chống giả mạo yêu cầu (tiêu đề x-csrf-token). Hãy tải lại trang.',
      'x-csrf-token',
    ),
  passwordChangeRequired: () =>
    new AppError(403, 'PASSWORD_CHANGE_REQUIRED', 'Bạn cần đổi mật khẩu trước khi tiếp tục.'),
  forbidden: (message = 'Bạn không có quyền thực hiện thao tác này.') =>
    new AppError(403, 'FORBIDDEN', message),
  notFound: (what: string) => new AppError(404, 'NOT_FOUND', `Không tìm thấy ${what}.`),
  conflict: (message = 'Dữ liệu đã được người khác thay đổi. Hãy tải lại và thử lại.') =>
    new AppError(409, 'CONFLICT', message),
  duplicate: (field: string, message: string) =>
    new AppError(409, 'DUPLICATE', `Trường «${field}»: ${message}`, field),
  invalidTransition: (from: string, action: string) =>
    new AppError(
      409,
      'INVALID_TRANSITION',
      `Không thể thực hiện «${action}» khi hồ sơ đang ở trạng thái «${from}».`,
      'action',
    ),
  tooLarge: (field: string, message: string) =>
    new AppError(413, 'PAYLOAD_TOO_LARGE', `Trường «${field}»: ${message}`, field),
  rateLimited: () =>
    new AppError(429, 'RATE_LIMITED', 'Quá nhiều yêu cầu. Hãy chờ một lát rồi thử lại.'),
  internal: () =>
    new AppError(
      500,
      'INTERNAL_ERROR',
      'Đã có lỗi hệ thống. Hãy thử lại sau hoặc báo quản trị viên.',
    ),
};

/** The catalogue as documentation: served at /api/v1/errors and listed in the OpenAPI page. */
export const errorCatalogue = [
  { status: 400, code: 'VALIDATION_ERROR', meaning: 'Dữ liệu gửi lên sai; field nêu trường lỗi' },
  { status: 400, code: 'BAD_REQUEST', meaning: 'Yêu cầu không đọc được (JSON hỏng, UTF-8 sai)' },
  { status: 400, code: 'REOPEN_EXPIRED', meaning: 'Đã quá số ngày được mở lại hồ sơ' },
  { status: 401, code: 'UNAUTHENTICATED', meaning: 'Chưa đăng nhập hoặc phiên đã hết hạn' },
  { status: 401, code: 'INVALID_CREDENTIALS', meaning: 'Sai tên đăng nhập hoặc mật khẩu' },
  { status: 401, code: 'TOTP_REQUIRED', meaning: 'Tài khoản bật xác thực hai lớp, cần mã' },
  { status: 401, code: 'TOTP_INVALID', meaning: 'Mã xác thực hai lớp sai' },
  { status: 403, code: 'ACCOUNT_DISABLED', meaning: 'Tài khoản bị vô hiệu hoá' },
  { status: 403, code: 'CSRF_TOKEN_INVALID', meaning: 'Thiếu tiêu đề x-csrf-token đúng' },
  { status: 403, code: 'PASSWORD_CHANGE_REQUIRED', meaning: 'Phải đổi mật khẩu tạm thời trước' },
  { status: 403, code: 'FORBIDDEN', meaning: 'Không có quyền với đơn vị hoặc thao tác này' },
  { status: 404, code: 'NOT_FOUND', meaning: 'Không có, hoặc không được phép biết là có' },
  { status: 409, code: 'CONFLICT', meaning: 'Người khác đã sửa trước (khoá lạc quan)' },
  { status: 409, code: 'DUPLICATE', meaning: 'Giá trị đã tồn tại' },
  { status: 409, code: 'INVALID_TRANSITION', meaning: 'Bước chuyển trạng thái không hợp lệ' },
  { status: 413, code: 'PAYLOAD_TOO_LARGE', meaning: 'Tệp hoặc nội dung quá lớn' },
  { status: 429, code: 'ACCOUNT_LOCKED', meaning: 'Tạm khoá đăng nhập sau nhiều lần sai' },
  { status: 429, code: 'RATE_LIMITED', meaning: 'Quá nhiều yêu cầu' },
  { status: 500, code: 'INTERNAL_ERROR', meaning: 'Lỗi hệ thống; xem mã yêu cầu trong nhật ký' },
] as const;
