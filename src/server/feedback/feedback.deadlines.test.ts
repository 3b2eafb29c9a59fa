import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINES,
  addWorkingDays,
  dueFor,
  dueState,
  isWorkingDay,
  localDay,
  workingDaysBetween,
} from './feedback.deadlines';
import { SEED_HOLIDAY_SET } from './feedback.holidays';

const holidays = SEED_HOLIDAY_SET;
/** An instant given in Vietnam's local time (UTC+7, no daylight saving). */
const local = (text: string) => new Date(`${text}+07:00`);

describe('working days in Asia/Ho_Chi_Minh', () => {
  it('skips a weekend', () => {
    // Thursday 5 March 2026 + 3 working days: Fri 6, Mon 9, Tue 10.
    expect(localDay(addWorkingDays(local('2026-03-05T10:00:00'), 3, holidays))).toBe('2026-03-10');
  });

  it('ends at 23:59:59.999 local time of the last day', () => {
    expect(addWorkingDays(local('2026-03-05T10:00:00'), 1, holidays).toISOString()).toBe(
      '2026-03-06T16:59:59.999Z',
    );
  });

  it('skips Tết 2026 (14–22/02/2026)', () => {
    // Friday 13 Feb 2026 + 1 working day: Monday 23 Feb, after the 9-day holiday.
    expect(localDay(addWorkingDays(local('2026-02-13T09:00:00'), 1, holidays))).toBe('2026-02-23');
    // Thursday 12 Feb + 5: Fri 13, Mon 23, Tue 24, Wed 25, Thu 26.
    expect(localDay(addWorkingDays(local('2026-02-12T09:00:00'), 5, holidays))).toBe('2026-02-26');
    expect(isWorkingDay('2026-02-18', holidays)).toBe(false);
  });

  it('skips Tết 2027 (05–11/02/2027)', () => {
    // Thursday 4 Feb 2027 + 2: Fri 5 … Thu 11 are holidays, so Fri 12 and Mon 15.
    expect(localDay(addWorkingDays(local('2027-02-04T15:00:00'), 2, holidays))).toBe('2027-02-15');
    expect(isWorkingDay('2027-02-10', holidays)).toBe(false);
    expect(isWorkingDay('2027-02-12', holidays)).toBe(true);
  });

  it('counts a case received at 23:30 on Friday local time from that Friday', () => {
    const friday = local('2026-03-06T23:30:00');
    expect(friday.toISOString()).toBe('2026-03-06T16:30:00.000Z');
    expect(localDay(friday)).toBe('2026-03-06');
    expect(localDay(addWorkingDays(friday, 1, holidays))).toBe('2026-03-09');
    expect(localDay(addWorkingDays(friday, 2, holidays))).toBe('2026-03-10');
  });

  it('counts a case received at 00:30 Monday local time (Sunday in UTC) from Monday', () => {
    const monday = local('2026-03-09T00:30:00');
    expect(monday.getUTCDay()).toBe(0);
    expect(localDay(addWorkingDays(monday, 1, holidays))).toBe('2026-03-10');
  });

  it('skips 30/4, 1/5 and 2/9 with the adjacent day', () => {
    expect(localDay(addWorkingDays(local('2026-04-29T08:00:00'), 1, holidays))).toBe('2026-05-04');
    expect(localDay(addWorkingDays(local('2026-09-01T08:00:00'), 1, holidays))).toBe('2026-09-04');
    expect(isWorkingDay('2026-04-27', holidays)).toBe(false);
  });

  it('applies the default rules per type and step', () => {
    const received = local('2026-03-02T08:00:00');
    expect(localDay(dueFor(DEFAULT_DEADLINES, 'khieu_nai', 'accept', received, holidays))).toBe(
      '2026-03-16',
    );
    expect(localDay(dueFor(DEFAULT_DEADLINES, 'to_cao', 'accept', received, holidays))).toBe(
      '2026-03-11',
    );
    const simple = dueFor(DEFAULT_DEADLINES, 'khieu_nai', 'resolve', received, holidays);
    const complex = dueFor(DEFAULT_DEADLINES, 'khieu_nai', 'resolve', received, holidays, true);
    expect(workingDaysBetween(received, simple, holidays)).toBe(30);
    expect(workingDaysBetween(received, complex, holidays)).toBe(45);
  });

  it('flags overdue and due within 2 working days', () => {
    const due = addWorkingDays(local('2026-03-02T08:00:00'), 5, holidays); // Mon 9 March
    expect(dueState(due, local('2026-03-10T08:00:00'), holidays)).toBe('overdue');
    expect(dueState(due, local('2026-03-06T08:00:00'), holidays)).toBe('due_soon');
    expect(dueState(due, local('2026-03-03T08:00:00'), holidays)).toBe('on_track');
    expect(dueState(null, local('2026-03-03T08:00:00'), holidays)).toBe('none');
  });
});
