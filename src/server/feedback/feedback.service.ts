import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  lte,
  ne,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { fold, toNfc } from '@common/text/vietnamese';
import { recordAudit, type AuditActor } from '@server/platform/audit/audit.service';
import { scopeCondition, type CurrentUser } from '@server/platform/auth/access';
import { userRoles, users } from '@server/platform/auth/auth.tables';
import type { AppContext } from '@server/platform/context';
import { AppError, errors } from '@server/platform/http/errors';
import { units } from '@server/platform/units/units.tables';
import type { Executor, Tx } from '@server/platform/db/client';
import {
  addWorkingDays,
  dueFor,
  endOfLocalDay,
  TIME_ZONE,
  workingDaysBetween,
} from './feedback.deadlines';
import {
  canSeeCase,
  canSeePersonalData,
  caseScope,
  handlerKind,
  mayTake,
  pathPrefix,
} from './feedback.policy';
import { presentDetail, presentListItem, presentPublic } from './feedback.presenter';
import type { CreateBody, ListQuery, TransitionBody } from './feedback.schema';
import { calendar, getSettings, holidaySet } from './feedback.settings';
import {
  feedbackAttachments,
  feedbackCases,
  feedbackEvents,
  type Channel,
  type FeedbackCase,
} from './feedback.tables';
import { newTrackingCode, normaliseTrackingCode, trackingCodePrefix } from './feedback.tracking';
import {
  ACTION_LABELS,
  FINISHED,
  STATUS_LABELS,
  availableActions,
  transition,
  type Action,
  type ActorKind,
  type TransitionInput,
  type TransitionResult,
} from './feedback.workflow';
import dayjs from 'dayjs';
import { createHash } from 'node:crypto';

export type Who = { user: CurrentUser | null; actor: AuditActor };

const STAFF_CHANNELS: Channel[] = ['phone', 'letter', 'reception', 'voter_meeting', 'email', 'web'];

function isStaff(user: CurrentUser | null): user is CurrentUser {
  return Boolean(user?.roles.some((g) => g.role === 'cadre' || g.role === 'leader'));
}

/** A unit still in force today (a merged-away commune takes no new cases). */
function usable<U extends { validTo: string | null }>(unit: U | undefined): U | null {
  if (!unit || (unit.validTo && unit.validTo <= dayjs().format('YYYY-MM-DD'))) return null;
  return unit;
}

async function currentUnit(db: Executor, code: string) {
  const [unit] = await db.select().from(units).where(eq(units.code, code));
  return usable(unit);
}

/**
 * Receives a case (public form, a cadre's entry or Open311). The same idempotency key always
 * returns the same case, even for concurrent duplicates: the unique index decides.
 */
export async function createCase(
  ctx: AppContext,
  input: CreateBody,
  who: Who,
  options: { idempotencyKey?: string; channel?: Channel } = {},
): Promise<{ id: number; trackingCode: string; created: boolean }> {
  // The tree in memory: intake is the hottest write path and the unit list is reference data.
  const province = usable(await ctx.units.get(input.provinceCode));
  if (!province || province.level !== 'province')
    throw errors.validation('provinceCode', 'không có tỉnh/thành phố với mã này.');
  let handling = province;
  if (input.communeCode) {
    const commune = usable(await ctx.units.get(input.communeCode));
    if (!commune || commune.parentCode !== province.code) {
      throw errors.validation('communeCode', 'xã/phường không thuộc tỉnh/thành phố đã chọn.');
    }
    handling = commune;
  }
  const staff = isStaff(who.user);
  const channel: Channel =
    options.channel ??
    (staff && input.channel && STAFF_CHANNELS.includes(input.channel) ? input.channel : 'web');
  const now = new Date();
  let receivedAt = now;
  if (staff && input.receivedAt) {
    receivedAt = new Date(input.receivedAt);
    if (receivedAt.getTime() > now.getTime() + 60_000)
      throw errors.validation('receivedAt', 'không được ở tương lai.');
    if (receivedAt.getTime() < dayjs(now).subtract(1, 'year').valueOf())
      throw errors.validation('receivedAt', 'không được trước thời điểm hiện tại quá 1 năm.');
  }
  const { settings, holidays } = await calendar(ctx);
  const title = toNfc(input.title);
  const content = toNfc(input.content);
  const p = input.petitioner;
  const trackingCode = newTrackingCode();

  const result = await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(feedbackCases)
      .values({
        trackingCode,
        idempotencyKey: options.idempotencyKey ?? null,
        idempotencyHash: options.idempotencyKey ? requestHash(input) : null,
        type: input.type,
        field: input.field,
        title,
        content,
        searchText: fold(`${title} ${content}`),
        provinceCode: province.code,
        communeCode: input.communeCode ?? null,
        locationAddress: input.address ?? null,
        lat: input.lat ?? null,
        lng: input.lng ?? null,
        channel,
        anonymous: input.anonymous,
        consent: input.consent,
        petitionerName: p?.name ?? null,
        petitionerPhone: p?.phone ?? null,
        petitionerEmail: p?.email ?? null,
        petitionerIdNumber: p?.idNumber ?? null,
        petitionerAddress: p?.address ?? null,
        handlingUnitCode: handling.code,
        handlingUnitPath: handling.path,
        receivedAt,
        dueAt: dueFor(settings.deadlines, input.type, 'accept', receivedAt, holidays),
        createdBy: who.user?.id ?? null,
      })
      .onConflictDoNothing({ target: feedbackCases.idempotencyKey })
      .returning({ id: feedbackCases.id, trackingCode: feedbackCases.trackingCode });
    const row = inserted[0];
    if (!row) {
      const [existing] = await tx
        .select({
          id: feedbackCases.id,
          trackingCode: feedbackCases.trackingCode,
          hash: feedbackCases.idempotencyHash,
        })
        .from(feedbackCases)
        .where(eq(feedbackCases.idempotencyKey, options.idempotencyKey ?? ''));
      if (!existing) throw errors.conflict();
      if (existing.hash !== null && existing.hash !== requestHash(input))
        throw new AppError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'Khoá chống gửi trùng (Idempotency-Key) này đã được dùng cho một nội dung khác. Hãy dùng khoá mới cho hồ sơ mới.',
          'idempotency-key',
        );
      return { id: existing.id, trackingCode: existing.trackingCode, created: false };
    }
    if (input.attachments.length) {
      const linked = await tx
        .update(feedbackAttachments)
        .set({ caseId: row.id, uploadToken: null })
        .where(
          and(
            inArray(feedbackAttachments.uploadToken, input.attachments),
            isNull(feedbackAttachments.caseId),
          ),
        )
        .returning({ id: feedbackAttachments.id });
      if (linked.length !== new Set(input.attachments).size) {
        throw errors.validation(
          'attachments',
          'có tệp đính kèm không tồn tại hoặc đã được dùng. Hãy tải lại tệp.',
        );
      }
    }
    await tx.insert(feedbackEvents).values({
      caseId: row.id,
      action: 'create',
      toStatus: 'received',
      actorId: who.user?.id ?? null,
      actorName: who.user?.fullName ?? 'Người dân',
      unitCode: handling.code,
      public: true,
      data: { channel },
    });
    await recordAudit(tx, who.actor, {
      action: 'feedback.create',
      entityType: 'feedback_case',
      entityId: row.id,
      unitCode: handling.code,
      after: { trackingCode: row.trackingCode, type: input.type, channel, unitCode: handling.code },
    });
    return { ...row, created: true };
  });
  if (result.created) ctx.events.emit('feedback.created', { caseId: result.id });
  return result;
}

/** JSON with keys sorted and text NFC at every level: equal requests give equal strings. */
function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(toNfc(value));
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The hash kept with an idempotency key: the validated request body, canonical. */
function requestHash(input: CreateBody): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

export async function unitNames(db: Executor, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  const found = await db
    .select({ code: units.code, name: units.name })
    .from(units)
    .where(inArray(units.code, unique));
  return new Map(found.map((u) => [u.code, u.name]));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Conditions of the staff list: the user's tree, then the filters. */
async function listConditions(
  ctx: AppContext,
  user: CurrentUser,
  q: Partial<ListQuery>,
  now: Date,
): Promise<SQL[]> {
  // Assignees outside the tree reach their cases through notices; lists stay one index range.
  const conditions: SQL[] = [caseScope(user, feedbackCases.handlingUnitPath)];
  const statuses = q.status
    ? q.status
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  if (statuses.length)
    conditions.push(inArray(feedbackCases.status, statuses as FeedbackCase['status'][]));
  else conditions.push(ne(feedbackCases.status, 'hidden'));
  if (q.type) conditions.push(eq(feedbackCases.type, q.type));
  if (q.field) conditions.push(eq(feedbackCases.field, q.field));
  if (q.channel) conditions.push(eq(feedbackCases.channel, q.channel));
  if (q.unitCode) {
    const [unit] = await ctx.db
      .select({ path: units.path })
      .from(units)
      .where(eq(units.code, q.unitCode));
    if (!unit) throw errors.validation('unitCode', 'không có đơn vị với mã này.');
    conditions.push(pathPrefix(feedbackCases.handlingUnitPath, unit.path));
  }
  if (q.from)
    conditions.push(gte(feedbackCases.receivedAt, dayjs.tz(`${q.from} 00:00`, TIME_ZONE).toDate()));
  if (q.to) conditions.push(lte(feedbackCases.receivedAt, endOfLocalDay(q.to)));
  if (q.due) {
    // A paused case's clock is stopped: it is neither overdue nor due soon while paused.
    conditions.push(notInArray(feedbackCases.status, [...FINISHED, 'paused']));
    if (q.due === 'overdue') conditions.push(sql`${feedbackCases.dueAt} < ${now}`);
    else {
      const soon = addWorkingDays(now, 2, (await calendar(ctx)).holidays);
      conditions.push(sql`${feedbackCases.dueAt} >= ${now} AND ${feedbackCases.dueAt} <= ${soon}`);
    }
  }
  const text = q.q?.trim();
  if (text) {
    const code = normaliseTrackingCode(text);
    const prefix = code ? null : trackingCodePrefix(text);
    if (code) conditions.push(eq(feedbackCases.trackingCode, code));
    else if (prefix)
      conditions.push(sql`${feedbackCases.trackingCode} LIKE ${`${escapeLike(prefix)}%`}`);
    else {
      for (const word of fold(text).split(' ').filter(Boolean).slice(0, 8)) {
        conditions.push(sql`${feedbackCases.searchText} LIKE ${`%${escapeLike(word)}%`}`);
      }
    }
  }
  return conditions;
}

const SORTS = {
  receivedAt: feedbackCases.receivedAt,
  dueAt: feedbackCases.dueAt,
  status: feedbackCases.status,
  updatedAt: feedbackCases.updatedAt,
} as const;

/** The inbox: cases of the user's unit and below, filtered, sorted, personal data masked. */
export async function listCases(ctx: AppContext, user: CurrentUser, q: ListQuery) {
  const now = new Date();
  const where = and(...(await listConditions(ctx, user, q, now)));
  const column = SORTS[q.sort];
  const order =
    q.order === 'asc'
      ? [sql`${column} ASC NULLS LAST`, asc(feedbackCases.id)]
      : [sql`${column} DESC NULLS LAST`, desc(feedbackCases.id)];
  // The page's ids come from the covering scope index alone; only those rows are then read.
  const page = ctx.db
    .select({ id: feedbackCases.id })
    .from(feedbackCases)
    .where(where)
    .orderBy(...order)
    .limit(q.limit)
    .offset(q.offset);
  const [items, [count], holidays] = await Promise.all([
    ctx.db
      .select()
      .from(feedbackCases)
      .where(inArray(feedbackCases.id, page))
      .orderBy(...order),
    ctx.db
      .select({ total: sql<number>`count(*)::int` })
      .from(feedbackCases)
      .where(where),
    calendar(ctx).then((c) => c.holidays),
  ]);
  const names = await unitNames(
    ctx.db,
    items.map((c) => c.handlingUnitCode),
  );
  return {
    items: items.map((c) =>
      presentListItem(c, names.get(c.handlingUnitCode) ?? c.handlingUnitCode, now, holidays),
    ),
    total: count?.total ?? 0,
  };
}

/** Every case of a list (for exports), capped. */
export async function listAllCases(
  ctx: AppContext,
  user: CurrentUser,
  q: Partial<ListQuery>,
  cap = 50_000,
) {
  const now = new Date();
  const where = and(...(await listConditions(ctx, user, q, now)));
  const [items, holidays] = await Promise.all([
    ctx.db
      .select()
      .from(feedbackCases)
      .where(where)
      .orderBy(desc(feedbackCases.receivedAt))
      .limit(cap),
    calendar(ctx).then((c) => c.holidays),
  ]);
  const names = await unitNames(
    ctx.db,
    items.map((c) => c.handlingUnitCode),
  );
  return items.map((c) =>
    presentListItem(c, names.get(c.handlingUnitCode) ?? c.handlingUnitCode, now, holidays),
  );
}

async function loadVisible(db: Executor, user: CurrentUser, id: number): Promise<FeedbackCase> {
  const [c] = await db.select().from(feedbackCases).where(eq(feedbackCases.id, id));
  if (!c || !canSeeCase(user, c)) throw errors.notFound('hồ sơ');
  return c;
}

/** One case for staff; personal data for handlers only, each such view audit-logged. */
export async function getCase(ctx: AppContext, user: CurrentUser, id: number, actor: AuditActor) {
  const c = await loadVisible(ctx.db, user, id);
  const personal = canSeePersonalData(user, c);
  const [events, attachments, holidays] = await Promise.all([
    ctx.db
      .select()
      .from(feedbackEvents)
      .where(eq(feedbackEvents.caseId, id))
      .orderBy(asc(feedbackEvents.at), asc(feedbackEvents.id)),
    ctx.db
      .select()
      .from(feedbackAttachments)
      .where(eq(feedbackAttachments.caseId, id))
      .orderBy(asc(feedbackAttachments.id)),
    calendar(ctx).then((c) => c.holidays),
  ]);
  // The handling unit and every unit named on the timeline, so that it shows names, not codes.
  const names = await unitNames(ctx.db, [
    c.handlingUnitCode,
    ...events.flatMap((e) => (e.unitCode ? [e.unitCode] : [])),
  ]);
  if (personal) {
    await recordAudit(ctx.db, actor, {
      action: 'feedback.personal_data.view',
      entityType: 'feedback_case',
      entityId: c.id,
      unitCode: c.handlingUnitCode,
    });
  }
  const kind = handlerKind(user, c);
  return presentDetail(c, {
    unitName: names.get(c.handlingUnitCode) ?? c.handlingUnitCode,
    now: new Date(),
    holidays,
    personal,
    events,
    attachments,
    actions: kind ? availableActions(c, kind).filter((a) => mayTake(user, c, a)) : [],
    unitNames: names,
  });
}

function refuse(
  result: Extract<TransitionResult, { ok: false }>,
  c: FeedbackCase,
  action: Action,
): never {
  switch (result.code) {
    case 'INVALID_TRANSITION':
      throw errors.invalidTransition(STATUS_LABELS[c.status], ACTION_LABELS[action]);
    case 'ACTOR_NOT_ALLOWED':
      throw errors.forbidden(`Bạn không được thực hiện «${ACTION_LABELS[action]}» với hồ sơ này.`);
    case 'MISSING_INPUT':
      throw errors.validation(
        result.field ?? 'action',
        `cần nhập cho thao tác «${ACTION_LABELS[action]}».`,
      );
    case 'REOPEN_EXPIRED':
      throw new AppError(400, 'REOPEN_EXPIRED', 'Đã quá thời hạn được mở lại hồ sơ này.', 'action');
  }
}

type Patch = Partial<typeof feedbackCases.$inferInsert>;

/** Checks the cadre named as assignee works at the handling unit or below it. */
async function assertAssignable(tx: Tx, c: FeedbackCase, userId: number): Promise<void> {
  const found = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(units, eq(units.code, userRoles.unitCode))
    .where(
      and(
        eq(users.id, userId),
        eq(users.disabled, false),
        inArray(userRoles.role, ['cadre', 'leader']),
        or(
          eq(units.path, c.handlingUnitPath),
          sql`${units.path} LIKE ${`${escapeLike(c.handlingUnitPath)}/%`}`,
        ),
      ),
    )
    .limit(1);
  if (!found.length)
    throw errors.validation('assigneeId', 'người được giao phải là cán bộ của đơn vị đang xử lý.');
}

/** The changes an action makes besides its status, after the workflow allowed it. */
async function effects(
  tx: Tx,
  ctx: AppContext,
  c: FeedbackCase,
  action: Action,
  body: TransitionInput & { type?: FeedbackCase['type'] | null; complex?: boolean | null },
  user: CurrentUser | null,
  now: Date,
  origin: ForwardOrigin | null,
): Promise<{ patch: Patch; publicNote?: string; data?: Record<string, unknown> }> {
  const [settings, holidays] = await Promise.all([getSettings(tx), holidaySet(tx)]);
  const resolveDue = (complex: boolean) =>
    dueFor(settings.deadlines, c.type, 'resolve', now, holidays, complex);
  switch (action) {
    case 'classify': {
      const type = body.type ?? c.type;
      return {
        patch: {
          field: body.field ?? c.field,
          type,
          complex: body.complex ?? c.complex,
          dueAt: dueFor(settings.deadlines, type, 'accept', c.receivedAt, holidays),
        },
      };
    }
    case 'accept':
      return {
        patch: {
          step: 'resolve',
          dueAt: resolveDue(body.complex ?? c.complex),
          complex: body.complex ?? c.complex,
        },
      };
    case 'return_guidance':
    case 'reject':
      return {
        patch: { step: 'none', answer: body.note ?? null, answerPublic: true, answeredAt: now },
        publicNote: body.note ?? undefined,
      };
    case 'assign':
      await assertAssignable(tx, c, body.assigneeId ?? 0);
      return {
        patch: { assigneeId: body.assigneeId ?? null },
        data: { assigneeId: body.assigneeId },
      };
    case 'forward': {
      // Kept on the forward's timeline entry: a declined forward gives the case back as it was.
      const before = {
        step: c.step,
        dueAt: c.dueAt?.toISOString() ?? null,
        assigneeId: c.assigneeId,
      };
      if (body.forwardKind !== 'front_unit') {
        return {
          patch: {
            forwardKind: body.forwardKind ?? null,
            forwardedTo: body.forwardTo ?? null,
            step: 'forward',
            dueAt: dueFor(settings.deadlines, c.type, 'forward', now, holidays),
          },
          publicNote: `Chuyển tới ${body.forwardTo}`,
          data: { forwardKind: body.forwardKind, forwardTo: body.forwardTo, before },
        };
      }
      const target = await currentUnit(tx, body.forwardTo ?? '');
      if (!target) throw errors.validation('forwardTo', 'không có đơn vị Mặt trận với mã này.');
      const related =
        target.path.startsWith(`${c.handlingUnitPath}/`) ||
        c.handlingUnitPath.startsWith(`${target.path}/`);
      if (!related)
        throw errors.validation(
          'forwardTo',
          'chỉ chuyển lên cấp trên hoặc xuống cấp dưới của đơn vị đang xử lý.',
        );
      return {
        patch: {
          forwardKind: 'front_unit',
          forwardedTo: target.code,
          previousUnitCode: c.handlingUnitCode,
          handlingUnitCode: target.code,
          handlingUnitPath: target.path,
          assigneeId: null,
          step: 'forward',
          dueAt: dueFor(settings.deadlines, c.type, 'forward', now, holidays),
        },
        publicNote: `Chuyển tới ${target.name}`,
        data: { forwardKind: 'front_unit', forwardTo: target.code, before },
      };
    }
    case 'receive_forward':
      return { patch: { step: 'resolve', dueAt: resolveDue(c.complex) } };
    case 'decline_forward': {
      // The sender gets the case back as it was (step, deadline, assignee); a forward recorded
      // before these were kept restarts the resolve deadline.
      const restored: Patch = {
        forwardKind: null,
        forwardedTo: null,
        previousUnitCode: null,
        step: origin?.step ?? 'resolve',
        dueAt: origin?.dueAt ? new Date(origin.dueAt) : resolveDue(c.complex),
        assigneeId: origin ? origin.assigneeId : c.assigneeId,
      };
      const data = { declinedBy: c.forwardedTo };
      if (c.forwardKind !== 'front_unit' || !c.previousUnitCode) return { patch: restored, data };
      const back = await currentUnit(tx, c.previousUnitCode);
      if (!back) throw errors.conflict('Đơn vị chuyển hồ sơ không còn hoạt động.');
      return {
        patch: { ...restored, handlingUnitCode: back.code, handlingUnitPath: back.path },
        publicNote: `Trả lại ${back.name}`,
        data,
      };
    }
    case 'start':
      return { patch: { assigneeId: c.assigneeId ?? user?.id ?? null } };
    case 'extend': {
      const due = endOfLocalDay(body.newDueAt ?? '');
      const shown = (d: Date) => dayjs(d).tz(TIME_ZONE).format('DD/MM/YYYY');
      if (due.getTime() < now.getTime())
        throw errors.validation('newDueAt', 'hạn mới không được ở quá khứ.');
      if (c.dueAt && due.getTime() <= c.dueAt.getTime())
        throw errors.validation('newDueAt', `hạn mới phải sau hạn hiện tại (${shown(c.dueAt)}).`);
      const limit = addWorkingDays(c.dueAt ?? now, settings.maxExtensionDays, holidays);
      if (due.getTime() > limit.getTime())
        throw errors.validation(
          'newDueAt',
          `chỉ được gia hạn tối đa ${settings.maxExtensionDays} ngày làm việc, tức đến hết ngày ${shown(limit)}.`,
        );
      return {
        // Extended while paused: the new date counts the pause so far, the clock stays stopped.
        patch: { dueAt: due, ...(c.status === 'paused' ? { pausedAt: now } : {}) },
        publicNote: `Gia hạn đến ${dayjs(due).tz(TIME_ZONE).format('DD/MM/YYYY')}`,
        data: { newDueAt: body.newDueAt },
      };
    }
    case 'pause':
      return { patch: { pausedAt: now } };
    case 'resume': {
      // The clock stood still while paused: the due date moves by the working days it lost.
      const days = c.pausedAt ? workingDaysBetween(c.pausedAt, now, holidays) : 0;
      if (days === 0 || !c.dueAt) return { patch: { pausedAt: null } };
      const due = addWorkingDays(c.dueAt, days, holidays);
      return {
        patch: { pausedAt: null, dueAt: due },
        publicNote: `Hạn xử lý lùi ${days} ngày làm việc, đến ${dayjs(due).tz(TIME_ZONE).format('DD/MM/YYYY')}`,
        data: { pausedWorkingDays: days },
      };
    }
    case 'hide':
      return { patch: {} };
    case 'draft_answer': {
      const patch: Patch = { answer: body.answer ?? null, answerPublic: body.answerPublic ?? true };
      if (c.status !== 'forwarded') return { patch };
      return {
        patch: { ...patch, step: 'resolve' },
        publicNote: `Đã nhận trả lời của ${c.forwardedTo ?? 'nơi nhận'}`,
        data: { replyFrom: c.forwardedTo },
      };
    }
    case 'publish':
      return { patch: { answeredAt: now, step: 'none' } };
    case 'close':
      return { patch: { closedAt: now, step: 'none' } };
    case 'merge': {
      if (body.targetId === c.id)
        throw errors.validation('targetId', 'không gộp hồ sơ vào chính nó.');
      const [target] = await tx
        .select()
        .from(feedbackCases)
        .where(eq(feedbackCases.id, body.targetId ?? 0))
        .for('update');
      if (!target || !user || !canSeeCase(user, target))
        throw errors.validation('targetId', 'không tìm thấy hồ sơ gộp vào.');
      if (['merged', 'hidden', 'withdrawn'].includes(target.status))
        throw errors.validation('targetId', 'hồ sơ gộp vào đã đóng hoặc đã gộp.');
      await tx.insert(feedbackEvents).values({
        caseId: target.id,
        action: 'merged_in',
        actorId: user.id,
        actorName: user.fullName,
        unitCode: target.handlingUnitCode,
        note: `Hồ sơ ${c.trackingCode} được gộp vào`,
      });
      return {
        patch: { mergedIntoId: target.id, step: 'none' },
        publicNote: 'Hồ sơ được gộp với một hồ sơ cùng nội dung',
        data: { targetId: target.id },
      };
    }
    case 'rate':
      return { patch: { rating: body.rating ?? null, ratingComment: body.note ?? null } };
    case 'reopen':
      return {
        patch: { step: 'resolve', closedAt: null, dueAt: resolveDue(c.complex) },
        publicNote: body.note ?? undefined,
      };
    case 'withdraw':
      return { patch: { step: 'none', closedAt: now } };
  }
}

type ForwardOrigin = {
  status: FeedbackCase['status'];
  step: FeedbackCase['step'];
  dueAt: string | null;
  assigneeId: number | null;
};

/** What a forwarded case was before its last forward, read from that forward's timeline entry. */
async function forwardOrigin(tx: Tx, c: FeedbackCase): Promise<ForwardOrigin | null> {
  if (c.status !== 'forwarded') return null;
  const [last] = await tx
    .select({ fromStatus: feedbackEvents.fromStatus, data: feedbackEvents.data })
    .from(feedbackEvents)
    .where(and(eq(feedbackEvents.caseId, c.id), eq(feedbackEvents.action, 'forward')))
    .orderBy(desc(feedbackEvents.at), desc(feedbackEvents.id))
    .limit(1);
  if (!last?.fromStatus) return null;
  const before = (last.data as { before?: Partial<ForwardOrigin> } | null)?.before;
  return {
    status: last.fromStatus as FeedbackCase['status'],
    step: before?.step ?? 'resolve',
    dueAt: before?.dueAt ?? null,
    assigneeId: before?.assigneeId ?? null,
  };
}

async function applyTransition(
  ctx: AppContext,
  tx: Tx,
  c: FeedbackCase,
  action: Action,
  kind: ActorKind,
  body: TransitionInput & { type?: FeedbackCase['type'] | null },
  who: Who,
): Promise<{ from: FeedbackCase['status']; to: FeedbackCase['status'] }> {
  const now = new Date();
  const [settings, origin] = await Promise.all([getSettings(tx), forwardOrigin(tx, c)]);
  const state = { ...c, statusBeforeForward: origin?.status ?? null };
  const result = transition(state, action, kind, body, { now, reopenDays: settings.reopenDays });
  if (!result.ok) refuse(result, c, action);
  const { patch, publicNote, data } = await effects(
    tx,
    ctx,
    c,
    action,
    body,
    who.user,
    now,
    origin,
  );
  const updated = await tx
    .update(feedbackCases)
    .set({ ...patch, status: result.to, version: c.version + 1, updatedAt: now })
    .where(and(eq(feedbackCases.id, c.id), eq(feedbackCases.version, c.version)))
    .returning({ id: feedbackCases.id });
  if (!updated.length) throw errors.conflict();
  const internal =
    action === 'assign' || action === 'hide' || (action === 'draft_answer' && !publicNote);
  await tx.insert(feedbackEvents).values({
    caseId: c.id,
    action,
    fromStatus: c.status,
    toStatus: result.to,
    actorId: who.user?.id ?? null,
    actorName: kind === 'citizen' ? 'Người gửi' : (who.user?.fullName ?? 'Hệ thống'),
    unitCode: patch.handlingUnitCode ?? c.handlingUnitCode,
    note: body.note ?? null,
    public: !internal,
    data: { ...data, ...(publicNote ? { publicNote } : {}) },
  });
  await recordAudit(tx, who.actor, {
    action: `feedback.transition.${action}`,
    entityType: 'feedback_case',
    entityId: c.id,
    unitCode: c.handlingUnitCode,
    before: { status: c.status, version: c.version, unitCode: c.handlingUnitCode },
    after: {
      status: result.to,
      version: c.version + 1,
      unitCode: patch.handlingUnitCode ?? c.handlingUnitCode,
    },
  });
  return { from: c.status, to: result.to };
}

/**
 * A staff move on a case: locked row, version check (two cadres at once: one wins, the other
 * gets 409), handler check, the workflow's verdict, the change with its timeline entry and audit.
 */
export async function transitionCase(
  ctx: AppContext,
  user: CurrentUser,
  id: number,
  body: TransitionBody,
  actor: AuditActor,
) {
  const outcome = await ctx.db.transaction(async (tx) => {
    const [c] = await tx.select().from(feedbackCases).where(eq(feedbackCases.id, id)).for('update');
    if (!c || !canSeeCase(user, c)) throw errors.notFound('hồ sơ');
    const kind = handlerKind(user, c);
    if (!kind)
      throw errors.forbidden('Chỉ cán bộ, lãnh đạo của đơn vị đang xử lý được thao tác hồ sơ này.');
    if (!mayTake(user, c, body.action))
      throw errors.forbidden(
        'Chỉ cán bộ, lãnh đạo của đơn vị nhận hồ sơ được nhận hoặc trả lại hồ sơ chuyển đến.',
      );
    if (c.version !== body.expectedVersion) throw errors.conflict();
    const input =
      body.action === 'merge' && !body.targetId && body.targetCode
        ? { ...body, targetId: await mergeTargetId(tx, user, body.targetCode) }
        : body;
    return applyTransition(ctx, tx, c, body.action, kind, input, { user, actor });
  });
  ctx.events.emit('feedback.transitioned', { caseId: id, action: body.action, ...outcome });
  const [after] = await ctx.db.select().from(feedbackCases).where(eq(feedbackCases.id, id));
  if (after && !canSeeCase(user, after)) {
    // Forwarded out of the user's tree: confirm the move without showing anything more.
    const names = await unitNames(ctx.db, [after.handlingUnitCode]);
    const unitName = names.get(after.handlingUnitCode) ?? after.handlingUnitCode;
    return presentDetail(after, {
      unitName,
      now: new Date(),
      holidays: new Set(),
      personal: false,
      events: [],
      attachments: [],
      actions: [],
    });
  }
  return getCase(ctx, user, id, actor);
}

/** The case staff name by its tracking code as the target of a merge, among those they see. */
async function mergeTargetId(tx: Tx, user: CurrentUser, text: string): Promise<number> {
  const code = normaliseTrackingCode(text);
  if (!code) throw errors.validation('targetCode', 'mã tra cứu có dạng PA-XXXX-XXXX-XX.');
  const [target] = await tx
    .select()
    .from(feedbackCases)
    .where(eq(feedbackCases.trackingCode, code));
  if (!target || !canSeeCase(user, target))
    throw errors.validation('targetCode', `không tìm thấy hồ sơ ${code} trong phạm vi của bạn.`);
  return target.id;
}

async function byCode(db: Executor, code: string): Promise<FeedbackCase> {
  const normalised = normaliseTrackingCode(code);
  const [c] = normalised
    ? await db.select().from(feedbackCases).where(eq(feedbackCases.trackingCode, normalised))
    : [];
  if (!c || c.status === 'hidden') throw errors.notFound('hồ sơ với mã tra cứu này');
  return c;
}

/** The public lookup by tracking code: no personal data, no staff notes. */
export async function lookupCase(ctx: AppContext, code: string) {
  const c = await byCode(ctx.db, code);
  const [events, attachments, names] = await Promise.all([
    ctx.db
      .select()
      .from(feedbackEvents)
      .where(eq(feedbackEvents.caseId, c.id))
      .orderBy(asc(feedbackEvents.at), asc(feedbackEvents.id)),
    ctx.db
      .select()
      .from(feedbackAttachments)
      .where(and(eq(feedbackAttachments.caseId, c.id), eq(feedbackAttachments.public, true))),
    unitNames(ctx.db, [c.handlingUnitCode]),
  ]);
  const { reopenDays } = (await calendar(ctx)).settings;
  // Offer only the moves that would pass now: no reopen button once the window has closed.
  const actions = availableActions(c, 'citizen').filter(
    (a): a is 'rate' | 'reopen' | 'withdraw' =>
      (a === 'rate' || a === 'reopen' || a === 'withdraw') &&
      (a !== 'reopen' ||
        transition(c, a, 'citizen', { note: '-' }, { now: new Date(), reopenDays }).ok),
  );
  return presentPublic(c, {
    unitName: names.get(c.handlingUnitCode) ?? '',
    events,
    attachments,
    actions,
  });
}

/** Rating, reopening or withdrawing by the citizen who holds the tracking code. */
export async function citizenAction(
  ctx: AppContext,
  code: string,
  body: { action: 'rate' | 'reopen' | 'withdraw'; rating?: number | null; note?: string | null },
  actor: AuditActor,
) {
  const found = await byCode(ctx.db, code);
  const outcome = await ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .select()
      .from(feedbackCases)
      .where(eq(feedbackCases.id, found.id))
      .for('update');
    if (!c) throw errors.notFound('hồ sơ');
    return applyTransition(ctx, tx, c, body.action, 'citizen', body, { user: null, actor });
  });
  ctx.events.emit('feedback.transitioned', { caseId: found.id, action: body.action, ...outcome });
  return lookupCase(ctx, code);
}

/** An internal note on the timeline (never public). */
export async function addNote(
  ctx: AppContext,
  user: CurrentUser,
  id: number,
  note: string,
  actor: AuditActor,
): Promise<void> {
  const c = await loadVisible(ctx.db, user, id);
  if (!handlerKind(user, c)) throw errors.forbidden('Chỉ người xử lý hồ sơ được ghi chú.');
  await ctx.db.transaction(async (tx) => {
    await tx.insert(feedbackEvents).values({
      caseId: id,
      action: 'note',
      actorId: user.id,
      actorName: user.fullName,
      unitCode: c.handlingUnitCode,
      note,
      public: false,
    });
    await recordAudit(tx, actor, {
      action: 'feedback.note',
      entityType: 'feedback_case',
      entityId: id,
      unitCode: c.handlingUnitCode,
    });
  });
}

/** Similar open cases in the same commune (trigram similarity on folded text), in the user's tree. */
export async function similarCases(
  ctx: AppContext,
  user: CurrentUser,
  q: { text: string; communeCode?: string; excludeId?: number },
) {
  const folded = fold(q.text).slice(0, 500);
  const conditions: SQL[] = [
    scopeCondition(user, feedbackCases.handlingUnitPath),
    notInArray(feedbackCases.status, ['merged', 'hidden', 'withdrawn']),
    sql`similarity(${feedbackCases.searchText}, ${folded}) > 0.15`,
  ];
  if (q.communeCode) conditions.push(eq(feedbackCases.communeCode, q.communeCode));
  if (q.excludeId) conditions.push(ne(feedbackCases.id, q.excludeId));
  const found = await ctx.db
    .select({
      id: feedbackCases.id,
      trackingCode: feedbackCases.trackingCode,
      title: feedbackCases.title,
      status: feedbackCases.status,
      receivedAt: feedbackCases.receivedAt,
      score: sql<number>`similarity(${feedbackCases.searchText}, ${folded})`,
    })
    .from(feedbackCases)
    .where(and(...conditions))
    .orderBy(sql`similarity(${feedbackCases.searchText}, ${folded}) DESC`)
    .limit(5);
  return found.map((f) => ({
    ...f,
    statusLabel: STATUS_LABELS[f.status],
    receivedAt: f.receivedAt.toISOString(),
    score: Number(f.score),
  }));
}

/** Cadres and leaders who may be assigned a case: at the handling unit or below. */
export async function assignees(ctx: AppContext, user: CurrentUser, id: number) {
  const c = await loadVisible(ctx.db, user, id);
  return ctx.db
    .selectDistinct({ id: users.id, fullName: users.fullName, unitCode: userRoles.unitCode })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(units, eq(units.code, userRoles.unitCode))
    .where(
      and(
        eq(users.disabled, false),
        inArray(userRoles.role, ['cadre', 'leader']),
        or(
          eq(units.path, c.handlingUnitPath),
          sql`${units.path} LIKE ${`${escapeLike(c.handlingUnitPath)}/%`}`,
        ),
      ),
    )
    .orderBy(asc(users.fullName))
    .limit(200);
}
