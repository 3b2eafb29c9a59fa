import {
  assertUnitAccess,
  grantsFor,
  type CurrentUser,
  type RoleGrant,
} from '../platform/auth/access';
import type { Role } from '../platform/auth/auth.tables';
import { errors } from '../platform/http/errors';
import type { Unit } from '../platform/units/units.service';

/** Roles that may write congress data; viewers only read. */
export const WRITE_ROLES: readonly Role[] = ['admin', 'leader', 'cadre'];

function parentPath(unit: Unit): string {
  const parts = unit.path.split('/');
  return parts.length > 1 ? parts.slice(0, -1).join('/') : unit.path;
}

function deepest(grants: RoleGrant[]): RoleGrant | undefined {
  return [...grants].sort((a, b) => b.unitPath.split('/').length - a.unitPath.split('/').length)[0];
}

/** The unit path lies in the subtree of the unit (the unit itself included). */
export function within(path: string, unit: { path: string }): boolean {
  return path === unit.path || path.startsWith(`${unit.path}/`);
}

/** The user may read the unit's congress record: the unit is in their tree. */
export function assertCanView(user: CurrentUser, unit: Unit): void {
  assertUnitAccess(user, unit.path);
}

/**
 * The unit's own data (plan, own steps, results): cadres and leaders of the unit or above. Returns
 * the grant the user acts under, the closest to the unit.
 */
export function assertCanEdit(user: CurrentUser, unit: Unit): RoleGrant {
  assertUnitAccess(user, unit.path, WRITE_ROLES);
  return deepest(grantsFor(user, unit.path, WRITE_ROLES)) as RoleGrant;
}

/**
 * Steps given by the level above (personnel plan agreed by the Front one level up, results
 * verified): only someone holding a role at the parent unit or higher. The national committee,
 * having no parent, verifies its own.
 */
export function assertCanApprove(user: CurrentUser, unit: Unit): RoleGrant {
  assertUnitAccess(user, unit.path);
  const grant = deepest(grantsFor(user, parentPath(unit), WRITE_ROLES));
  if (!grant) throw errors.forbidden('Bước này do Ủy ban MTTQ cấp trên thực hiện.');
  return grant;
}

/**
 * Undoing a step (or reopening verified results) needs a role at the unit that recorded it or
 * above: a lower level cannot undo what a higher level gave.
 */
export function assertCanUndo(
  user: CurrentUser,
  actorUnitPath: string,
  actorUnitName: string,
): RoleGrant {
  const grant = deepest(grantsFor(user, actorUnitPath, WRITE_ROLES));
  if (!grant) {
    throw errors.forbidden(
      `Bước này do ${actorUnitName} thực hiện; chỉ cấp đó hoặc cấp trên mới được hủy hoặc mở lại.`,
    );
  }
  return grant;
}

/**
 * Whether the user acts at the level that recorded a step, or above it: the level that may undo
 * the step or attach documents to it.
 */
export function canChangeStep(user: CurrentUser, actorUnitPath: string): boolean {
  return grantsFor(user, actorUnitPath, WRITE_ROLES).length > 0;
}

/** What the user may do on a unit card, for the screens (the server checks again on each write). */
export function permissionsFor(user: CurrentUser, unit: Unit, verifierPath: string | null) {
  const edit = grantsFor(user, unit.path, WRITE_ROLES).length > 0;
  const approve = grantsFor(user, parentPath(unit), WRITE_ROLES).length > 0;
  const reopen = verifierPath ? canChangeStep(user, verifierPath) : false;
  return { edit, approve, reopen };
}
