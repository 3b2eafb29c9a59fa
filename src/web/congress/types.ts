/** Shapes of the congress API as the screens use them. */

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

export const STEP_SHORT: Record<StepKey, string> = {
  plan_issued: 'Kế hoạch',
  documents_drafted: 'Văn kiện',
  personnel_party: 'Nhân sự (cấp ủy)',
  personnel_front: 'Nhân sự (MTTQ cấp trên)',
  congress_held: 'Đã đại hội',
  first_meeting: 'Hội nghị lần thứ nhất',
  results_reported: 'Đã báo cáo',
  results_verified: 'Đã xác nhận',
};

export const LATE_KINDS = [
  'noDate',
  'afterDeadline',
  'heldNotReported',
  'reportedNotVerified',
] as const;
export type LateKind = (typeof LATE_KINDS)[number];
export const LATE_LABELS: Record<LateKind, string> = {
  noDate: 'Chưa có ngày đại hội',
  afterDeadline: 'Ngày đại hội sau thời hạn',
  heldNotReported: 'Đã đại hội, chưa báo cáo',
  reportedNotVerified: 'Đã báo cáo, chưa xác nhận',
};

export type Structure = {
  committeeMembers: number;
  women: number;
  ethnicMinority: number;
  religious: number;
  nonParty: number;
  under35: number;
  reelected: number;
  newMembers: number;
};

export type Progress = {
  code: string;
  name: string;
  done: number;
  total: number;
  late: number;
  percent: number;
  byStep: Record<StepKey, number>;
  lateByKind: Record<LateKind, number>;
  structure: Structure;
};

export type CommuneProgress = Progress & {
  plannedDate: string | null;
  heldOn: string | null;
  pilot: boolean;
  lastStep: StepKey | null;
  lateKinds: LateKind[];
  provinceCode?: string;
  provinceName?: string;
};

/** The rounds tracked on the dashboard: the communes' congresses, or the provinces' own. */
export type RoundLevel = 'commune' | 'province';

export const ROUND_TIERS: Record<RoundLevel, string> = { commune: 'cấp xã', province: 'cấp tỉnh' };

export type Round = { id: number; level: string; ordinal: string; term: string; deadline: string };

export type ProgressResponse<T extends Progress = Progress> = {
  round: Round;
  items: T[];
  national: Progress;
  parent?: Progress | null;
};

export type StepView = {
  key: StepKey;
  label: string;
  done: boolean;
  date: string | null;
  actorName: string | null;
  actorUnitCode: string | null;
  actorUnitName: string | null;
  note: string | null;
  /** The user's level recorded the step, or is above it: may undo it and attach documents. */
  canUndo: boolean;
  attachments: { key: string; name: string; size: number }[];
};

export const RESULT_FIELDS = [
  ['delegatesOfficial', 'Đại biểu chính thức'],
  ['delegatesPresent', 'Đại biểu có mặt'],
  ['guests', 'Khách mời'],
  ['committeeMembers', 'Ủy viên được hiệp thương cử'],
  ['women', 'Ủy viên nữ'],
  ['ethnicMinority', 'Ủy viên dân tộc thiểu số'],
  ['religious', 'Ủy viên tôn giáo'],
  ['nonParty', 'Ủy viên ngoài Đảng'],
  ['under35', 'Ủy viên dưới 35 tuổi'],
  ['reelected', 'Ủy viên tái cử'],
  ['newMembers', 'Ủy viên mới'],
  ['communeChairs', 'Chủ tịch MTTQ cấp xã trong Ủy ban'],
  ['standingBoard', 'Ban Thường trực'],
  ['viceChairsFullTime', 'Phó Chủ tịch chuyên trách'],
  ['viceChairsPartTime', 'Phó Chủ tịch không chuyên trách'],
  ['vacancies', 'Số còn khuyết'],
  ['delegationOfficial', 'Đại biểu chính thức dự đại hội cấp trên'],
  ['delegationAlternates', 'Đại biểu dự khuyết dự đại hội cấp trên'],
] as const;
export type ResultField = (typeof RESULT_FIELDS)[number][0];
export type Results = Record<ResultField, number> & { chairElected: boolean };

export type UnitCard = {
  unit: {
    code: string;
    name: string;
    level: 'central' | 'province' | 'commune';
    parentCode: string | null;
  };
  round: Round;
  version: number;
  plannedDate: string | null;
  venue: string | null;
  pilot: boolean;
  communeCount: number | null;
  steps: StepView[];
  verified: boolean;
  can: { edit: boolean; approve: boolean; reopen: boolean };
  results: Results | null;
  warnings?: { code: string; field: string; message: string }[];
};
