import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { fold } from '@common/text/vietnamese';
import type { Executor } from '../db/client';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { loginFailures, sessions, userRoles, users, type Role } from '../auth/auth.tables';
import { hashPassword, type Argon2Cost } from '../auth/password';
import { errors } from '../http/errors';
import { units } from '../units/units.tables';

export type NewUser = {
  username: string;
  fullName: string;
  email?: string | null;
  password: string;
  roles: { unitCode: string; role: Role }[];
  mustChangePassword?: boolean;
};

export type UserSummary = {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  disabled: boolean;
  totpEnabled: boolean;
  roles: { unitCode: string; unitName: string; role: Role }[];
  createdAt: Date;
};

async function assertUnitsExist(db: Executor, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  const found = await db.select({ code: units.code }).from(units).where(inArray(units.code, codes));
  const missing = codes.find((c) => !found.some((f) => f.code === c));
  if (missing) throw errors.validation('roles.unitCode', `không có đơn vị mã ${missing}.`);
}

/** Creates an account with its roles in one transaction. */
export async function createUser(
  db: Executor,
  input: NewUser,
  cost: Argon2Cost,
  actor: AuditActor,
): Promise<number> {
  const username = input.username.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password, cost);
  return db.transaction(async (tx) => {
    await assertUnitsExist(
      tx,
      input.roles.map((r) => r.unitCode),
    );
    const [created] = await tx
      .insert(users)
      .values({
        username,
        fullName: input.fullName.trim(),
        email: input.email ?? null,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? false,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!created) throw errors.duplicate('username', 'tên đăng nhập đã có người dùng.');
    if (input.roles.length) {
      await tx.insert(userRoles).values(input.roles.map((r) => ({ ...r, userId: created.id })));
    }
    await recordAudit(tx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: created.id,
      after: { username, fullName: input.fullName, roles: input.roles },
    });
    return created.id;
  });
}

export async function listUsers(
  db: Executor,
  q: { q?: string; unitCode?: string; limit: number; offset: number },
): Promise<{ items: UserSummary[]; total: number }> {
  const conditions: SQL[] = [];
  if (q.q) {
    const pattern = `%${fold(q.q)}%`;
    conditions.push(
      sql`(vn_fold(${users.fullName}) LIKE ${pattern} OR ${users.username} LIKE ${pattern})`,
    );
  }
  if (q.unitCode) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = ${users.id} AND r.unit_code = ${q.unitCode})`,
    );
  }
  const where = and(...conditions);
  const [page, [count]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(asc(users.username))
      .limit(q.limit)
      .offset(q.offset),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(users)
      .where(where),
  ]);
  const ids = page.map((u) => u.id);
  const roles = ids.length
    ? await db
        .select({
          userId: userRoles.userId,
          unitCode: userRoles.unitCode,
          unitName: units.name,
          role: userRoles.role,
        })
        .from(userRoles)
        .innerJoin(units, eq(units.code, userRoles.unitCode))
        .where(inArray(userRoles.userId, ids))
    : [];
  return {
    total: count?.total ?? 0,
    items: page.map((u) => ({
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      email: u.email,
      disabled: u.disabled,
      totpEnabled: u.totpEnabled,
      createdAt: u.createdAt,
      roles: roles
        .filter((r) => r.userId === u.id)
        .map(({ unitCode, unitName, role }) => ({ unitCode, unitName, role })),
    })),
  };
}

async function loadUser(db: Executor, id: number) {
  const [user] = await db.select().from(users).where(eq(users.id, id)).for('update');
  if (!user) throw errors.notFound('người dùng');
  return user;
}

/** Sets a new password chosen by an administrator; the user must change it at next login. */
export async function resetPassword(
  db: Executor,
  id: number,
  password: string,
  cost: Argon2Cost,
  actor: AuditActor,
) {
  const passwordHash = await hashPassword(password, cost);
  await db.transaction(async (tx) => {
    const user = await loadUser(tx, id);
    await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: true,
        failedLogins: 0,
        lockedUntil: null,
        updatedAt: new Date(),
        version: sql`${users.version} + 1`,
      })
      .where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    // A new password lifts every lock on the account, from whatever address.
    await tx.delete(loginFailures).where(eq(loginFailures.username, user.username));
    await recordAudit(tx, actor, {
      action: 'user.reset_password',
      entityType: 'user',
      entityId: id,
    });
  });
}

/** The user changes their own password, proving the current one first. */
export async function changeOwnPassword(
  db: Executor,
  id: number,
  passwordHash: string,
  actor: AuditActor,
) {
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        passwordHash,
        mustChangePassword: false,
        updatedAt: new Date(),
        version: sql`${users.version} + 1`,
      })
      .where(eq(users.id, id));
    await recordAudit(tx, actor, {
      action: 'user.change_password',
      entityType: 'user',
      entityId: id,
    });
  });
}

/** Disables or re-enables an account; disabling ends its sessions at once. */
export async function setDisabled(db: Executor, id: number, disabled: boolean, actor: AuditActor) {
  await db.transaction(async (tx) => {
    const before = await loadUser(tx, id);
    await tx
      .update(users)
      .set({ disabled, updatedAt: new Date(), version: sql`${users.version} + 1` })
      .where(eq(users.id, id));
    if (disabled) await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordAudit(tx, actor, {
      action: disabled ? 'user.disable' : 'user.enable',
      entityType: 'user',
      entityId: id,
      before: { disabled: before.disabled },
      after: { disabled },
    });
  });
}

/** Replaces the roles of a user. */
export async function setRoles(
  db: Executor,
  id: number,
  roles: NewUser['roles'],
  actor: AuditActor,
) {
  await db.transaction(async (tx) => {
    await loadUser(tx, id);
    await assertUnitsExist(
      tx,
      roles.map((r) => r.unitCode),
    );
    const before = await tx.select().from(userRoles).where(eq(userRoles.userId, id));
    await tx.delete(userRoles).where(eq(userRoles.userId, id));
    if (roles.length) await tx.insert(userRoles).values(roles.map((r) => ({ ...r, userId: id })));
    await recordAudit(tx, actor, {
      action: 'user.set_roles',
      entityType: 'user',
      entityId: id,
      before: before.map(({ unitCode, role }) => ({ unitCode, role })),
      after: roles,
    });
  });
}
