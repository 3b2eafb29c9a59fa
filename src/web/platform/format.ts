/** Vietnamese formats: dates dd/mm/yyyy in Asia/Ho_Chi_Minh, numbers in vi-VN. */

const TZ = 'Asia/Ho_Chi_Minh';
const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TZ,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TZ,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const numberFormat = new Intl.NumberFormat('vi-VN');

/** "2025-10-31" (a calendar date) or an instant → "31/10/2025", the same in every browser zone. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}/${m}/${y}`;
  }
  return dateFormat.format(new Date(value));
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return `${timeFormat.format(date)} ${dateFormat.format(date)}`;
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : numberFormat.format(value);
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value)}%`;
}

export const ROLE_LABELS: Record<string, string> = {
  admin: 'Quản trị',
  leader: 'Lãnh đạo',
  cadre: 'Cán bộ',
  viewer: 'Xem',
};
