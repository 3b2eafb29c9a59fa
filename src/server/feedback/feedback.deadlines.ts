import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Deadline arithmetic in working days, in Asia/Ho_Chi_Minh. Pure functions: the holiday calendar
 * is passed in as a set of local dates ('YYYY-MM-DD').
 */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type CaseType = 'phan_anh' | 'kien_nghi' | 'khieu_nai' | 'to_cao';
export type Step = 'accept' | 'forward' | 'resolve';

/** Working days allowed per type and step; `resolveComplex` applies to cases marked complex. */
export type DeadlineRule = {
  accept: number;
  forward: number;
  resolve: number;
  resolveComplex: number;
};
export type DeadlineRules = Record<CaseType, DeadlineRule>;

/**
 * Defaults from PRODUCT.md §2, kept as configuration (feedback_settings 'deadlines'):
 * complaints accepted within 10 days and resolved within 30 (45 when complex; Law on Complaints
 * 2011 art. 27-28); denunciations checked within 7 working days, forwarded within 5 if not ours,
 * resolved within 30 (extendable once by 30; Law on Denunciations 2018 art. 29-30). Reports and
 * recommendations (phản ánh, kiến nghị) have no statutory term; 5 and 15 working days are the
 * platform's choice until an administrator sets others.
 */
export const DEFAULT_DEADLINES: DeadlineRules = {
  phan_anh: { accept: 5, forward: 5, resolve: 15, resolveComplex: 30 },
  kien_nghi: { accept: 5, forward: 5, resolve: 15, resolveComplex: 30 },
  khieu_nai: { accept: 10, forward: 5, resolve: 30, resolveComplex: 45 },
  to_cao: { accept: 7, forward: 5, resolve: 30, resolveComplex: 60 },
};

/** The local calendar date ('YYYY-MM-DD') of an instant: a case received Friday 23:30 is Friday's. */
export function localDay(instant: Date): string {
  return dayjs(instant).tz(TIME_ZONE).format('YYYY-MM-DD');
}

function nextDay(day: string): string {
  return dayjs.utc(day).add(1, 'day').format('YYYY-MM-DD');
}

/** A working day is Monday to Friday and not a holiday. */
export function isWorkingDay(day: string, holidays: ReadonlySet<string>): boolean {
  const weekday = dayjs.utc(day).day();
  return weekday !== 0 && weekday !== 6 && !holidays.has(day);
}

/**
 * The last moment (23:59:59.999 local) of the `days`-th working day after the day of receipt.
 * The day of receipt itself is not counted, whatever hour the case arrived.
 */
export function addWorkingDays(
  receivedAt: Date,
  days: number,
  holidays: ReadonlySet<string>,
): Date {
  let day = localDay(receivedAt);
  let counted = 0;
  while (counted < days) {
    day = nextDay(day);
    if (isWorkingDay(day, holidays)) counted += 1;
  }
  return endOfLocalDay(day);
}

/** 23:59:59.999 of a local date, as an instant. */
export function endOfLocalDay(day: string): Date {
  return dayjs.tz(`${day} 23:59:59.999`, TIME_ZONE).toDate();
}

/** Working days after `from`'s local day up to and including `to`'s local day (0 if not after). */
export function workingDaysBetween(from: Date, to: Date, holidays: ReadonlySet<string>): number {
  let day = localDay(from);
  const last = localDay(to);
  let count = 0;
  while (day < last) {
    day = nextDay(day);
    if (isWorkingDay(day, holidays)) count += 1;
  }
  return count;
}

export type DueState = 'overdue' | 'due_soon' | 'on_track' | 'none';

/** Overdue when past the due moment; due soon when it falls within the next 2 working days. */
export function dueState(dueAt: Date | null, now: Date, holidays: ReadonlySet<string>): DueState {
  if (!dueAt) return 'none';
  if (now.getTime() > dueAt.getTime()) return 'overdue';
  return workingDaysBetween(now, dueAt, holidays) <= 2 ? 'due_soon' : 'on_track';
}

/** The due moment of a step for a case type received at `from`. */
export function dueFor(
  rules: DeadlineRules,
  type: CaseType,
  step: Step,
  from: Date,
  holidays: ReadonlySet<string>,
  complex = false,
): Date {
  const rule = rules[type];
  const days = step === 'resolve' && complex ? rule.resolveComplex : rule[step];
  return addWorkingDays(from, days, holidays);
}
