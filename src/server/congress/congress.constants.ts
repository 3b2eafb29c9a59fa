/** Steps, result fields and their Vietnamese labels, shared by the server and its tests. */

export const STEP_KEYS = [
  'plan_issued',
  'documents_drafted',
  'personnel_party',
  'personnel_front',
  'congress_held',
  'first_meeting',
  'results_reported',
  'results_verified',
] as const;
export type StepKey = (typeof STEP_KEYS)[number];

export const STEP_LABELS: Record<StepKey, string> = {
  plan_issued: 'Ban hành kế hoạch',
  documents_drafted: 'Xây dựng dự thảo văn kiện',
  personnel_party: 'Đề án nhân sự được cấp ủy cùng cấp thông qua',
  personnel_front: 'Đề án nhân sự được Ủy ban MTTQ cấp trên thống nhất',
  congress_held: 'Tổ chức đại hội',
  first_meeting: 'Hội nghị lần thứ nhất Ủy ban khóa mới',
  results_reported: 'Báo cáo kết quả đại hội',
  results_verified: 'Cấp trên xác nhận kết quả',
};

/** Steps that only the level above the unit may record (and undo). */
export const UPPER_LEVEL_STEPS: readonly StepKey[] = ['personnel_front', 'results_verified'];

/** What each step needs to have been recorded before it. */
export const STEP_PREREQUISITES: Partial<Record<StepKey, StepKey>> = {
  first_meeting: 'congress_held',
  results_reported: 'congress_held',
  results_verified: 'results_reported',
};

/**
 * The order of the steps in time: a step is not dated before a recorded step of a lower rank, nor
 * after one of a higher rank. Steps of the same rank (the documents and the two personnel
 * approvals; the first meeting and the report) happen in any order.
 */
export const STEP_RANK: Record<StepKey, number> = {
  plan_issued: 0,
  documents_drafted: 1,
  personnel_party: 1,
  personnel_front: 1,
  congress_held: 2,
  first_meeting: 3,
  results_reported: 3,
  results_verified: 4,
};

export type StepAttachment = { key: string; name: string; size: number; contentType: string };

/**
 * Target rules of a round. Ratios are shares of the committee members; the defaults seeded are
 * configuration (unverified against the Front's guidance), editable as data.
 */
export type RoundTargets = {
  womenMin?: number;
  under35Min?: number;
  nonPartyMin?: number;
  ethnicMinorityMin?: number;
  religiousMin?: number;
  newMembersMin?: number;
  /** Province committees: commune chairs on the committee ≥ this share of the province's communes. */
  communeChairsMinShare?: number;
  /** Days after the congress within which results must be reported before the unit counts late. */
  reportWithinDays?: number;
  /** Days after the report within which the level above must verify. */
  verifyWithinDays?: number;
};

export const RESULT_FIELDS = [
  'delegatesOfficial',
  'delegatesPresent',
  'guests',
  'committeeMembers',
  'women',
  'ethnicMinority',
  'religious',
  'nonParty',
  'under35',
  'reelected',
  'newMembers',
  'communeChairs',
  'standingBoard',
  'viceChairsFullTime',
  'viceChairsPartTime',
  'vacancies',
  'delegationOfficial',
  'delegationAlternates',
] as const;
export type ResultField = (typeof RESULT_FIELDS)[number];

export const RESULT_LABELS: Record<ResultField | 'chairElected', string> = {
  delegatesOfficial: 'Đại biểu chính thức',
  delegatesPresent: 'Đại biểu có mặt',
  guests: 'Khách mời',
  committeeMembers: 'Ủy viên được hiệp thương cử',
  women: 'Ủy viên nữ',
  ethnicMinority: 'Ủy viên dân tộc thiểu số',
  religious: 'Ủy viên tôn giáo',
  nonParty: 'Ủy viên ngoài Đảng',
  under35: 'Ủy viên dưới 35 tuổi',
  reelected: 'Ủy viên tái cử',
  newMembers: 'Ủy viên mới',
  communeChairs: 'Chủ tịch MTTQ cấp xã trong Ủy ban',
  standingBoard: 'Ban Thường trực',
  chairElected: 'Đã cử Chủ tịch',
  viceChairsFullTime: 'Phó Chủ tịch chuyên trách',
  viceChairsPartTime: 'Phó Chủ tịch không chuyên trách',
  vacancies: 'Số còn khuyết',
  delegationOfficial: 'Đại biểu chính thức đi dự đại hội cấp trên',
  delegationAlternates: 'Đại biểu dự khuyết đi dự đại hội cấp trên',
};

/** Structure fields rolled up as sums of people. */
export const STRUCTURE_FIELDS = [
  'committeeMembers',
  'women',
  'ethnicMinority',
  'religious',
  'nonParty',
  'under35',
  'reelected',
  'newMembers',
] as const;

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const localDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date of an instant in Asia/Ho_Chi_Minh, as 'YYYY-MM-DD'. */
export function localDate(instant: Date = new Date()): string {
  return localDay.format(instant);
}
