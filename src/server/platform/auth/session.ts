import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { units } from '../units/units.tables';
import type { CurrentUser, RoleGrant } from './access';
import { sessions, userRoles, users } from './auth.tables';

export const SESSION_COOKIE = 'mts_session';
export const SESSION_HOURS = 12;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a session and returns the raw token for the cookie; only its hash is stored. */
export async function createSession(
  db: Executor,
  userId: number,
  meta: { ip?: string; userAgent?: string },
): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    csrfToken,
    expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken };
}

export async function destroySession(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function rolesOf(db: Executor, userId: number): Promise<RoleGrant[]> {
  return db
    .select({
      role: userRoles.role,
      unitCode: userRoles.unitCode,
      unitName: units.name,
      unitPath: units.path,
      unitLevel: units.level,
    })
    .from(userRoles)
    .innerJoin(units, eq(units.code, userRoles.unitCode))
    .where(eq(userRoles.userId, userId));
}

/** Resolves a session token to its user, extending the session while it is used. */
export async function userForToken(db: Executor, token: string): Promise<CurrentUser | null> {
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      fullName: users.fullName,
      disabled: users.disabled,
      totpEnabled: users.totpEnabled,
      mustChangePassword: users.mustChangePassword,
      csrfToken: sessions.csrfToken,
      activeUnitCode: sessions.activeUnitCode,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`)));
  if (!row || row.disabled) return null;
  if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) })
      .where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    id: row.id,
    username: row.username,
    fullName: row.fullName,
    roles: await rolesOf(db, row.id),
    csrfToken: row.csrfToken,
    sessionHash: tokenHash,
    activeUnitCode: row.activeUnitCode,
    totpEnabled: row.totpEnabled,
    mustChangePassword: row.mustChangePassword,
  };
}
