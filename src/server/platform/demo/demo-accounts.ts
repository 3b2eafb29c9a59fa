import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import { SYSTEM_ACTOR } from '../audit/audit.service';
import { users, type Role } from '../auth/auth.tables';
import { hashPassword, verifyPassword } from '../auth/password';
import { createUser } from '../users/users.service';
import { CENTRAL_CODE } from '../units/units.service';

/** The demo accounts named in the README; each logs in with the demo password. */
export const DEMO_ACCOUNTS: { username: string; fullName: string; role: Role; unitCode: string }[] =
  [
    { username: 'admin', fullName: 'Quản trị hệ thống', role: 'admin', unitCode: CENTRAL_CODE },
    { username: 'tw.canbo', fullName: 'Nguyễn Văn An', role: 'cadre', unitCode: CENTRAL_CODE },
    { username: 'dn.lanhdao', fullName: 'Trần Thị Bích', role: 'leader', unitCode: '48' },
    { username: 'dn.canbo', fullName: 'Lê Văn Cường', role: 'cadre', unitCode: '48' },
    { username: 'haichau.canbo', fullName: 'Phạm Thị Dung', role: 'cadre', unitCode: '20242' },
    { username: 'thanhkhe.canbo', fullName: 'Hoàng Văn Em', role: 'cadre', unitCode: '20209' },
    { username: 'hanoi.canbo', fullName: 'Vũ Thị Giang', role: 'cadre', unitCode: '01' },
  ];

/**
 * The demo password: DEMO_PASSWORD, or a random one generated on the first start and kept in the
 * data folder, so later starts print the same password and change nothing.
 */
export function demoPassword(ctx: AppContext): { password: string; generated: boolean } {
  if (ctx.config.demoPassword) return { password: ctx.config.demoPassword, generated: false };
  const file = path.join(ctx.config.dataDir, 'demo-password');
  if (existsSync(file)) return { password: readFileSync(file, 'utf8').trim(), generated: true };
  const password = randomBytes(9).toString('base64url');
  mkdirSync(ctx.config.dataDir, { recursive: true });
  writeFileSync(file, password, { mode: 0o600 });
  return { password, generated: true };
}

/**
 * Creates the demo accounts that do not exist yet; an existing one whose password no longer
 * matches (DEMO_PASSWORD changed) gets the current demo password.
 */
export async function ensureDemoAccounts(ctx: AppContext, password: string): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const [existing] = await ctx.db
      .select({ id: users.id, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.username, account.username));
    if (!existing) {
      await createUser(
        ctx.db,
        {
          username: account.username,
          fullName: account.fullName,
          password,
          roles: [{ unitCode: account.unitCode, role: account.role }],
        },
        ctx.config.argon2,
        SYSTEM_ACTOR,
      );
    } else if (!(await verifyPassword(existing.passwordHash, password))) {
      const passwordHash = await hashPassword(password, ctx.config.argon2);
      await ctx.db
        .update(users)
        .set({ passwordHash, failedLogins: 0, lockedUntil: null })
        .where(eq(users.id, existing.id));
    }
  }
}
