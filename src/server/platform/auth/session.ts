import { createHash, randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { rows, type Executor } from '../db/client';
import { units } from '../units/units.tables';
import type { CurrentUser, RoleGrant } from './access';
import { sessions, userRoles } from './auth.tables';

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

/** Resolves a session token to its user and roles in one query, extending the session in use. */
export async function userForToken(db: Executor, token: string): Promise<CurrentUser | null> {
  const tokenHash = hashToken(token);
  const [row] = await rows<{
    id: string | number;
    username: string;
    full_name: string;
    totp_enabled: boolean;
    must_change_password: boolean;
    csrf_token: string;
    active_unit_code: string | null;
    stale: boolean;
    roles: RoleGrant[] | string | null;
  }>(
    db,
    sql`
      SELECT u.id, u.username, u.full_name, u.totp_enabled, u.must_change_password,
             s.csrf_token, s.active_unit_code, s.last_seen_at < now() - interval '1 minute' AS stale,
             (SELECT json_agg(json_build_object('role', r.role, 'unitCode', r.unit_code,
                       'unitName', un.name, 'unitPath', un.path, 'unitLevel', un.level))
                FROM user_roles r JOIN units un ON un.code = r.unit_code
               WHERE r.user_id = u.id) AS roles
        FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ${tokenHash} AND s.expires_at > now() AND NOT u.disabled`,
  );
  if (!row) return null;
  if (row.stale) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) })
      .where(eq(sessions.tokenHash, tokenHash));
  }
  const roles = typeof row.roles === 'string' ? (JSON.parse(row.roles) as RoleGrant[]) : row.roles;
  return {
    id: Number(row.id),
    username: row.username,
    fullName: row.full_name,
    roles: roles ?? [],
    csrfToken: row.csrf_token,
    sessionHash: tokenHash,
    activeUnitCode: row.active_unit_code,
    totpEnabled: row.totp_enabled,
    mustChangePassword: row.must_change_password,
  };
}
