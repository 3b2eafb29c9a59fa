import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { auditLog } from './audit.tables';

/** Who did something: a signed-in user, or the system itself (loaders, schedulers). */
export type AuditActor = {
  userId: number | null;
  username: string;
  unitCode: string | null;
  requestId?: string;
  ip?: string;
};

export const SYSTEM_ACTOR: AuditActor = { userId: null, username: 'system', unitCode: null };

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  /** Overrides the actor's unit: the unit the changed record belongs to. */
  unitCode?: string | null;
};

/** Writes one audit record; call it inside the transaction that makes the change. */
export async function recordAudit(
  db: Executor,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await db.insert(auditLog).values({
    userId: actor.userId,
    username: actor.username,
    unitCode: entry.unitCode ?? actor.unitCode,
    action: entry.action,
    entityType: entry.entityType,
    entityId:
      entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  });
}

const SECRET_KEYS = new Set(['passwordHash', 'password', 'totpSecret', 'csrfToken', 'tokenHash']);

/** Secrets never reach the audit log, even as "before" values. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '[ẩn]' : redact(v)]),
    );
  }
  return value;
}

export type AuditQuery = {
  userId?: number;
  username?: string;
  unitCode?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
};

export async function listAudit(db: Executor, q: AuditQuery) {
  const conditions: SQL[] = [];
  if (q.userId) conditions.push(eq(auditLog.userId, q.userId));
  if (q.username) conditions.push(eq(auditLog.username, q.username));
  if (q.unitCode) conditions.push(eq(auditLog.unitCode, q.unitCode));
  if (q.action) conditions.push(sql`${auditLog.action} LIKE ${`${q.action}%`}`);
  if (q.entityType) conditions.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conditions.push(eq(auditLog.entityId, q.entityId));
  if (q.from) conditions.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) conditions.push(lte(auditLog.at, new Date(q.to)));
  const where = and(...conditions);
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(q.limit)
      .offset(q.offset),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(where),
  ]);
  return { items, total: count?.total ?? 0 };
}
