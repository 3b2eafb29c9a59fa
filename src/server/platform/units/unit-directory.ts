import { asc, sql } from 'drizzle-orm';
import { fold } from '@common/text/vietnamese';
import { rows, type Executor } from '../db/client';
import type { Unit, UnitQuery } from './units.service';
import { units } from './units.tables';

const LEVEL_ORDER = { central: 0, province: 1, commune: 2 } as const;

function todayInVietnam(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
}

/**
 * The unit tree held in memory: it is public reference data read by every form and picker, and
 * it changes only by an administrator's merge. A version counter kept by a trigger on `units`
 * tells when to reload; it is read at most once per `maxAgeMs`, so another server's change is
 * seen within that time and this server's own changes at once (`invalidate`).
 */
export class UnitDirectory {
  private version: string | null = null;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;
  private all: Unit[] = [];
  private byCode = new Map<string, Unit>();

  constructor(
    private readonly db: Executor,
    private readonly maxAgeMs: number,
  ) {}

  invalidate(): void {
    this.checkedAt = 0;
  }

  /** One unit by code, current or historic. */
  async get(code: string): Promise<Unit | undefined> {
    await this.fresh();
    return this.byCode.get(code);
  }

  /** Lists units by level, parent and a search ignoring marks and tone placement. */
  async list(query: UnitQuery): Promise<{ items: Unit[]; total: number }> {
    await this.fresh();
    const today = todayInVietnam();
    const folded = query.q ? fold(query.q) : '';
    let found = this.all.filter(
      (u) =>
        (!query.level || u.level === query.level) &&
        (!query.parent || u.parentCode === query.parent) &&
        (query.includeHistoric || u.validTo === null || u.validTo > today) &&
        (!folded || u.searchText.includes(folded)),
    );
    if (folded) {
      const rank = (u: Unit) => {
        const short = fold(u.shortName);
        return [short === folded ? 0 : 1, short.startsWith(folded) ? 0 : 1, LEVEL_ORDER[u.level]];
      };
      const ranked = found.map((u) => ({ u, r: rank(u) }));
      ranked.sort((a, b) => a.r[0]! - b.r[0]! || a.r[1]! - b.r[1]! || a.r[2]! - b.r[2]!);
      found = ranked.map((x) => x.u);
    }
    return { items: found.slice(query.offset, query.offset + query.limit), total: found.length };
  }

  private async fresh(): Promise<void> {
    if (this.version !== null && Date.now() - this.checkedAt < this.maxAgeMs) return;
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
  }

  private async refresh(): Promise<void> {
    const [row] = await rows<{ version: string }>(
      this.db,
      sql`SELECT version::text AS version FROM unit_tree_version WHERE id = 1`,
    );
    const version = row?.version ?? '0';
    if (version !== this.version) {
      // Ordered once here (Vietnamese order through sort_key), so filtering keeps the order.
      this.all = await this.db.select().from(units).orderBy(units.sortKey, asc(units.code));
      this.byCode = new Map(this.all.map((u) => [u.code, u]));
      this.version = version;
    }
    this.checkedAt = Date.now();
  }
}
