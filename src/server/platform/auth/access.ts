import type { FastifyRequest } from 'fastify';
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AuditActor } from '../audit/audit.service';
import { errors } from '../http/errors';
import type { UnitLevel } from '../units/units.service';
import type { Role } from './auth.tables';

/** A role held at a unit; it is valid for that unit and every unit below it. */
export type RoleGrant = {
  role: Role;
  unitCode: string;
  unitName: string;
  unitPath: string;
  unitLevel: UnitLevel;
};

export type CurrentUser = {
  id: number;
  username: string;
  fullName: string;
  roles: RoleGrant[];
  csrfToken: string;
  sessionHash: string;
  activeUnitCode: string | null;
  totpEnabled: boolean;
  mustChangePassword: boolean;
};

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.user) throw errors.unauthenticated();
  return request.user;
}

function covers(grantPath: string, unitPath: string): boolean {
  return unitPath === grantPath || unitPath.startsWith(`${grantPath}/`);
}

/** The grants of the user that cover the unit, optionally limited to some roles. */
export function grantsFor(
  user: CurrentUser,
  unitPath: string,
  roles?: readonly Role[],
): RoleGrant[] {
  return user.roles.filter(
    (g) => covers(g.unitPath, unitPath) && (!roles || roles.includes(g.role)),
  );
}

export function canAccessUnit(
  user: CurrentUser,
  unitPath: string,
  roles?: readonly Role[],
): boolean {
  return grantsFor(user, unitPath, roles).length > 0;
}

/**
 * Refuses unless the user holds one of `roles` at the unit or above. A unit outside the user's
 * tree answers 404 so its existence is not revealed; a visible unit with too weak a role, 403.
 */
export function assertUnitAccess(
  user: CurrentUser,
  unitPath: string,
  roles?: readonly Role[],
): void {
  if (!canAccessUnit(user, unitPath)) throw errors.notFound('dữ liệu của đơn vị này');
  if (roles && !canAccessUnit(user, unitPath, roles)) throw errors.forbidden();
}

export function isAdmin(user: CurrentUser): boolean {
  return user.roles.some((g) => g.role === 'admin' && g.unitLevel === 'central');
}

export function requireAdmin(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!isAdmin(user))
    throw errors.forbidden('Chỉ quản trị viên hệ thống được thực hiện thao tác này.');
  return user;
}

/** SQL condition: the unit path column lies in the user's tree (for the given roles). */
export function scopeCondition(
  user: CurrentUser,
  pathColumn: AnyPgColumn | SQL,
  roles?: readonly Role[],
): SQL {
  const grants = user.roles.filter((g) => !roles || roles.includes(g.role));
  if (grants.length === 0) return sql`false`;
  const parts = grants.map(
    (g) => sql`(${pathColumn} = ${g.unitPath} OR ${pathColumn} LIKE ${`${g.unitPath}/%`})`,
  );
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/** The user's home unit: the highest unit at which they hold a role. */
export function homeGrant(user: CurrentUser): RoleGrant | undefined {
  return [...user.roles].sort(
    (a, b) => a.unitPath.split('/').length - b.unitPath.split('/').length,
  )[0];
}

/** The actor written into audit records for a request. */
export function actorOf(request: FastifyRequest): AuditActor {
  const user = request.user;
  return {
    userId: user?.id ?? null,
    username: user?.username ?? 'anonymous',
    unitCode: user ? (homeGrant(user)?.unitCode ?? null) : null,
    requestId: request.id,
    ip: request.ip,
  };
}
