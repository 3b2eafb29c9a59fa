import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { eq, inArray, or, sql } from 'drizzle-orm';
import { fold, vietnameseSortKey } from '@common/text/vietnamese';
import { PROJECT_ROOT } from '../config';
import type { Executor } from '../db/client';
import { errors } from '../http/errors';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { unitLineage, units } from './units.tables';

export type Unit = typeof units.$inferSelect;
export type UnitLevel = Unit['level'];

export const CENTRAL_CODE = 'TW';
export const CENTRAL_NAME = 'Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam';
const REFORM_DATE = '2025-07-01';

type UnitRow = typeof units.$inferInsert;

/** Builds a unit row with its derived search and sort columns. */
export function unitRow(input: {
  code: string;
  name: string;
  type: string;
  level: UnitLevel;
  parentPath?: string;
  parentCode?: string | null;
  validFrom?: string;
}): UnitRow {
  const shortName = input.name.startsWith(`${input.type} `)
    ? input.name.slice(input.type.length + 1)
    : input.name;
  return {
    code: input.code,
    name: input.name,
    shortName,
    type: input.type,
    level: input.level,
    parentCode: input.parentCode ?? null,
    path: input.parentPath ? `${input.parentPath}/${input.code}` : input.code,
    searchText: `${fold(input.name)} ${input.code}`,
    sortKey: `${vietnameseSortKey(shortName)} ${vietnameseSortKey(input.type)}`,
    validFrom: input.validFrom ?? REFORM_DATE,
  };
}

type CsvRecord = { code: string; name: string; type: string; province_code: string };

/**
 * Loads the Central Committee, the 34 provinces and 3,321 communes from data/admin-units-2025.csv.
 * Existing codes are left as they are, so loading again changes nothing.
 */
export async function loadUnitTree(db: Executor): Promise<number> {
  const file = path.join(PROJECT_ROOT, 'data', 'admin-units-2025.csv');
  const records = parse<CsvRecord>(readFileSync(file), { columns: true, bom: true });
  const central = unitRow({
    code: CENTRAL_CODE,
    name: CENTRAL_NAME,
    type: 'Trung ương',
    level: 'central',
  });
  const rowsToInsert: UnitRow[] = [central];
  for (const r of records) {
    const name = r.name.normalize('NFC');
    const type = r.type.normalize('NFC');
    rowsToInsert.push(
      r.province_code
        ? unitRow({
            code: r.code,
            name,
            type,
            level: 'commune',
            parentCode: r.province_code,
            parentPath: `${CENTRAL_CODE}/${r.province_code}`,
          })
        : unitRow({
            code: r.code,
            name,
            type,
            level: 'province',
            parentCode: CENTRAL_CODE,
            parentPath: CENTRAL_CODE,
          }),
    );
  }
  let inserted = 0;
  for (let i = 0; i < rowsToInsert.length; i += 500) {
    const chunk = rowsToInsert.slice(i, i + 500);
    const result = await db
      .insert(units)
      .values(chunk)
      .onConflictDoNothing()
      .returning({ code: units.code });
    inserted += result.length;
  }
  return inserted;
}

export type UnitQuery = {
  level?: UnitLevel;
  parent?: string;
  q?: string;
  includeHistoric?: boolean;
  limit: number;
  offset: number;
};

export async function findUnit(db: Executor, code: string): Promise<Unit | undefined> {
  const [unit] = await db.select().from(units).where(eq(units.code, code));
  return unit;
}

export async function getUnit(db: Executor, code: string): Promise<Unit> {
  const unit = await findUnit(db, code);
  if (!unit) throw errors.notFound(`đơn vị mã ${code}`);
  return unit;
}

/** The unit's ancestors from the Central Committee down, excluding the unit itself. */
export async function ancestorsOf(db: Executor, unit: Unit): Promise<Unit[]> {
  const codes = unit.path.split('/').slice(0, -1);
  if (codes.length === 0) return [];
  const found = await db.select().from(units).where(inArray(units.code, codes));
  return codes.map((c) => found.find((u) => u.code === c)).filter((u): u is Unit => Boolean(u));
}

export type Lineage = {
  predecessors: { unit: Unit; event: string; effectiveDate: string; basis: string | null }[];
  successors: { unit: Unit; event: string; effectiveDate: string; basis: string | null }[];
};

/** Units this one came from, and units that replaced it. */
export async function lineageOf(db: Executor, code: string): Promise<Lineage> {
  const links = await db
    .select()
    .from(unitLineage)
    .where(or(eq(unitLineage.unitCode, code), eq(unitLineage.predecessorCode, code)));
  const related = links.map((l) => (l.unitCode === code ? l.predecessorCode : l.unitCode));
  const found = related.length
    ? await db.select().from(units).where(inArray(units.code, related))
    : [];
  const byCode = new Map(found.map((u) => [u.code, u]));
  const shape = (l: (typeof links)[number], other: string) => ({
    unit: byCode.get(other) as Unit,
    event: l.event,
    effectiveDate: l.effectiveDate,
    basis: l.basis,
  });
  return {
    predecessors: links.filter((l) => l.unitCode === code).map((l) => shape(l, l.predecessorCode)),
    successors: links.filter((l) => l.predecessorCode === code).map((l) => shape(l, l.unitCode)),
  };
}

export type NewUnitInput = { code: string; name: string; type: string };

export type ReorganizeInput = {
  /** merge: several units become one; split: one unit becomes several. */
  event: 'merge' | 'split';
  fromCodes: string[];
  into: NewUnitInput[];
  effectiveDate: string;
  basis?: string;
};

/**
 * Merges or splits units of one parent. The old units stay, closed on the day before the change,
 * with lineage rows linking every new unit to every old one, so their history stays queryable and
 * figures from before and after add up the same.
 */
export async function reorganizeUnits(
  db: Executor,
  input: ReorganizeInput,
  actor: AuditActor,
): Promise<Unit[]> {
  return db.transaction(async (tx) => {
    const olds = await tx
      .select()
      .from(units)
      .where(inArray(units.code, input.fromCodes))
      .for('update');
    if (olds.length !== new Set(input.fromCodes).size) {
      throw errors.validation('fromCodes', 'có mã đơn vị không tồn tại.');
    }
    const parents = new Set(olds.map((u) => u.parentCode));
    const levels = new Set(olds.map((u) => u.level));
    if (parents.size !== 1 || levels.size !== 1) {
      throw errors.validation('fromCodes', 'các đơn vị phải cùng cấp và cùng đơn vị cấp trên.');
    }
    if (olds.some((u) => u.validTo !== null)) {
      throw errors.validation('fromCodes', 'có đơn vị đã hết hiệu lực.');
    }
    const [children] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(units)
      .where(inArray(units.parentCode, input.fromCodes));
    if ((children?.n ?? 0) > 0) {
      throw errors.validation(
        'fromCodes',
        'đơn vị còn đơn vị trực thuộc; hãy sắp xếp cấp dưới trước.',
      );
    }
    const newCodes = input.into.map((u) => u.code);
    if (new Set(newCodes).size !== newCodes.length) {
      throw errors.validation('into.code', 'các mã đơn vị mới trùng nhau.');
    }
    for (const code of newCodes) {
      if (input.fromCodes.includes(code) || (await findUnit(tx, code))) {
        throw errors.duplicate('into.code', `mã đơn vị ${code} đã tồn tại.`);
      }
    }
    const first = olds[0] as Unit;
    const parentPath = first.path.split('/').slice(0, -1).join('/');
    await tx
      .update(units)
      .set({ validTo: sql`(${input.effectiveDate}::date - 1)` })
      .where(inArray(units.code, input.fromCodes));
    const created = await tx
      .insert(units)
      .values(
        input.into.map((u) =>
          unitRow({
            ...u,
            level: first.level,
            parentCode: first.parentCode,
            parentPath: parentPath || undefined,
            validFrom: input.effectiveDate,
          }),
        ),
      )
      .returning();
    await tx.insert(unitLineage).values(
      created.flatMap((n) =>
        olds.map((o) => ({
          unitCode: n.code,
          predecessorCode: o.code,
          event: input.event,
          effectiveDate: input.effectiveDate,
          basis: input.basis ?? null,
        })),
      ),
    );
    await recordAudit(tx, actor, {
      action: `unit.${input.event}`,
      entityType: 'unit',
      entityId: newCodes.join(','),
      before: { units: olds.map((u) => ({ code: u.code, name: u.name })) },
      after: { units: created.map((u) => ({ code: u.code, name: u.name })) },
    });
    return created;
  });
}
