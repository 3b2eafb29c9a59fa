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

export type MergeInput = {
  fromCodes: string[];
  into: { code: string; name: string; type: string };
  effectiveDate: string;
  basis?: string;
};

/**
 * Merges several units of one parent into a new unit. The old units stay, closed on the day
 * before the merge, with lineage rows pointing at the new one, so their history stays queryable.
 */
export async function mergeUnits(
  db: Executor,
  input: MergeInput,
  actor: AuditActor,
): Promise<Unit> {
  return db.transaction(async (tx) => {
    const olds = await tx
      .select()
      .from(units)
      .where(inArray(units.code, input.fromCodes))
      .for('update');
    if (olds.length !== new Set(input.fromCodes).size)
      throw errors.validation('fromCodes', 'có mã đơn vị không tồn tại.');
    const parents = new Set(olds.map((u) => u.parentCode));
    const levels = new Set(olds.map((u) => u.level));
    if (parents.size !== 1 || levels.size !== 1) {
      throw errors.validation(
        'fromCodes',
        'các đơn vị được hợp nhất phải cùng cấp và cùng đơn vị cấp trên.',
      );
    }
    if (olds.some((u) => u.validTo !== null))
      throw errors.validation('fromCodes', 'có đơn vị đã hết hiệu lực.');
    if (input.fromCodes.includes(input.into.code)) {
      throw errors.validation('into.code', 'mã đơn vị mới phải khác mã các đơn vị cũ.');
    }
    if (await findUnit(tx, input.into.code)) {
      throw errors.duplicate('into.code', 'mã đơn vị đã tồn tại.');
    }
    const first = olds[0] as Unit;
    const parentPath = first.path.split('/').slice(0, -1).join('/');
    const newCode = input.into.code;
    await tx
      .update(units)
      .set({ validTo: sql`(${input.effectiveDate}::date - 1)` })
      .where(inArray(units.code, input.fromCodes));
    const [created] = await tx
      .insert(units)
      .values(
        unitRow({
          code: newCode,
          name: input.into.name,
          type: input.into.type,
          level: first.level,
          parentCode: first.parentCode,
          parentPath: parentPath || undefined,
          validFrom: input.effectiveDate,
        }),
      )
      .returning();
    await tx.insert(unitLineage).values(
      olds.map((u) => ({
        unitCode: newCode,
        predecessorCode: u.code,
        event: 'merge' as const,
        effectiveDate: input.effectiveDate,
        basis: input.basis ?? null,
      })),
    );
    await recordAudit(tx, actor, {
      action: 'unit.merge',
      entityType: 'unit',
      entityId: newCode,
      before: { units: olds.map((u) => ({ code: u.code, name: u.name })) },
      after: created,
    });
    return created as Unit;
  });
}
