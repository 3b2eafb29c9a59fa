/**
 * The life of a case as a guarded state machine: which action may move a case from which state,
 * who may take it and what it must carry. Pure: no database, no clock except the one passed in.
 * Unit checks (is this cadre a handler of the case?) live in feedback.policy.ts.
 */

export const STATUSES = [
  'received',
  'classified',
  'accepted',
  'returned',
  'rejected',
  'assigned',
  'forwarded',
  'in_progress',
  'paused',
  'answer_drafted',
  'answered',
  'rated',
  'closed',
  'reopened',
  'merged',
  'withdrawn',
  'hidden',
] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  received: 'Đã tiếp nhận',
  classified: 'Đã phân loại',
  accepted: 'Đã thụ lý',
  returned: 'Trả lại, hướng dẫn',
  rejected: 'Không thụ lý',
  assigned: 'Đã giao xử lý',
  forwarded: 'Đã chuyển',
  in_progress: 'Đang xử lý',
  paused: 'Tạm dừng',
  answer_drafted: 'Đã dự thảo trả lời',
  answered: 'Đã trả lời',
  rated: 'Đã đánh giá',
  closed: 'Đã đóng',
  reopened: 'Mở lại',
  merged: 'Đã gộp',
  withdrawn: 'Đã rút',
  hidden: 'Đã ẩn',
};

export const ACTIONS = [
  'classify',
  'accept',
  'return_guidance',
  'reject',
  'assign',
  'forward',
  'receive_forward',
  'decline_forward',
  'start',
  'extend',
  'pause',
  'resume',
  'draft_answer',
  'publish',
  'rate',
  'close',
  'reopen',
  'merge',
  'withdraw',
  'hide',
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<Action, string> = {
  classify: 'Phân loại',
  accept: 'Thụ lý',
  return_guidance: 'Trả lại và hướng dẫn',
  reject: 'Không thụ lý',
  assign: 'Giao xử lý',
  forward: 'Chuyển',
  receive_forward: 'Nhận hồ sơ chuyển đến',
  decline_forward: 'Trả lại hồ sơ chuyển đến',
  start: 'Bắt đầu xử lý',
  extend: 'Gia hạn',
  pause: 'Tạm dừng',
  resume: 'Tiếp tục',
  draft_answer: 'Dự thảo trả lời',
  publish: 'Công bố trả lời',
  rate: 'Đánh giá',
  close: 'Đóng',
  reopen: 'Mở lại',
  merge: 'Gộp vào hồ sơ khác',
  withdraw: 'Rút',
  hide: 'Ẩn (kiểm duyệt)',
};

/** Who acts: the citizen (by tracking code), a cadre or a leader of a handling unit. */
export type ActorKind = 'citizen' | 'cadre' | 'leader';

/** Cases that still need work; merge and withdraw apply to these. */
const OPEN: Status[] = [
  'received',
  'classified',
  'accepted',
  'assigned',
  'forwarded',
  'in_progress',
  'paused',
  'answer_drafted',
  'reopened',
];
const STAFF: ActorKind[] = ['cadre', 'leader'];

type Rule = {
  from: readonly Status[];
  to: Status | 'same';
  actors: readonly ActorKind[];
  /** Fields of the command that must be present and non-empty. */
  requires?: readonly (keyof TransitionInput)[];
};

/** The transition table. */
export const RULES: Record<Action, Rule> = {
  classify: { from: ['received'], to: 'classified', actors: STAFF, requires: ['field'] },
  accept: { from: ['classified'], to: 'accepted', actors: STAFF },
  return_guidance: {
    from: ['received', 'classified'],
    to: 'returned',
    actors: STAFF,
    requires: ['note'],
  },
  reject: { from: ['classified'], to: 'rejected', actors: STAFF, requires: ['note'] },
  assign: {
    from: ['accepted', 'assigned', 'reopened', 'in_progress'],
    to: 'assigned',
    actors: STAFF,
    requires: ['assigneeId'],
  },
  forward: {
    from: ['classified', 'accepted', 'assigned', 'reopened'],
    to: 'forwarded',
    actors: STAFF,
    requires: ['forwardKind', 'forwardTo'],
  },
  receive_forward: { from: ['forwarded'], to: 'accepted', actors: STAFF },
  // Back to the status the case had before the forward (CaseState.statusBeforeForward).
  decline_forward: { from: ['forwarded'], to: 'accepted', actors: STAFF, requires: ['note'] },
  start: { from: ['accepted', 'assigned', 'reopened'], to: 'in_progress', actors: STAFF },
  extend: {
    from: ['in_progress', 'paused'],
    to: 'same',
    actors: STAFF,
    requires: ['note', 'newDueAt'],
  },
  pause: { from: ['in_progress'], to: 'paused', actors: STAFF, requires: ['note'] },
  resume: { from: ['paused'], to: 'in_progress', actors: STAFF },
  // From 'forwarded': the reply of a member organisation or agency, recorded when it comes back.
  draft_answer: {
    from: ['in_progress', 'answer_drafted', 'forwarded'],
    to: 'answer_drafted',
    actors: STAFF,
    requires: ['answer'],
  },
  publish: { from: ['answer_drafted'], to: 'answered', actors: STAFF },
  rate: { from: ['answered'], to: 'rated', actors: ['citizen'], requires: ['rating'] },
  close: { from: ['answered', 'rated', 'returned', 'rejected'], to: 'closed', actors: STAFF },
  reopen: {
    from: ['answered', 'rated', 'closed'],
    to: 'reopened',
    actors: ['citizen'],
    requires: ['note'],
  },
  merge: { from: OPEN, to: 'merged', actors: STAFF, requires: ['targetId'] },
  withdraw: { from: OPEN, to: 'withdrawn', actors: ['citizen'] },
  hide: {
    from: STATUSES.filter((s) => s !== 'hidden'),
    to: 'hidden',
    actors: ['leader'],
    requires: ['note'],
  },
};

/** What a command may carry besides its action. */
export type TransitionInput = {
  note?: string | null;
  field?: string | null;
  assigneeId?: number | null;
  forwardKind?: 'front_unit' | 'member_org' | 'agency' | null;
  forwardTo?: string | null;
  newDueAt?: string | null;
  answer?: string | null;
  answerPublic?: boolean | null;
  rating?: number | null;
  targetId?: number | null;
  complex?: boolean | null;
};

export type CaseState = {
  status: Status;
  /** Where a forwarded case went: a Front unit answers for itself, others through the sender. */
  forwardKind?: 'front_unit' | 'member_org' | 'agency' | null;
  /** The status a forwarded case had before the forward, restored when it is declined. */
  statusBeforeForward?: Status | null;
  /** When the answer was published or the case closed: the reopen window counts from it. */
  answeredAt?: Date | null;
  closedAt?: Date | null;
};

export type WorkflowErrorCode =
  'INVALID_TRANSITION' | 'ACTOR_NOT_ALLOWED' | 'MISSING_INPUT' | 'REOPEN_EXPIRED';

export type TransitionResult =
  | { ok: true; to: Status }
  | { ok: false; code: WorkflowErrorCode; field?: keyof TransitionInput | 'action' };

export type TransitionOptions = { now: Date; reopenDays: number };

function present(value: unknown): boolean {
  return (
    value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')
  );
}

const isOutside = (state: CaseState) =>
  state.forwardKind === 'member_org' || state.forwardKind === 'agency';

/**
 * Moves the table allows but the case's forward does not: a Front unit receives a case itself
 * (its reply is not recorded for it), while a member organisation or an agency has no account
 * here, so the sender records its reply or its refusal instead of receiving for it.
 */
function forwardAllows(state: CaseState, action: Action): boolean {
  if (state.status !== 'forwarded') return true;
  if (action === 'receive_forward') return !isOutside(state);
  if (action === 'draft_answer') return state.forwardKind !== 'front_unit';
  return true;
}

/** Decides a move: the new status, or the named reason it is refused. */
export function transition(
  state: CaseState,
  action: Action,
  actor: ActorKind,
  input: TransitionInput,
  options: TransitionOptions,
): TransitionResult {
  const rule = RULES[action];
  if (!rule.from.includes(state.status) || !forwardAllows(state, action))
    return { ok: false, code: 'INVALID_TRANSITION', field: 'action' };
  if (!rule.actors.includes(actor))
    return { ok: false, code: 'ACTOR_NOT_ALLOWED', field: 'action' };
  for (const key of rule.requires ?? []) {
    if (!present(input[key])) return { ok: false, code: 'MISSING_INPUT', field: key };
  }
  if (
    action === 'rate' &&
    (!Number.isInteger(input.rating) || (input.rating ?? 0) < 1 || (input.rating ?? 0) > 5)
  ) {
    return { ok: false, code: 'MISSING_INPUT', field: 'rating' };
  }
  if (action === 'reopen') {
    const since = state.closedAt ?? state.answeredAt;
    const limit = since
      ? since.getTime() + options.reopenDays * 86_400_000
      : Number.POSITIVE_INFINITY;
    if (options.now.getTime() > limit)
      return { ok: false, code: 'REOPEN_EXPIRED', field: 'action' };
  }
  if (action === 'decline_forward' && state.statusBeforeForward)
    return { ok: true, to: state.statusBeforeForward };
  return { ok: true, to: rule.to === 'same' ? state.status : rule.to };
}

/** The actions an actor may take now, for the case page's buttons. */
export function availableActions(state: CaseState, actor: ActorKind): Action[] {
  return ACTIONS.filter(
    (a) =>
      RULES[a].from.includes(state.status) &&
      RULES[a].actors.includes(actor) &&
      forwardAllows(state, a),
  );
}

/** Statuses in which the case no longer runs against a deadline. */
export const FINISHED: readonly Status[] = [
  'returned',
  'rejected',
  'answered',
  'rated',
  'closed',
  'merged',
  'withdrawn',
  'hidden',
];

/** Statuses before acceptance, when the "accept" deadline applies. */
export const BEFORE_ACCEPT: readonly Status[] = ['received', 'classified'];
