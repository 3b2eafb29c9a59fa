/** Talks to the JSON API: sends the CSRF token, turns error bodies into ApiError. */

let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/**
 * Names people see for the API's field paths. A path is looked up whole ("petitioner.phone"),
 * then by its last part ("phone"); applications add theirs with registerFieldLabels().
 */
const fieldLabels = new Map<string, string>(
  Object.entries({
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    currentPassword: 'Mật khẩu hiện tại',
    newPassword: 'Mật khẩu mới',
    totp: 'Mã xác thực',
    code: 'Mã',
    fullName: 'Họ và tên',
    'petitioner.name': 'Họ và tên',
    phone: 'Số điện thoại',
    email: 'Thư điện tử',
    idNumber: 'Số định danh cá nhân',
    address: 'Địa chỉ',
    title: 'Tiêu đề',
    content: 'Nội dung',
    unitCode: 'Đơn vị',
    provinceCode: 'Tỉnh, thành phố',
    communeCode: 'Xã, phường',
    lat: 'Vĩ độ',
    lng: 'Kinh độ',
    file: 'Tệp',
    attachments: 'Tệp đính kèm',
  }),
);

export function registerFieldLabels(labels: Record<string, string>): void {
  for (const [path, label] of Object.entries(labels)) fieldLabels.set(path, label);
}

/** The label of an API field path, or undefined when none is known. */
export function fieldLabel(path: string): string | undefined {
  return fieldLabels.get(path) ?? fieldLabels.get(path.split('.').pop() ?? path);
}

const FIELD_PREFIX = /^Trường «([^»]+)»: /;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export class ApiError extends Error {
  /**
   * The server's message for the field alone ("Không được để trống."), to show next to an
   * input that already carries its label; the whole message otherwise.
   */
  readonly fieldMessage: string;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly requestId?: string,
  ) {
    const named = FIELD_PREFIX.exec(message);
    const rest = named ? message.slice(named[0].length) : message;
    const label = named ? fieldLabel(named[1] ?? '') : undefined;
    // "Trường «petitioner.phone»: …" becomes "Số điện thoại: …" wherever a label is known.
    super(named && label ? `${label}: ${rest}` : message);
    this.fieldMessage = named ? capitalise(rest) : message;
  }
}

type Options = { method?: string; json?: unknown; body?: BodyInit; signal?: AbortSignal };

export async function api<T>(path: string, options: Options = {}): Promise<T> {
  const method = options.method ?? (options.json !== undefined || options.body ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Không kết nối được máy chủ. Hãy kiểm tra mạng và thử lại.');
  }
  const text = await response.text();
  const data: unknown =
    text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!response.ok) {
    const error = (
      data as { error?: { code: string; message: string; field?: string; requestId?: string } }
    )?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'HTTP_ERROR',
      error?.message ?? `Lỗi máy chủ (${response.status}).`,
      error?.field,
      error?.requestId,
    );
  }
  return data as T;
}

/** Builds a query string from defined values. */
export function query(
  params: Record<string, string | number | boolean | undefined | null>,
): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}
