import { sql, type SQL } from 'drizzle-orm';
import { canAccessUnit, scopeCondition, type CurrentUser } from '../platform/auth/access';
import type { Role } from '../platform/auth/auth.tables';

/** Roles that manage the documents and collections of their unit and the units below it. */
export const LIBRARIAN_ROLES: readonly Role[] = ['admin', 'leader', 'cadre'];

/** The fields of a document that decide who may read it. */
export type AccessFacts = {
  access: 'public' | 'internal' | 'restricted';
  accessUnitPaths: string[];
  embargoUntil: string | null;
  unitPath: string;
};

function coversAny(user: CurrentUser, paths: string[]): boolean {
  return paths.some((p) => canAccessUnit(user, p));
}

/** Today in Vietnam, as YYYY-MM-DD (embargo dates are calendar dates there). */
export function todayInVietnam(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** May this reader see this document? Same rule as {@link visibleCondition}, in memory. */
export function canRead(viewer: CurrentUser | null, d: AccessFacts): boolean {
  if (viewer && canAccessUnit(viewer, d.unitPath, LIBRARIAN_ROLES)) return true;
  if (d.embargoUntil && d.embargoUntil > todayInVietnam()) return false;
  if (d.access === 'public') return true;
  if (!viewer) return false;
  if (d.access === 'internal') return true;
  return coversAny(viewer, d.accessUnitPaths);
}

export function canManage(viewer: CurrentUser | null, unitPath: string): boolean {
  return !!viewer && canAccessUnit(viewer, unitPath, LIBRARIAN_ROLES);
}

/**
 * SQL condition over a document aliased `d`: what the reader may see. Public documents after
 * their embargo for everyone; internal ones for any signed-in Front user; restricted ones for
 * users whose role unit covers one of the named units; everything for the librarians of the
 * owning unit. Used in every listing, facet count, OAI-PMH response and direct read.
 */
export function visibleCondition(viewer: CurrentUser | null): SQL {
  // Today as a constant, not an expression evaluated again for every row.
  const released = sql`(d.embargo_until IS NULL OR d.embargo_until <= ${todayInVietnam()}::date)`;
  if (!viewer || viewer.roles.length === 0) return sql`(d.access = 'public' AND ${released})`;
  const covered = viewer.roles.map((g) => sql`(p = ${g.unitPath} OR p LIKE ${`${g.unitPath}/%`})`);
  const restricted = sql`EXISTS (SELECT 1 FROM unnest(d.access_unit_paths) AS p WHERE ${sql.join(covered, sql` OR `)})`;
  return sql`((${released} AND (d.access IN ('public', 'internal') OR (d.access = 'restricted' AND ${restricted})))
    OR ${scopeCondition(viewer, sql`d.unit_path`, LIBRARIAN_ROLES)})`;
}
