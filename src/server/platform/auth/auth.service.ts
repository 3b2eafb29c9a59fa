import { eq, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { AppContext } from '../context';
import type { Executor } from '../db/client';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { errors } from '../http/errors';
import { users } from './auth.tables';
import { hashPassword, verifyPassword } from './password';
import { createSession } from './session';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

let dummyHash: Promise<string> | undefined;

export type LoginInput = { username: string; password: string; totp?: string };
export type LoginMeta = { ip: string; userAgent?: string; requestId: string };

/**
 * Checks a password (and the second factor when enabled) and opens a session. Five wrong tries
 * in a row lock the account for LOCK_MINUTES; the per-address limit sits on the route.
 */
export async function login(ctx: AppContext, input: LoginInput, meta: LoginMeta) {
  const username = input.username.trim().toLowerCase();
  const [user] = await ctx.db.select().from(users).where(eq(users.username, username));
  if (!user) {
    // Spend the same time as a real check so that timing does not reveal which names exist.
    dummyHash ??= hashPassword('not-a-real-password', ctx.config.argon2);
    await verifyPassword(await dummyHash, input.password);
    throw errors.invalidCredentials();
  }
  const actor: AuditActor = { userId: user.id, username: user.username, unitCode: null, ...meta };
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    throw errors.accountLocked(Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000));
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await registerFailure(ctx.db, user.id, actor);
    throw errors.invalidCredentials();
  }
  if (user.disabled) throw errors.accountDisabled();
  if (user.totpEnabled && user.totpSecret) {
    if (!input.totp) throw errors.totpRequired();
    const result = await verifyTotp({
      secret: user.totpSecret,
      token: input.totp,
      epochTolerance: 30,
    });
    if (!result.valid) {
      await registerFailure(ctx.db, user.id, actor);
      throw errors.totpInvalid();
    }
  }
  return ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    const session = await createSession(tx, user.id, meta);
    await recordAudit(tx, actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
    return session;
  });
}

async function registerFailure(db: Executor, userId: number, actor: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ failedLogins: sql`${users.failedLogins} + 1` })
      .where(eq(users.id, userId))
      .returning({ failedLogins: users.failedLogins });
    if (row && row.failedLogins >= MAX_FAILED_LOGINS) {
      await tx
        .update(users)
        .set({ lockedUntil: new Date(Date.now() + LOCK_MINUTES * 60_000), failedLogins: 0 })
        .where(eq(users.id, userId));
      await recordAudit(tx, actor, { action: 'auth.locked', entityType: 'user', entityId: userId });
    } else {
      await recordAudit(tx, actor, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: userId,
      });
    }
  });
}

/** Starts TOTP enrolment: stores a new secret (not yet active) and returns it with its URI. */
export async function startTotp(db: Executor, userId: number, username: string) {
  const secret = generateSecret();
  await db
    .update(users)
    .set({ totpSecret: secret, totpEnabled: false })
    .where(eq(users.id, userId));
  return { secret, uri: generateURI({ issuer: 'Mặt trận số', label: username, secret }) };
}

/** Activates TOTP once the user proves their app produces valid codes. */
export async function confirmTotp(db: Executor, userId: number, code: string, actor: AuditActor) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user?.totpSecret) throw errors.badRequest('Chưa bắt đầu đăng ký xác thực hai lớp.', 'code');
  const result = await verifyTotp({ secret: user.totpSecret, token: code, epochTolerance: 30 });
  if (!result.valid) throw errors.totpInvalid();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabled: true }).where(eq(users.id, userId));
    await recordAudit(tx, actor, {
      action: 'auth.totp_enabled',
      entityType: 'user',
      entityId: userId,
    });
  });
}
