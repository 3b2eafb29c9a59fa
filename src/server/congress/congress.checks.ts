import { errors } from '../platform/http/errors';
import {
  RESULT_LABELS,
  STEP_KEYS,
  STEP_LABELS,
  STEP_RANK,
  type ResultField,
  type RoundTargets,
  type StepKey,
} from './congress.constants';
import type { CongressRound } from './congress.tables';

export type ResultValues = Record<ResultField, number> & { chairElected: boolean };

/** A result that misses a target: shown to the user, never a refusal. */
export type ResultWarning = { code: string; field: string; message: string };

/** Parts that may never exceed a whole: [part, whole]. */
const PARTS: [ResultField, ResultField][] = [
  ['delegatesPresent', 'delegatesOfficial'],
  ['women', 'committeeMembers'],
  ['ethnicMinority', 'committeeMembers'],
  ['religious', 'committeeMembers'],
  ['nonParty', 'committeeMembers'],
  ['under35', 'committeeMembers'],
  ['reelected', 'committeeMembers'],
  ['newMembers', 'committeeMembers'],
  ['communeChairs', 'committeeMembers'],
  ['standingBoard', 'committeeMembers'],
];

const percent = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/**
 * Refuses results whose parts exceed their whole (400 naming the field, in Vietnamese). Returns
 * nothing; throws on the first fault found.
 */
export function assertResultsConsistent(r: ResultValues): void {
  for (const [part, whole] of PARTS) {
    if (r[part] > r[whole]) {
      throw errors.validation(
        part,
        `${RESULT_LABELS[part]} (${r[part]}) không được lớn hơn ${RESULT_LABELS[whole].toLowerCase()} (${r[whole]}).`,
      );
    }
  }
  if (r.reelected + r.newMembers > r.committeeMembers) {
    throw errors.validation(
      'newMembers',
      `tổng số ủy viên tái cử và ủy viên mới (${r.reelected + r.newMembers}) không được lớn hơn số ủy viên (${r.committeeMembers}).`,
    );
  }
  const leaders = r.viceChairsFullTime + r.viceChairsPartTime + (r.chairElected ? 1 : 0);
  if (leaders > r.standingBoard) {
    throw errors.validation(
      'viceChairsFullTime',
      `Chủ tịch và các Phó Chủ tịch (${leaders}) không được nhiều hơn số thành viên Ban Thường trực (${r.standingBoard}).`,
    );
  }
}

const RATIO_TARGETS: [keyof RoundTargets, ResultField, string][] = [
  ['womenMin', 'women', 'nữ'],
  ['under35Min', 'under35', 'dưới 35 tuổi'],
  ['nonPartyMin', 'nonParty', 'ngoài Đảng'],
  ['ethnicMinorityMin', 'ethnicMinority', 'dân tộc thiểu số'],
  ['religiousMin', 'religious', 'tôn giáo'],
  ['newMembersMin', 'newMembers', 'ủy viên mới'],
];

/**
 * Ratios against the round's targets. For a province committee, commune chairs on it below the
 * required share of its communes is a warning too: the congress has happened and its result must be
 * recordable as it is; the dashboard shows the shortfall instead.
 */
export function resultWarnings(
  r: ResultValues,
  targets: RoundTargets,
  communeCount: number | null,
): ResultWarning[] {
  const warnings: ResultWarning[] = [];
  if (r.committeeMembers > 0) {
    for (const [target, field, label] of RATIO_TARGETS) {
      const min = targets[target];
      if (typeof min !== 'number') continue;
      const ratio = r[field] / r.committeeMembers;
      if (ratio + 1e-9 < min) {
        warnings.push({
          code: `${field.toUpperCase()}_BELOW_TARGET`,
          field,
          message: `Tỷ lệ ủy viên ${label} ${percent.format(ratio * 100)}% thấp hơn chỉ tiêu ${percent.format(min * 100)}%.`,
        });
      }
    }
  }
  const share = targets.communeChairsMinShare;
  if (communeCount !== null && typeof share === 'number') {
    const needed = Math.ceil(communeCount * share);
    if (r.communeChairs < needed) {
      warnings.push({
        code: 'COMMUNE_CHAIRS_BELOW_TARGET',
        field: 'communeChairs',
        message: `Ủy ban có ${r.communeChairs} Chủ tịch MTTQ cấp xã, cần ít nhất ${needed} (một nửa trong ${communeCount} xã, phường, đặc khu).`,
      });
    }
  }
  return warnings;
}

/** Years after the round's deadline within which a planned date is still believable. */
export const PLANNED_YEARS_AFTER_DEADLINE = 2;

const vnDate = (iso: string) => iso.split('-').reverse().join('/');

/**
 * The range of believable planned dates of a round: from the first day of its term's first year
 * (a term '2025–2030' begins in 2025) to a few years after its deadline.
 */
export function plannedDateRange(round: Pick<CongressRound, 'term' | 'deadline'>): {
  from: string | null;
  to: string;
} {
  const start = /^\d{4}/.exec(round.term)?.[0];
  const [year, rest] = [round.deadline.slice(0, 4), round.deadline.slice(4)];
  const to = `${Number(year) + PLANNED_YEARS_AFTER_DEADLINE}${rest === '-02-29' ? '-02-28' : rest}`;
  return { from: start ? `${start}-01-01` : null, to };
}

/** Refuses a planned date before the round's term or years after its deadline (400 plannedDate). */
export function assertPlannedDateInRange(
  plannedDate: string,
  round: Pick<CongressRound, 'term' | 'deadline'>,
): void {
  const { from, to } = plannedDateRange(round);
  if ((from && plannedDate < from) || plannedDate > to) {
    throw errors.validation(
      'plannedDate',
      `ngày dự kiến ${vnDate(plannedDate)} nằm ngoài khoảng hợp lý của kỳ đại hội nhiệm kỳ ${round.term} (${from ? `từ ${vnDate(from)} ` : ''}đến ${vnDate(to)}, thời hạn ${vnDate(round.deadline)}).`,
    );
  }
}

/**
 * Why a step may not carry this date, or null: a date after today (in Asia/Ho_Chi_Minh), or out of
 * order with the steps already recorded (see STEP_RANK). The message names the other step.
 */
export function stepDateProblem(
  step: StepKey,
  doneOn: string,
  recorded: readonly { step: StepKey; doneOn: string }[],
  today: string,
): string | null {
  if (doneOn > today)
    return `ngày ${vnDate(doneOn)} chưa đến (hôm nay là ${vnDate(today)}); chỉ ghi nhận bước đã thực hiện.`;
  const rank = STEP_RANK[step];
  for (const other of recorded) {
    if (other.step === step) continue;
    const label = STEP_LABELS[other.step];
    if (STEP_RANK[other.step] < rank && doneOn < other.doneOn)
      return `ngày ${vnDate(doneOn)} không được trước ngày của bước «${label}» (${vnDate(other.doneOn)}).`;
    if (STEP_RANK[other.step] > rank && doneOn > other.doneOn)
      return `ngày ${vnDate(doneOn)} không được sau ngày của bước «${label}» (${vnDate(other.doneOn)}).`;
  }
  return null;
}

/**
 * Earlier steps not yet recorded when a step is: a warning, not a refusal, since units often
 * record the preparation late. Steps that truly need the one before are refused elsewhere
 * (STEP_PREREQUISITES).
 */
export function missingEarlierSteps(
  step: StepKey,
  recorded: readonly { step: StepKey }[],
): ResultWarning[] {
  const missing = STEP_KEYS.filter(
    (k) => STEP_RANK[k] < STEP_RANK[step] && !recorded.some((s) => s.step === k),
  );
  if (missing.length === 0) return [];
  return [
    {
      code: 'EARLIER_STEPS_MISSING',
      field: 'step',
      message: `Chưa ghi nhận ${missing.length === 1 ? 'bước' : 'các bước'} ${missing.map((k) => `«${STEP_LABELS[k]}»`).join(', ')}; hãy bổ sung khi có.`,
    },
  ];
}
