import { RESULT_FIELDS, STEP_KEYS, STEP_LABELS } from './congress.constants';
import type { CurrentUser } from '../platform/auth/access';
import { canChangeStep, permissionsFor } from './congress.policy';
import type { CongressRound } from './congress.tables';
import type { UnitCongress } from './congress.service';

export function presentRound(r: CongressRound) {
  return {
    id: r.id,
    level: r.level,
    ordinal: r.ordinal,
    term: r.term,
    deadline: r.deadline,
    targets: r.targets,
  };
}

/** The unit card: plan, the eight steps in order (done or not), results, and what may be done. */
export function presentUnitCongress(c: UnitCongress, user: CurrentUser) {
  const results = c.results
    ? {
        chairElected: c.results.chairElected,
        ...Object.fromEntries(RESULT_FIELDS.map((f) => [f, c.results?.[f] ?? 0])),
        updatedAt: c.results.updatedAt.toISOString(),
      }
    : null;
  return {
    unit: {
      code: c.unit.code,
      name: c.unit.name,
      level: c.unit.level,
      parentCode: c.unit.parentCode,
    },
    round: presentRound(c.round),
    version: c.record?.version ?? 0,
    plannedDate: c.record?.plannedDate ?? null,
    venue: c.record?.venue ?? null,
    pilot: c.record?.pilot ?? false,
    communeCount: c.communeCount,
    steps: STEP_KEYS.map((key) => {
      const s = c.steps.find((x) => x.step === key);
      return {
        key,
        label: STEP_LABELS[key],
        done: Boolean(s),
        date: s?.doneOn ?? null,
        actorName: s?.actorName ?? null,
        actorUnitCode: s?.actorUnitCode ?? null,
        actorUnitName: s?.actorUnitName ?? null,
        note: s?.note ?? null,
        // The user's level recorded the step or is above it: may undo it or attach to it.
        canUndo: s ? canChangeStep(user, s.actorUnitPath) : false,
        attachments: (s?.attachments ?? []).map((a) => ({
          key: a.key.split('/').pop() ?? a.key,
          name: a.name,
          size: a.size,
        })),
      };
    }),
    verified: c.steps.some((s) => s.step === 'results_verified'),
    can: permissionsFor(user, c.unit, c.verifierPath),
    results: results as
      (Record<string, number | boolean | string> & { chairElected: boolean }) | null,
  };
}
