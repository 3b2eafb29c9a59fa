/** Parsing and checks of the intake form's optional fields, before anything is sent. */
import { mapPointProblem } from '@common/geo/vietnam';

const TZ = 'Asia/Ho_Chi_Minh';

export type FieldProblem = { field: string; message: string };

/** "16,0678" or "16.0678" → 16.0678; '' → null; anything else → NaN. */
export function parseCoordinate(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  return /^-?\d{1,3}(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const coordinate = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 6 });
/** 16.0544 → "16,0544". */
export const formatCoordinate = (value: number) => coordinate.format(value);

const COORDINATE_LABELS = { lat: 'Vĩ độ', lng: 'Kinh độ' } as const;
const COORDINATE_EXAMPLES = { lat: '16,0678', lng: '108,2208' } as const;

/** Shortest title and content the API accepts (feedback.schema.ts MIN_TITLE, MIN_CONTENT). */
export const MIN_TITLE = 5;
export const MIN_CONTENT = 10;

/** The title's or content's problem before sending, in the words the form shows. */
export function textLengthError(title: string, content: string): FieldProblem | null {
  if ([...title.trim()].length < MIN_TITLE)
    return { field: 'title', message: `Tiêu đề cần ít nhất ${MIN_TITLE} ký tự.` };
  if ([...content.trim()].length < MIN_CONTENT)
    return { field: 'content', message: `Nội dung cần ít nhất ${MIN_CONTENT} ký tự.` };
  return null;
}

/** The map point's problem, in the words the form shows next to the input. */
export function mapPointError(latText: string, lngText: string): FieldProblem | null {
  const lat = parseCoordinate(latText);
  const lng = parseCoordinate(lngText);
  for (const [field, value] of [
    ['lat', lat],
    ['lng', lng],
  ] as const) {
    if (value !== null && Number.isNaN(value))
      return {
        field,
        message: `${COORDINATE_LABELS[field]}: nhập số thập phân, ví dụ ${COORDINATE_EXAMPLES[field]}.`,
      };
  }
  // The shared messages already name the coordinate ("vĩ độ phải nằm…").
  const problem = mapPointProblem(lat, lng);
  if (!problem) return null;
  const message = problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
  return { field: problem.field, message };
}

/** Today in Asia/Ho_Chi_Minh as 'YYYY-MM-DD', whatever the browser's zone. */
export function todayLocal(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(now);
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'. */
export function toLocalDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** 'dd/mm/yyyy' (or d/m/yyyy) → 'YYYY-MM-DD', or null when it is not a real calendar date. */
export function parseLocalDate(text: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [, d = '', m = '', y = ''] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1) return null;
  if (date.getUTCDate() !== Number(d)) return null;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/**
 * The date of receipt typed by a cadre → the instant the API takes: today is sent as nothing (the
 * server stamps the moment), an earlier day as its start in Vietnam's time.
 */
export function receivedAtFor(text: string): { value?: string; problem?: FieldProblem } {
  const day = parseLocalDate(text);
  if (!day)
    return {
      problem: { field: 'receivedAt', message: 'Ngày tiếp nhận: nhập theo dạng dd/mm/yyyy.' },
    };
  const today = todayLocal();
  if (day > today)
    return {
      problem: { field: 'receivedAt', message: 'Ngày tiếp nhận: không được sau ngày hôm nay.' },
    };
  return day === today ? {} : { value: `${day}T00:00:00+07:00` };
}
