import dayjs from 'dayjs';
import { and, eq, inArray, isNotNull, lte, notInArray, sql } from 'drizzle-orm';
import type { AppContext } from '@server/platform/context';
import {
  notifyUsers,
  sendMail,
  usersAboveUnit,
  usersAtUnit,
} from '@server/platform/notifications/notifications.service';
import { purgeStaleUploads } from './feedback.attachments';
import { addWorkingDays, TIME_ZONE } from './feedback.deadlines';
import { holidaySet } from './feedback.settings';
import { feedbackCases, feedbackEvents, type FeedbackCase } from './feedback.tables';
import { ACTION_LABELS, FINISHED, STATUS_LABELS, type Action } from './feedback.workflow';

const HANDLER_ROLES = ['cadre', 'leader'] as const;
const CHECK_EVERY_MS = 15 * 60_000;

async function loadCase(ctx: AppContext, id: number): Promise<FeedbackCase | undefined> {
  const [c] = await ctx.db.select().from(feedbackCases).where(eq(feedbackCases.id, id));
  return c;
}

/** Handlers to notify: the assignee, or else the cadres and leaders of the handling unit. */
async function handlersOf(ctx: AppContext, c: FeedbackCase): Promise<number[]> {
  if (c.assigneeId) return [c.assigneeId];
  return usersAtUnit(ctx.db, c.handlingUnitCode, HANDLER_ROLES);
}

const link = (c: FeedbackCase) => `/feedback/ho-so/${c.id}`;

/**
 * Citizens hear of public changes by e-mail when they left an address. The message carries the
 * secret tracking code and never the petitioner's own details; the outbox keeps a redacted copy
 * for administrators, naming the case by its internal number only.
 */
async function mailCitizen(
  ctx: AppContext,
  c: FeedbackCase,
  heading: string,
  withAnswer = false,
  extra = '',
): Promise<void> {
  if (!c.petitionerEmail) return;
  const status = STATUS_LABELS[c.status];
  // The answer reaches the citizen even when it is not public: this mail is theirs alone.
  const answer = withAnswer && c.answer ? `\n\nNội dung trả lời:\n${c.answer}` : '';
  await sendMail(ctx, {
    to: c.petitionerEmail,
    subject: `${heading} ${c.trackingCode}`,
    body: `Hồ sơ ${c.trackingCode} hiện ở trạng thái «${status}».${extra}${answer}\nTra cứu tại trang /feedback/tra-cuu với mã ${c.trackingCode}.`,
    redacted: {
      subject: `${heading} số ${c.id}`,
      body: `Thư báo trạng thái «${status}» gửi người gửi hồ sơ số ${c.id}. Mã tra cứu và nội dung thư chỉ người nhận được đọc.`,
    },
  });
}

async function onCreated(ctx: AppContext, payload: Record<string, unknown>): Promise<void> {
  const c = await loadCase(ctx, Number(payload.caseId));
  if (!c) return;
  await notifyUsers(ctx.db, await handlersOf(ctx, c), {
    kind: 'feedback.created',
    title: `Hồ sơ mới ${c.trackingCode}`,
    body: c.title.slice(0, 200),
    link: link(c),
  });
  await mailCitizen(ctx, c, 'Đã tiếp nhận hồ sơ');
}

async function onTransitioned(ctx: AppContext, payload: Record<string, unknown>): Promise<void> {
  const c = await loadCase(ctx, Number(payload.caseId));
  if (!c) return;
  const action = payload.action as Action;
  const recipients = new Set(await handlersOf(ctx, c));
  if (action === 'forward' || action === 'decline_forward') {
    for (const id of await usersAtUnit(ctx.db, c.handlingUnitCode, HANDLER_ROLES))
      recipients.add(id);
  }
  await notifyUsers(ctx.db, [...recipients], {
    kind: `feedback.${action}`,
    title: `${ACTION_LABELS[action] ?? action}: ${c.trackingCode}`,
    body: `Trạng thái: ${STATUS_LABELS[c.status]}`,
    link: link(c),
  });
  // The citizen hears of a new public status, or of a new due date; nothing else is news to them.
  if (action === 'extend' && c.dueAt) {
    const due = dayjs(c.dueAt).tz(TIME_ZONE).format('DD/MM/YYYY');
    await mailCitizen(ctx, c, 'Gia hạn xử lý: hồ sơ', false, `\nHạn xử lý mới: ${due}.`);
  } else if (
    payload.from !== payload.to &&
    !['assign', 'draft_answer', 'hide', 'rate'].includes(action)
  )
    await mailCitizen(
      ctx,
      c,
      `${STATUS_LABELS[c.status]}: hồ sơ`,
      ['publish', 'return_guidance', 'reject'].includes(action),
    );
  // Every petitioner of a merged case is still told where it went.
  if (action === 'merge' && c.mergedIntoId) {
    const target = await loadCase(ctx, c.mergedIntoId);
    if (target)
      await notifyUsers(ctx.db, await handlersOf(ctx, target), {
        kind: 'feedback.merged',
        title: `Hồ sơ ${c.trackingCode} gộp vào ${target.trackingCode}`,
        link: link(target),
      });
  }
}

/**
 * Flags cases due within 2 working days or overdue: notifies the handlers once per level and,
 * when overdue, escalates to the cadres and leaders of the unit above. Returns how many alerts.
 */
export async function checkDeadlines(
  ctx: AppContext,
  now = new Date(),
): Promise<{ dueSoon: number; overdue: number }> {
  const holidays = await holidaySet(ctx.db);
  const soon = addWorkingDays(now, 2, holidays);
  const candidates = await ctx.db
    .select()
    .from(feedbackCases)
    .where(
      and(
        // Paused cases have their clock stopped: no alert, no escalation until they resume.
        notInArray(feedbackCases.status, [...FINISHED, 'paused']),
        isNotNull(feedbackCases.dueAt),
        lte(feedbackCases.dueAt, soon),
        inArray(feedbackCases.alertLevel, ['none', 'due_soon']),
      ),
    )
    .limit(5000);
  let dueSoon = 0;
  let overdue = 0;
  for (const c of candidates) {
    const level = (c.dueAt?.getTime() ?? 0) < now.getTime() ? 'overdue' : 'due_soon';
    if (level === c.alertLevel) continue;
    const claimed = await ctx.db
      .update(feedbackCases)
      .set({ alertLevel: level })
      .where(and(eq(feedbackCases.id, c.id), eq(feedbackCases.alertLevel, c.alertLevel)))
      .returning({ id: feedbackCases.id });
    if (!claimed.length) continue;
    const title =
      level === 'overdue' ? `Quá hạn: ${c.trackingCode}` : `Sắp đến hạn: ${c.trackingCode}`;
    await notifyUsers(ctx.db, await handlersOf(ctx, c), {
      kind: `feedback.${level}`,
      title,
      body: c.title.slice(0, 200),
      link: link(c),
    });
    if (level === 'overdue') {
      overdue += 1;
      await notifyUsers(ctx.db, await usersAboveUnit(ctx.db, c.handlingUnitCode, HANDLER_ROLES), {
        kind: 'feedback.escalated',
        title: `Cấp dưới quá hạn: ${c.trackingCode}`,
        body: c.title.slice(0, 200),
        link: link(c),
      });
      await ctx.db.insert(feedbackEvents).values({
        caseId: c.id,
        action: 'alert',
        actorName: 'Hệ thống',
        unitCode: c.handlingUnitCode,
        note: 'Quá hạn, đã báo cấp trên',
        data: { level },
      });
    } else dueSoon += 1;
  }
  return { dueSoon, overdue };
}

/** Resets the alert level when a deadline moves (extension, acceptance), so alerts fire again. */
async function resetAlert(ctx: AppContext, payload: Record<string, unknown>): Promise<void> {
  await ctx.db
    .update(feedbackCases)
    .set({ alertLevel: 'none' })
    .where(and(eq(feedbackCases.id, Number(payload.caseId)), sql`${feedbackCases.dueAt} > now()`));
}

export function subscribeFeedbackAlerts(ctx: AppContext): void {
  ctx.events.on('feedback.created', (p) => onCreated(ctx, p));
  ctx.events.on('feedback.transitioned', async (p) => {
    await resetAlert(ctx, p);
    await onTransitioned(ctx, p);
  });
  if (ctx.config.env === 'test') return;
  const timer = setInterval(() => {
    void checkDeadlines(ctx)
      .then(() => purgeStaleUploads(ctx))
      .catch((error: unknown) => ctx.log.error({ err: error }, 'feedback deadline check failed'));
  }, CHECK_EVERY_MS);
  timer.unref();
}
