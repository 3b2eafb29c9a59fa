import { setTimeout } from 'node:timers/promises';
import { and, eq, lt, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { AppContext } from '../context';
import { rows, type Executor } from '../db/client';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { errors } from '../http/errors';
import { loginFailures, users } from './auth.tables';
import { hashPassword, verifyPassword } from './password';
import { createSession } from './session';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Extra wait per failure of a username (from any address) beyond MAX_FAILED_LOGINS - 1. */
export const SLOWDOWN_STEP_MS = 500;
export const SLOWDOWN_MAX_MS = 5_000;

let dummyHash: Promise<string> | undefined;

export type LoginInput = { username: string; password: string; totp?: string };
export type LoginMeta = { ip: string; userAgent?: string; requestId: string };

type Throttle = { lockedMinutes: number; delayMs: number };

/**
 * Where the username stands: locked for this address after MAX_FAILED_LOGINS failures in a row
 * from it (within LOCK_MINUTES), and slowed by the failures from every address.
 */
async function throttleOf(db: Executor, username: string, ip: string): Promise<Throttle> {
  const [row] = await rows<{
    mine: number | string | null;
    total: number | string | null;
    minutes: number | string | null;
  }>(
    db,
    sql`SELECT sum(failures) FILTER (WHERE ip = ${ip}) AS mine, sum(failures) AS total,
               ceil(extract(epoch FROM max(last_failed_at) FILTER (WHERE ip = ${ip})
                    + make_interval(mins => ${LOCK_MINUTES}) - now()) / 60) AS minutes
          FROM login_failures
         WHERE username = ${username}
           AND last_failed_at > now() - make_interval(mins => ${LOCK_MINUTES})`,
  );
  const mine = Number(row?.mine ?? 0);
  const total = Number(row?.total ?? 0);
  const minutes = Number(row?.minutes ?? 1);
  return {
    lockedMinutes: mine >= MAX_FAILED_LOGINS ? Math.max(1, minutes) : 0,
    delayMs:
      total >= MAX_FAILED_LOGINS
        ? Math.min(SLOWDOWN_MAX_MS, SLOWDOWN_STEP_MS * (total - MAX_FAILED_LOGINS + 1))
        : 0,
  };
}

/**
 * Checks a password (and the second factor when enabled) and opens a session. A known and an
 * unknown username are treated alike: the same password check, the same counting, the same
 * answers. MAX_FAILED_LOGINS failures in a row from one address lock the username for that
 * address for LOCK_MINUTES; failures from all addresses only slow every further try, so that
 * nobody can lock another person out. The per-address limit sits on the route.
 */
export async function login(ctx: AppContext, input: LoginInput, meta: LoginMeta) {
  const username = input.username.trim().toLowerCase();
  const [[user], throttle] = await Promise.all([
    ctx.db.select().from(users).where(eq(users.username, username)),
    throttleOf(ctx.db, username, meta.ip),
  ]);
  if (throttle.delayMs > 0) await setTimeout(throttle.delayMs);
  // Always verify, against a dummy hash for an unknown name, so that timing reveals nothing.
  dummyHash ??= hashPassword('not-a-real-password', ctx.config.argon2);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyHash), input.password);
  if (throttle.lockedMinutes > 0) throw errors.accountLocked(throttle.lockedMinutes);
  const actor: AuditActor = { userId: user?.id ?? null, username, unitCode: null, ...meta };
  if (!user || !passwordOk) {
    await registerFailure(ctx.db, username, user?.id ?? null, actor);
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
      await registerFailure(ctx.db, username, user.id, actor);
      throw errors.totpInvalid();
    }
  }
  return ctx.db.transaction(async (tx) => {
    await tx
      .delete(loginFailures)
      .where(and(eq(loginFailures.username, username), eq(loginFailures.ip, meta.ip)));
    const session = await createSession(tx, user.id, meta);
    await recordAudit(tx, actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
    return session;
  });
}

async function registerFailure(
  db: Executor,
  username: string,
  userId: number | null,
  actor: AuditActor,
): Promise<void> {
  const ip = actor.ip ?? '';
  await db.transaction(async (tx) => {
    // A run of failures older than the lock window starts again from one.
    const [row] = await tx
      .insert(loginFailures)
      .values({ username, ip, failures: 1 })
      .onConflictDoUpdate({
        target: [loginFailures.username, loginFailures.ip],
        set: {
          failures: sql`CASE WHEN ${loginFailures.lastFailedAt} < now() - make_interval(mins => ${LOCK_MINUTES})
                             THEN 1 ELSE ${loginFailures.failures} + 1 END`,
          lastFailedAt: sql`now()`,
        },
      })
      .returning({ failures: loginFailures.failures });
    await tx
      .delete(loginFailures)
      .where(lt(loginFailures.lastFailedAt, sql`now() - interval '1 day'`));
    const locked = (row?.failures ?? 0) >= MAX_FAILED_LOGINS;
    await recordAudit(tx, actor, {
      action: locked ? 'auth.locked' : 'auth.login_failed',
      entityType: 'user',
      entityId: userId,
    });
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
