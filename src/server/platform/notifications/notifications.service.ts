import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { userRoles, type Role } from '../auth/auth.tables';
import { units } from '../units/units.tables';
import { mailOutbox, notifications } from './notifications.tables';

export type Notice = { kind: string; title: string; body?: string; link?: string };

/** Stores an in-app notice for each user. */
export async function notifyUsers(db: Executor, userIds: number[], notice: Notice): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await db.insert(notifications).values(
    unique.map((userId) => ({
      userId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body ?? '',
      link: notice.link ?? null,
    })),
  );
}

/** Users holding one of `roles` exactly at the unit (not above it). */
export async function usersAtUnit(
  db: Executor,
  unitCode: string,
  roles: readonly Role[],
): Promise<number[]> {
  const found = await db
    .selectDistinct({ userId: userRoles.userId })
    .from(userRoles)
    .where(and(eq(userRoles.unitCode, unitCode), inArray(userRoles.role, [...roles])));
  return found.map((r) => r.userId);
}

/** Users holding one of `roles` at the parent of the unit: the level a case escalates to. */
export async function usersAboveUnit(
  db: Executor,
  unitCode: string,
  roles: readonly Role[],
): Promise<number[]> {
  const [unit] = await db
    .select({ parent: units.parentCode })
    .from(units)
    .where(eq(units.code, unitCode));
  return unit?.parent ? usersAtUnit(db, unit.parent, roles) : [];
}

export async function listNotifications(db: Executor, userId: number, limit: number) {
  const [items, [unread]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, userId))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt))),
  ]);
  return { items, unread: unread?.n ?? 0 };
}

export async function markRead(db: Executor, userId: number, id?: number): Promise<void> {
  const mine = eq(notifications.userId, userId);
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      id === undefined
        ? and(mine, isNull(notifications.readAt))
        : and(mine, eq(notifications.id, id)),
    );
}

/** An e-mail. `redacted` marks it personal: see {@link sendMail}. */
export type Mail = {
  to: string;
  subject: string;
  body: string;
  /**
   * What an administrator reading the outbox may see instead of subject and body. Set it for
   * mail to a citizen: their address is then masked too, and the message itself (their case's
   * tracking code, an answer meant for them alone) is only ever read by its recipient.
   */
  redacted?: { subject: string; body: string };
};

/**
 * Queues an e-mail. With SMTP configured it is sent at once (and marked failed if the server
 * refuses); without, it stays in the outbox for an administrator to read.
 */
export async function sendMail(ctx: AppContext, mail: Mail): Promise<void> {
  const { to, subject, body } = mail;
  const [row] = await ctx.db
    .insert(mailOutbox)
    .values({
      toAddress: to,
      subject,
      body,
      personal: mail.redacted !== undefined,
      shownSubject: mail.redacted?.subject ?? null,
      shownBody: mail.redacted?.body ?? null,
      status: ctx.config.smtpUrl ? 'pending' : 'kept',
    })
    .returning({ id: mailOutbox.id });
  if (!ctx.config.smtpUrl || !row) return;
  try {
    await nodemailer
      .createTransport(ctx.config.smtpUrl)
      .sendMail({ from: ctx.config.mailFrom, to, subject, text: body });
    await ctx.db
      .update(mailOutbox)
      .set({ status: 'sent', sentAt: new Date() })
      .where(eq(mailOutbox.id, row.id));
  } catch (error) {
    ctx.log.warn({ err: error, mailId: row.id }, 'mail not sent');
    await ctx.db
      .update(mailOutbox)
      .set({ status: 'failed', error: String(error).slice(0, 500) })
      .where(eq(mailOutbox.id, row.id));
  }
}

/** "to.giac@example.vn" → "t•••@e•••.vn": enough to tell mails apart, not to write to anyone. */
export function maskEmail(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  const labels = domain.split('.');
  const top = labels.length > 1 ? labels.pop() : undefined;
  const hidden = (part: string) => `${[...part][0] ?? ''}•••`;
  return `${hidden(local)}@${hidden(labels.join('.'))}${top ? `.${top}` : ''}`;
}

type OutboxRow = typeof mailOutbox.$inferSelect;

/** The outbox as an administrator sees it: personal mail masked, the redacted copy shown. */
export function presentOutboxMail(m: OutboxRow) {
  const shown = m.personal
    ? {
        toAddress: maskEmail(m.toAddress),
        subject: m.shownSubject ?? 'Thư gửi người dân',
        body: m.shownBody ?? 'Nội dung thư gửi người dân chỉ người nhận được đọc.',
      }
    : { toAddress: m.toAddress, subject: m.subject, body: m.body };
  return { id: m.id, ...shown, personal: m.personal, status: m.status, createdAt: m.createdAt };
}
