import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  RULES,
  STATUSES,
  availableActions,
  transition,
  type Action,
  type ActorKind,
  type TransitionInput,
} from './feedback.workflow';

const now = new Date('2026-03-10T03:00:00Z');
const options = { now, reopenDays: 30 };

/** A command carrying everything any action might need. */
const full: TransitionInput = {
  note: 'Ghi chú',
  field: 'moi_truong',
  assigneeId: 1,
  forwardKind: 'front_unit',
  forwardTo: '48',
  newDueAt: '2026-04-01',
  answer: 'Trả lời',
  rating: 5,
  targetId: 2,
};

function firstActor(action: Action): ActorKind {
  return RULES[action].actors[0] ?? 'cadre';
}

describe('transition table', () => {
  const cases = ACTIONS.flatMap((action) => STATUSES.map((status) => [action, status] as const));

  it.each(cases)('%s from %s is allowed exactly when the table says so', (action, status) => {
    const result = transition(
      { status, answeredAt: now },
      action,
      firstActor(action),
      full,
      options,
    );
    if (RULES[action].from.includes(status)) {
      const expected = RULES[action].to === 'same' ? status : RULES[action].to;
      expect(result).toEqual({ ok: true, to: expected });
    } else {
      expect(result).toEqual({ ok: false, code: 'INVALID_TRANSITION', field: 'action' });
    }
  });

  it.each(ACTIONS)('%s refuses actors outside its rule', (action) => {
    const status = RULES[action].from[0];
    if (!status) throw new Error('rule without a source state');
    for (const actor of ['citizen', 'cadre', 'leader'] as const) {
      const result = transition({ status, answeredAt: now }, action, actor, full, options);
      if (RULES[action].actors.includes(actor)) expect(result.ok).toBe(true);
      else expect(result).toMatchObject({ ok: false, code: 'ACTOR_NOT_ALLOWED' });
    }
  });

  it.each(ACTIONS.filter((a) => (RULES[a].requires ?? []).length > 0))(
    '%s names the missing input',
    (action) => {
      const status = RULES[action].from[0];
      if (!status) throw new Error('rule without a source state');
      for (const key of RULES[action].requires ?? []) {
        const result = transition(
          { status, answeredAt: now },
          action,
          firstActor(action),
          { ...full, [key]: '  ' },
          options,
        );
        expect(result).toEqual({ ok: false, code: 'MISSING_INPUT', field: key });
      }
    },
  );
});

describe('the main journey', () => {
  it('goes received → … → closed', () => {
    const steps: [Action, ActorKind, string][] = [
      ['classify', 'cadre', 'classified'],
      ['accept', 'cadre', 'accepted'],
      ['assign', 'leader', 'assigned'],
      ['start', 'cadre', 'in_progress'],
      ['extend', 'cadre', 'in_progress'],
      ['pause', 'cadre', 'paused'],
      ['resume', 'cadre', 'in_progress'],
      ['draft_answer', 'cadre', 'answer_drafted'],
      ['publish', 'leader', 'answered'],
      ['rate', 'citizen', 'rated'],
      ['close', 'cadre', 'closed'],
      ['reopen', 'citizen', 'reopened'],
      ['start', 'cadre', 'in_progress'],
    ];
    let status = 'received' as (typeof STATUSES)[number];
    for (const [action, actor, expected] of steps) {
      const result = transition({ status, closedAt: now }, action, actor, full, options);
      expect(result, `${action} from ${status}`).toEqual({ ok: true, to: expected });
      if (result.ok) status = result.to;
    }
  });

  it('forwards and the receiver accepts or returns it', () => {
    expect(transition({ status: 'accepted' }, 'forward', 'cadre', full, options)).toEqual({
      ok: true,
      to: 'forwarded',
    });
    expect(transition({ status: 'forwarded' }, 'receive_forward', 'cadre', {}, options)).toEqual({
      ok: true,
      to: 'accepted',
    });
    expect(
      transition(
        { status: 'forwarded' },
        'decline_forward',
        'cadre',
        { note: 'Không thuộc thẩm quyền' },
        options,
      ),
    ).toEqual({
      ok: true,
      to: 'accepted',
    });
  });
});

describe('forwards', () => {
  it('gives a declined case back in the status it had before the forward', () => {
    for (const before of ['classified', 'accepted', 'assigned', 'reopened'] as const) {
      expect(
        transition(
          { status: 'forwarded', forwardKind: 'front_unit', statusBeforeForward: before },
          'decline_forward',
          'cadre',
          { note: 'Không thuộc thẩm quyền' },
          options,
        ),
      ).toEqual({ ok: true, to: before });
    }
  });

  it('lets a Front unit receive, and records the reply of an organisation or agency', () => {
    const toUnit = { status: 'forwarded', forwardKind: 'front_unit' } as const;
    const toAgency = { status: 'forwarded', forwardKind: 'agency' } as const;
    expect(transition(toUnit, 'receive_forward', 'cadre', {}, options).ok).toBe(true);
    expect(transition(toUnit, 'draft_answer', 'cadre', full, options)).toEqual({
      ok: false,
      code: 'INVALID_TRANSITION',
      field: 'action',
    });
    expect(transition(toAgency, 'receive_forward', 'cadre', {}, options)).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(transition(toAgency, 'draft_answer', 'cadre', full, options)).toEqual({
      ok: true,
      to: 'answer_drafted',
    });
    expect(availableActions(toUnit, 'cadre')).toEqual([
      'receive_forward',
      'decline_forward',
      'merge',
    ]);
    expect(availableActions({ ...toAgency, forwardKind: 'member_org' }, 'cadre')).toEqual([
      'decline_forward',
      'draft_answer',
      'merge',
    ]);
  });
});

describe('guards', () => {
  it('refuses a rating outside 1–5', () => {
    for (const rating of [0, 6, 2.5]) {
      expect(transition({ status: 'answered' }, 'rate', 'citizen', { rating }, options)).toEqual({
        ok: false,
        code: 'MISSING_INPUT',
        field: 'rating',
      });
    }
  });

  it('lets the citizen reopen within the window only', () => {
    const answeredAt = new Date(now.getTime() - 29 * 86_400_000);
    expect(
      transition({ status: 'answered', answeredAt }, 'reopen', 'citizen', full, options).ok,
    ).toBe(true);
    const old = new Date(now.getTime() - 31 * 86_400_000);
    expect(
      transition({ status: 'answered', answeredAt: old }, 'reopen', 'citizen', full, options),
    ).toEqual({
      ok: false,
      code: 'REOPEN_EXPIRED',
      field: 'action',
    });
  });

  it('only a leader hides a case', () => {
    expect(transition({ status: 'received' }, 'hide', 'cadre', full, options)).toMatchObject({
      code: 'ACTOR_NOT_ALLOWED',
    });
    expect(transition({ status: 'received' }, 'hide', 'leader', full, options)).toEqual({
      ok: true,
      to: 'hidden',
    });
    expect(transition({ status: 'hidden' }, 'hide', 'leader', full, options)).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
  });

  it('lists the buttons a cadre and a citizen get', () => {
    expect(availableActions({ status: 'received' }, 'cadre')).toEqual([
      'classify',
      'return_guidance',
      'merge',
    ]);
    expect(availableActions({ status: 'answered' }, 'citizen')).toEqual(['rate', 'reopen']);
  });
});
