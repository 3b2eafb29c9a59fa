/**
 * Public holidays 2025–2027 seeded into feedback_holidays (non-working days for deadlines).
 * Administrators maintain the table through /api/v1/feedback/holidays; the seed only adds days
 * that are missing and never overwrites an administrator's edit.
 *
 * Sources and reasoning:
 * - Labour Code 2019 (45/2019/QH14) art. 112: 1/1; Tết 5 days; Giỗ Tổ Hùng Vương 10/3 lunar;
 *   30/4; 1/5; 2/9 plus one adjacent day (1/9 or 3/9). A holiday on a weekend is taken on the
 *   following working day.
 * - Tết 2025 (Ất Tỵ, mùng 1 = 29/01/2025): 25/01–02/02/2025, Prime Minister's instruction on the
 *   2025 holiday schedule (Công văn of the Ministry of Home Affairs, 2024).
 * - Tết 2026 (Bính Ngọ, mùng 1 = 17/02/2026): Saturday 14/02 (27 Chạp) to Sunday 22/02/2026
 *   (mùng 6), 9 days, per the Government's decision on the 2026 Tết schedule.
 * - Tết 2027 (Đinh Mùi, mùng 1 = Saturday 06/02/2027, new moon 06/02/2027 22:56 UTC+7): no
 *   decision was available to us; the days follow art. 112 applied to the lunar calendar —
 *   29 Chạp (Fri 05/02) to mùng 4 (Tue 09/02), with Saturday and Sunday made up on Wed 10/02 and
 *   Thu 11/02. An administrator should align it with the Government's decision when issued.
 * - Giỗ Tổ 10/3 lunar: Mon 07/04/2025; Sun 26/04/2026 → taken Mon 27/04/2026; Fri 16/04/2027.
 * - 30/4 and 1/5: 2025 Wed–Thu, with Fri 02/05 swapped (worked on Sat 26/04); 2026 Thu–Fri;
 *   2027 Fri–Sat → Saturday taken Mon 03/05/2027.
 * - 2/9: 2025 Mon 01/09 and Tue 02/09; 2026 Wed 02/09 and Thu 03/09; 2027 Thu 02/09 and Fri 03/09.
 */
export const SEED_HOLIDAYS: { day: string; name: string }[] = [
  { day: '2025-01-01', name: 'Tết Dương lịch' },
  ...range('2025-01-25', '2025-02-02', 'Tết Nguyên đán Ất Tỵ'),
  { day: '2025-04-07', name: 'Giỗ Tổ Hùng Vương' },
  { day: '2025-04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước' },
  { day: '2025-05-01', name: 'Ngày Quốc tế Lao động' },
  { day: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4)' },
  { day: '2025-09-01', name: 'Quốc khánh (ngày liền kề)' },
  { day: '2025-09-02', name: 'Quốc khánh' },
  { day: '2026-01-01', name: 'Tết Dương lịch' },
  ...range('2026-02-14', '2026-02-22', 'Tết Nguyên đán Bính Ngọ'),
  { day: '2026-04-27', name: 'Giỗ Tổ Hùng Vương (nghỉ bù ngày 26/4)' },
  { day: '2026-04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước' },
  { day: '2026-05-01', name: 'Ngày Quốc tế Lao động' },
  { day: '2026-09-02', name: 'Quốc khánh' },
  { day: '2026-09-03', name: 'Quốc khánh (ngày liền kề)' },
  { day: '2027-01-01', name: 'Tết Dương lịch' },
  ...range('2027-02-05', '2027-02-11', 'Tết Nguyên đán Đinh Mùi'),
  { day: '2027-04-16', name: 'Giỗ Tổ Hùng Vương' },
  { day: '2027-04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước' },
  { day: '2027-05-03', name: 'Ngày Quốc tế Lao động (nghỉ bù ngày 1/5)' },
  { day: '2027-09-02', name: 'Quốc khánh' },
  { day: '2027-09-03', name: 'Quốc khánh (ngày liền kề)' },
];

function range(from: string, to: string, name: string): { day: string; name: string }[] {
  const out: { day: string; name: string }[] = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    out.push({ day: d.toISOString().slice(0, 10), name });
  }
  return out;
}

/** The seeded calendar as a set, for unit tests and callers without a database. */
export const SEED_HOLIDAY_SET: ReadonlySet<string> = new Set(SEED_HOLIDAYS.map((h) => h.day));
