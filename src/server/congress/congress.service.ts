import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CurrentUser, RoleGrant } from '../platform/auth/access';
import { recordAudit, type AuditActor } from '../platform/audit/audit.service';
import type { AppContext } from '../platform/context';
import type { Executor } from '../platform/db/client';
import { AppError, errors } from '../platform/http/errors';
import { withStoredFiles } from '../platform/storage/storage';
import { checkFile, isCheckedName } from '../platform/storage/file-check';
import { getUnit, type Unit } from '../platform/units/units.service';
import { units } from '../platform/units/units.tables';
import {
  assertPlannedDateInRange,
  assertResultsConsistent,
  missingEarlierSteps,
  resultWarnings,
  stepDateProblem,
  type ResultValues,
  type ResultWarning,
} from './congress.checks';
import {
  RESULT_FIELDS,
  STEP_LABELS,
  STEP_PREREQUISITES,
  UPPER_LEVEL_STEPS,
  localDate,
  type StepAttachment,
  type StepKey,
} from './congress.constants';
import { assertCanApprove, assertCanEdit, assertCanUndo, assertCanView } from './congress.policy';
import {
  congressRecords,
  congressResults,
  congressRounds,
  congressSteps,
  type CongressRecord,
  type CongressResult,
  type CongressRound,
  type CongressStep,
} from './congress.tables';

export type StepView = CongressStep & { actorUnitName: string; actorUnitPath: string };

export type UnitCongress = {
  unit: Unit;
  round: CongressRound;
  record: CongressRecord | null;
  steps: StepView[];
  results: CongressResult | null;
  /** Communes of a province (for the commune-chairs rule), null for other levels. */
  communeCount: number | null;
  /** Path of the unit that verified the results, when verified. */
  verifierPath: string | null;
};

/** Steps that the results depend on: once verified, they are locked like the results. */
const LOCKED_BY_VERIFICATION: readonly StepKey[] = [
  'congress_held',
  'first_meeting',
  'results_reported',
];

export const verifiedError = (by: string) =>
  new AppError(
    409,
    'RESULTS_VERIFIED',
    `Kết quả đã được ${by} xác nhận. Chỉ cấp đã xác nhận mới được mở lại để sửa.`,
    'results',
  );

/** The current round for a level of units. */
export async function currentRound(db: Executor, level: Unit['level']): Promise<CongressRound> {
  const [round] = await db
    .select()
    .from(congressRounds)
    .where(and(eq(congressRounds.level, level), eq(congressRounds.isCurrent, true)))
    .orderBy(desc(congressRounds.id))
    .limit(1);
  if (!round) throw errors.notFound(`kỳ đại hội hiện hành của cấp ${level}`);
  return round;
}

async function communeCountOf(db: Executor, unit: Unit): Promise<number | null> {
  if (unit.level !== 'province') return null;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(units)
    .where(
      and(
        eq(units.parentCode, unit.code),
        sql`(${units.validTo} IS NULL OR ${units.validTo} > current_date)`,
      ),
    );
  return row?.n ?? 0;
}

async function loadSteps(db: Executor, recordId: number): Promise<StepView[]> {
  const steps = await db.select().from(congressSteps).where(eq(congressSteps.recordId, recordId));
  const codes = [...new Set(steps.map((s) => s.actorUnitCode))];
  const names = codes.length
    ? await db
        .select({ code: units.code, name: units.name, path: units.path })
        .from(units)
        .where(inArray(units.code, codes))
    : [];
  const byCode = new Map(names.map((n) => [n.code, n]));
  return steps.map((s) => ({
    ...s,
    actorUnitName: byCode.get(s.actorUnitCode)?.name ?? s.actorUnitCode,
    actorUnitPath: byCode.get(s.actorUnitCode)?.path ?? s.actorUnitCode,
  }));
}

/** A unit the user may see, for a list or file limited to it: 404 outside the user's tree. */
export async function visibleUnit(db: Executor, user: CurrentUser, code: string): Promise<Unit> {
  const unit = await getUnit(db, code);
  assertCanView(user, unit);
  return unit;
}

/** A unit's congress in the current round: plan, steps and results (the unit card). */
export async function getUnitCongress(
  db: Executor,
  user: CurrentUser,
  code: string,
): Promise<UnitCongress> {
  return loadUnitCongress(db, await visibleUnit(db, user, code));
}

async function loadUnitCongress(db: Executor, unit: Unit): Promise<UnitCongress> {
  const round = await currentRound(db, unit.level);
  const [record] = await db
    .select()
    .from(congressRecords)
    .where(and(eq(congressRecords.roundId, round.id), eq(congressRecords.unitCode, unit.code)));
  const [steps, results, communeCount] = await Promise.all([
    record ? loadSteps(db, record.id) : Promise.resolve([]),
    record
      ? db
          .select()
          .from(congressResults)
          .where(eq(congressResults.recordId, record.id))
          .then((r) => r[0] ?? null)
      : Promise.resolve(null),
    communeCountOf(db, unit),
  ]);
  const verifierPath = steps.find((s) => s.step === 'results_verified')?.actorUnitPath ?? null;
  return { unit, round, record: record ?? null, steps, results, communeCount, verifierPath };
}

/**
 * Locks the unit's record for a change, creating it when the unit has none yet, and checks the
 * version the editor read (0 when there was no record): a stale version is a 409, not an overwrite.
 */
async function lockRecord(
  tx: Executor,
  unit: Unit,
  round: CongressRound,
  version: number,
): Promise<CongressRecord> {
  await tx
    .insert(congressRecords)
    .values({
      roundId: round.id,
      unitCode: unit.code,
      parentCode: unit.parentCode ?? unit.code,
      version: 0,
    })
    .onConflictDoNothing();
  const [record] = await tx
    .select()
    .from(congressRecords)
    .where(and(eq(congressRecords.roundId, round.id), eq(congressRecords.unitCode, unit.code)))
    .for('update');
  if (!record) throw errors.internal();
  if (record.version !== version) throw errors.conflict();
  return record;
}

async function bump(
  tx: Executor,
  record: CongressRecord,
  changes: Partial<CongressRecord> = {},
): Promise<number> {
  const version = record.version + 1;
  await tx
    .update(congressRecords)
    .set({ ...changes, version, updatedAt: new Date() })
    .where(eq(congressRecords.id, record.id));
  return version;
}

function verification(steps: StepView[]): StepView | undefined {
  return steps.find((s) => s.step === 'results_verified');
}

export type PlanInput = {
  version: number;
  plannedDate: string | null;
  venue?: string | null;
  pilot: boolean;
};

/**
 * Sets the planned date, venue and pilot flag (the unit's own data). Locked like the results once
 * they are verified: the verifying level reopens first.
 */
export async function updatePlan(
  db: Executor,
  user: CurrentUser,
  code: string,
  input: PlanInput,
  actor: AuditActor,
) {
  return db.transaction(async (tx) => {
    const unit = await getUnit(tx, code);
    assertCanEdit(user, unit);
    const round = await currentRound(tx, unit.level);
    if (input.plannedDate) assertPlannedDateInRange(input.plannedDate, round);
    const record = await lockRecord(tx, unit, round, input.version);
    const verified = verification(await loadSteps(tx, record.id));
    if (verified) throw verifiedError(verified.actorUnitName);
    const changes = {
      plannedDate: input.plannedDate,
      venue: input.venue ?? null,
      pilot: input.pilot,
    };
    await bump(tx, record, changes);
    await recordAudit(tx, actor, {
      action: 'congress.plan.update',
      entityType: 'congress_record',
      entityId: record.id,
      unitCode: unit.code,
      before: { plannedDate: record.plannedDate, venue: record.venue, pilot: record.pilot },
      after: changes,
    });
    return loadUnitCongress(tx, unit);
  });
}

export type StepInput = { version: number; date?: string; at?: string; note?: string | null };

/** The local date of a step: a date as given, or an instant taken in Asia/Ho_Chi_Minh. */
export function stepDate(input: { date?: string; at?: string }, today = localDate()): string {
  if (input.date) return input.date;
  if (input.at) return localDate(new Date(input.at));
  return today;
}

/**
 * Records a step. Steps of the level above need a role there; steps locked by a verification
 * refuse; a step recorded before by a higher level can only be overwritten by that level. The date
 * may not be in the future nor out of order with the recorded steps (400); earlier steps not yet
 * recorded come back as a warning.
 */
export async function recordStep(
  db: Executor,
  user: CurrentUser,
  code: string,
  step: StepKey,
  input: StepInput,
  actor: AuditActor,
) {
  return db.transaction(async (tx) => {
    const unit = await getUnit(tx, code);
    const grant: RoleGrant = UPPER_LEVEL_STEPS.includes(step)
      ? assertCanApprove(user, unit)
      : assertCanEdit(user, unit);
    const round = await currentRound(tx, unit.level);
    const record = await lockRecord(tx, unit, round, input.version);
    const steps = await loadSteps(tx, record.id);
    const verified = verification(steps);
    if (verified && (LOCKED_BY_VERIFICATION.includes(step) || step === 'results_verified')) {
      throw verifiedError(verified.actorUnitName);
    }
    const existing = steps.find((s) => s.step === step);
    if (existing) assertSameLevelOrAbove(user, existing);
    const needed = STEP_PREREQUISITES[step];
    if (needed && !steps.some((s) => s.step === needed)) {
      throw errors.validation('step', `cần hoàn thành bước «${STEP_LABELS[needed]}» trước.`);
    }
    if (step === 'results_reported') {
      const [results] = await tx
        .select()
        .from(congressResults)
        .where(eq(congressResults.recordId, record.id));
      if (!results) throw errors.validation('step', 'cần nhập kết quả đại hội trước khi báo cáo.');
    }
    const doneOn = stepDate(input);
    const problem = stepDateProblem(step, doneOn, steps, localDate());
    if (problem) throw errors.validation(input.date || !input.at ? 'date' : 'at', problem);
    const row = {
      recordId: record.id,
      step,
      doneOn,
      actorUnitCode: grant.unitCode,
      actorUserId: user.id,
      actorName: user.fullName,
      note: input.note ?? null,
      attachments: existing?.attachments ?? [],
      recordedAt: new Date(),
    };
    await tx
      .insert(congressSteps)
      .values(row)
      .onConflictDoUpdate({ target: [congressSteps.recordId, congressSteps.step], set: row });
    await bump(tx, record);
    await recordAudit(tx, actor, {
      action: step === 'results_verified' ? 'congress.results.verify' : 'congress.step.record',
      entityType: 'congress_record',
      entityId: record.id,
      unitCode: unit.code,
      before: existing ?? null,
      after: row,
    });
    return { card: await loadUnitCongress(tx, unit), warnings: missingEarlierSteps(step, steps) };
  });
}

/** Refuses unless the user acts at the level that recorded the step, or above it. */
function assertSameLevelOrAbove(user: CurrentUser, step: StepView): RoleGrant {
  return assertCanUndo(user, step.actorUnitPath, step.actorUnitName);
}

/**
 * Undoes a step. Only the level that recorded it (or above) may; undoing the verification is the
 * "reopen" that the verifying level does before results can change again.
 */
export async function undoStep(
  db: Executor,
  user: CurrentUser,
  code: string,
  step: StepKey,
  version: number,
  actor: AuditActor,
) {
  return db.transaction(async (tx) => {
    const unit = await getUnit(tx, code);
    assertCanView(user, unit);
    const round = await currentRound(tx, unit.level);
    const record = await lockRecord(tx, unit, round, version);
    const steps = await loadSteps(tx, record.id);
    const existing = steps.find((s) => s.step === step);
    if (!existing) throw errors.notFound(`bước «${STEP_LABELS[step]}» đã ghi nhận`);
    assertSameLevelOrAbove(user, existing);
    const verified = verification(steps);
    if (verified && LOCKED_BY_VERIFICATION.includes(step))
      throw verifiedError(verified.actorUnitName);
    const dependent = steps.find((s) => STEP_PREREQUISITES[s.step] === step);
    if (dependent) {
      throw errors.validation('step', `hãy hủy bước «${STEP_LABELS[dependent.step]}» trước.`);
    }
    await tx
      .delete(congressSteps)
      .where(and(eq(congressSteps.recordId, record.id), eq(congressSteps.step, step)));
    await bump(tx, record);
    await recordAudit(tx, actor, {
      action: step === 'results_verified' ? 'congress.results.reopen' : 'congress.step.undo',
      entityType: 'congress_record',
      entityId: record.id,
      unitCode: unit.code,
      before: existing,
      after: null,
    });
    return loadUnitCongress(tx, unit);
  });
}

/** A file sent to be attached to a step; its name is already checked for invalid characters. */
export type StepUpload = { name: string; bytes: Buffer };

/**
 * The type a step's file is kept and served as: a PDF, Word, Excel, text or image file must hold
 * what its name says (checked from the content), any other file is kept as opaque bytes.
 */
async function attachmentType(upload: StepUpload): Promise<string> {
  if (!isCheckedName(upload.name)) return 'application/octet-stream';
  return (await checkFile(upload.name, upload.bytes)).mime;
}

/**
 * Attaches a file to a recorded step. The file is stored only once the step and the user's right
 * are checked, and removed again if the write fails: no file without its record.
 */
export async function attachToStep(
  ctx: AppContext,
  user: CurrentUser,
  code: string,
  step: StepKey,
  upload: StepUpload,
  actor: AuditActor,
) {
  const contentType = await attachmentType(upload);
  return withStoredFiles(ctx.storage, (put) =>
    ctx.db.transaction(async (tx) => {
      const unit = await getUnit(tx, code);
      const round = await currentRound(tx, unit.level);
      const [record] = await tx
        .select()
        .from(congressRecords)
        .where(and(eq(congressRecords.roundId, round.id), eq(congressRecords.unitCode, unit.code)))
        .for('update');
      const steps = record ? await loadSteps(tx, record.id) : [];
      const existing = steps.find((s) => s.step === step);
      if (!record || !existing)
        throw errors.validation('step', `bước «${STEP_LABELS[step]}» chưa được ghi nhận.`);
      assertCanView(user, unit);
      assertSameLevelOrAbove(user, existing);
      const key = `congress/${unit.code.toLowerCase()}/${randomUUID()}`;
      const file: StepAttachment = {
        key,
        name: upload.name,
        size: upload.bytes.length,
        contentType,
      };
      await put(key, upload.bytes, contentType);
      await tx
        .update(congressSteps)
        .set({ attachments: [...existing.attachments, file] })
        .where(and(eq(congressSteps.recordId, record.id), eq(congressSteps.step, step)));
      await bump(tx, record);
      await recordAudit(tx, actor, {
        action: 'congress.step.attach',
        entityType: 'congress_record',
        entityId: record.id,
        unitCode: unit.code,
        after: file,
      });
      return loadUnitCongress(tx, unit);
    }),
  );
}

/** Finds an attachment of a step the user may see. */
export async function findAttachment(
  db: Executor,
  user: CurrentUser,
  code: string,
  step: StepKey,
  key: string,
) {
  const card = await getUnitCongress(db, user, code);
  const file = card.steps.find((s) => s.step === step)?.attachments.find((a) => a.key === key);
  if (!file) throw errors.notFound('tệp đính kèm');
  return file;
}

export type ResultsInput = ResultValues & { version: number };

export function sameResults(a: CongressResult | null, b: ResultValues): boolean {
  if (!a) return false;
  return a.chairElected === b.chairElected && RESULT_FIELDS.every((f) => a[f] === b[f]);
}

/**
 * Saves a unit's results after the entry checks. Parts above their whole are refused (400); ratios
 * below the round's targets come back as warnings. Verified results refuse until reopened.
 */
export async function saveResults(
  db: Executor,
  user: CurrentUser,
  code: string,
  input: ResultsInput,
  actor: AuditActor,
): Promise<{ card: UnitCongress; warnings: ResultWarning[]; changed: boolean }> {
  const { version, ...values } = input;
  assertResultsConsistent(values);
  return db.transaction(async (tx) => {
    const unit = await getUnit(tx, code);
    assertCanEdit(user, unit);
    const round = await currentRound(tx, unit.level);
    const record = await lockRecord(tx, unit, round, version);
    const steps = await loadSteps(tx, record.id);
    const verified = verification(steps);
    if (verified) throw verifiedError(verified.actorUnitName);
    const [before] = await tx
      .select()
      .from(congressResults)
      .where(eq(congressResults.recordId, record.id));
    const warnings = resultWarnings(values, round.targets, await communeCountOf(tx, unit));
    if (sameResults(before ?? null, values))
      return { card: await loadUnitCongress(tx, unit), warnings, changed: false };
    const row = { recordId: record.id, ...values, updatedAt: new Date() };
    await tx
      .insert(congressResults)
      .values(row)
      .onConflictDoUpdate({ target: congressResults.recordId, set: row });
    await bump(tx, record);
    await recordAudit(tx, actor, {
      action: 'congress.results.save',
      entityType: 'congress_record',
      entityId: record.id,
      unitCode: unit.code,
      before: before ?? null,
      after: values,
    });
    return { card: await loadUnitCongress(tx, unit), warnings, changed: true };
  });
}

/**
 * Writes one imported row: results (fields left empty in the sheet keep their value) and the
 * congress date when given. Runs inside the import's transaction; returns whether anything changed.
 */
export async function importUnitResults(
  tx: Executor,
  user: CurrentUser,
  unit: Unit,
  values: ResultValues,
  heldOn: string | null,
  actor: AuditActor,
): Promise<boolean> {
  const grant = assertCanEdit(user, unit);
  const round = await currentRound(tx, unit.level);
  await tx
    .insert(congressRecords)
    .values({
      roundId: round.id,
      unitCode: unit.code,
      parentCode: unit.parentCode ?? unit.code,
      version: 0,
    })
    .onConflictDoNothing();
  const [record] = await tx
    .select()
    .from(congressRecords)
    .where(and(eq(congressRecords.roundId, round.id), eq(congressRecords.unitCode, unit.code)))
    .for('update');
  if (!record) throw errors.internal();
  const steps = await loadSteps(tx, record.id);
  const verified = verification(steps);
  if (verified) throw verifiedError(verified.actorUnitName);
  const [before] = await tx
    .select()
    .from(congressResults)
    .where(eq(congressResults.recordId, record.id));
  const held = steps.find((s) => s.step === 'congress_held');
  let changed = false;
  if (heldOn && held?.doneOn !== heldOn) {
    // The same rules as recordStep: a date recorded by a higher level is changed only by it, and
    // the date is neither in the future nor out of order with the other steps.
    if (held) assertSameLevelOrAbove(user, held);
    const problem = stepDateProblem('congress_held', heldOn, steps, localDate());
    if (problem) throw errors.validation('heldOn', problem);
    const row = {
      recordId: record.id,
      step: 'congress_held' as const,
      doneOn: heldOn,
      actorUnitCode: grant.unitCode,
      actorUserId: user.id,
      actorName: user.fullName,
      note: 'Nhập từ bảng tính',
      recordedAt: new Date(),
    };
    await tx
      .insert(congressSteps)
      .values(row)
      .onConflictDoUpdate({ target: [congressSteps.recordId, congressSteps.step], set: row });
    changed = true;
  }
  if (!sameResults(before ?? null, values)) {
    const row = { recordId: record.id, ...values, updatedAt: new Date() };
    await tx
      .insert(congressResults)
      .values(row)
      .onConflictDoUpdate({ target: congressResults.recordId, set: row });
    changed = true;
  }
  if (!changed) return false;
  await bump(tx, record);
  await recordAudit(tx, actor, {
    action: 'congress.results.import',
    entityType: 'congress_record',
    entityId: record.id,
    unitCode: unit.code,
    before: { results: before ?? null, heldOn: held?.doneOn ?? null },
    after: { results: values, heldOn },
  });
  return true;
}

/** The saved results of units in one round, by unit code (for import previews). */
export async function resultsByUnit(db: Executor, roundIds: number[], codes: string[]) {
  if (codes.length === 0 || roundIds.length === 0)
    return new Map<string, { results: CongressResult | null; steps: CongressStep[] }>();
  const records = await db
    .select()
    .from(congressRecords)
    .where(
      and(inArray(congressRecords.roundId, roundIds), inArray(congressRecords.unitCode, codes)),
    );
  const ids = records.map((r) => r.id);
  const [results, steps] = ids.length
    ? await Promise.all([
        db.select().from(congressResults).where(inArray(congressResults.recordId, ids)),
        db.select().from(congressSteps).where(inArray(congressSteps.recordId, ids)),
      ])
    : [[], []];
  return new Map(
    records.map((r) => [
      r.unitCode,
      {
        results: results.find((x) => x.recordId === r.id) ?? null,
        steps: steps.filter((s) => s.recordId === r.id),
      },
    ]),
  );
}
