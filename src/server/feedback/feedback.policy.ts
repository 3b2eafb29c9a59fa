import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { CurrentUser } from '@server/platform/auth/access';
import { grantsFor } from '@server/platform/auth/access';
import type { Action, ActorKind } from './feedback.workflow';

/**
 * Who may see and do what with a case.
 *
 * - A user *sees* a case when one of their roles (any role) covers the case's handling unit:
 *   the unit itself or a unit above it (path prefix), or when they are its assignee.
 * - The *handlers* of a case are its assignee and the cadres and leaders of the handling unit
 *   itself; *their leaders* are the leaders of the handling unit and of the units above it.
 *   Handlers and their leaders act on the case and see the petitioner's personal data; every
 *   such view is audit-logged ('feedback.personal_data.view'). An anonymous petitioner's
 *   identity is for the handlers alone, not their leaders above.
 * - Everyone else who sees the case (cadres of units above, viewers, administrators) gets it
 *   masked; a denouncer (tố cáo) appears in no list at all, not even by initials.
 */

type CaseScope = { handlingUnitPath: string; assigneeId: number | null };

export const HANDLER_ROLES = ['cadre', 'leader'] as const;

export function canSeeCase(user: CurrentUser, c: CaseScope): boolean {
  return c.assigneeId === user.id || grantsFor(user, c.handlingUnitPath).length > 0;
}

/** A cadre or leader of the handling unit itself (not of a unit above it). */
export function isUnitStaff(user: CurrentUser, c: CaseScope): boolean {
  return grantsFor(user, c.handlingUnitPath, HANDLER_ROLES).some(
    (g) => g.unitPath === c.handlingUnitPath,
  );
}

/** The handler kind of the user for the case, or null when the user may not act on it. */
export function handlerKind(user: CurrentUser, c: CaseScope): Exclude<ActorKind, 'citizen'> | null {
  if (grantsFor(user, c.handlingUnitPath, ['leader']).length > 0) return 'leader';
  if (isUnitStaff(user, c) || c.assigneeId === user.id) return 'cadre';
  return null;
}

/**
 * Handlers and their leaders see the petitioner; when the petitioner chose anonymity the public
 * form promises that only those directly handling the case know who they are, so leaders above
 * the handling unit (who may still act on it) see the case masked.
 */
export function canSeePersonalData(
  user: CurrentUser,
  c: CaseScope & { anonymous: boolean },
): boolean {
  if (c.anonymous) return isUnitStaff(user, c) || c.assigneeId === user.id;
  return handlerKind(user, c) !== null;
}

/**
 * Beyond the handler check: receiving or declining a forwarded case is for the staff of the
 * handling unit itself, so a sender above cannot accept on the receiver's behalf.
 */
export function mayTake(user: CurrentUser, c: CaseScope, action: Action): boolean {
  if (action === 'receive_forward' || action === 'decline_forward') return isUnitStaff(user, c);
  return true;
}

/** Administrators of the platform maintain the holiday calendar and deadline settings. */
export function canManageCalendar(user: CurrentUser): boolean {
  return user.roles.some((g) => g.role === 'admin' && g.unitLevel === 'central');
}

/** "Nguyễn Văn An" → "N. V. A.": enough to tell cases apart in a list, not to identify. */
export function maskName(name: string | null): string | null {
  if (!name) return null;
  return name
    .split(/\s+/u)
    .filter(Boolean)
    .map((part) => `${[...part][0] ?? ''}.`)
    .join(' ');
}

/**
 * SQL: the path column lies at `path` or below. The leading LIKE is one index range; the second
 * part drops siblings sharing a prefix ('TW/4' must not match 'TW/48').
 */
export function pathPrefix(column: AnyPgColumn, path: string): SQL {
  const escaped = path.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`(${column} LIKE ${`${escaped}%`} AND (${column} = ${path} OR ${column} LIKE ${`${escaped}/%`}))`;
}

/** SQL: the case's handling unit lies in the user's tree (any role). */
export function caseScope(user: CurrentUser, column: AnyPgColumn): SQL {
  if (user.roles.length === 0) return sql`false`;
  return sql`(${sql.join(
    user.roles.map((g) => pathPrefix(column, g.unitPath)),
    sql` OR `,
  )})`;
}
