import { inArray } from 'drizzle-orm';
import { canAccessUnit } from '../platform/auth/access';
import { AppError } from '../platform/http/errors';
import type { ColumnSpec } from '../platform/import/import.parse';
import type { ImportDefinition, PlannedRow } from '../platform/import/import.routes';
import type { Unit } from '../platform/units/units.service';
import { units } from '../platform/units/units.tables';
import { assertResultsConsistent, stepDateProblem, type ResultValues } from './congress.checks';
import { RESULT_FIELDS, RESULT_LABELS, localDate, type ResultField } from './congress.constants';
import { WRITE_ROLES, canChangeStep } from './congress.policy';
import { currentRound, importUnitResults, resultsByUnit, sameResults } from './congress.service';

/** Extra header texts seen in real sheets, including the "parent child" form of two-row headers. */
const ALIASES: Partial<Record<ResultField, string[]>> = {
  delegatesOfficial: ['Đại biểu chính thức', 'Số đại biểu chính thức', 'Đại biểu triệu tập'],
  delegatesPresent: ['Đại biểu có mặt', 'Số đại biểu có mặt', 'Đại biểu dự'],
  guests: ['Khách mời', 'Đại biểu khách mời'],
  committeeMembers: [
    'Ủy viên tổng số',
    'Số ủy viên',
    'Ủy ban tổng số',
    'Tổng số ủy viên',
    'Ủy viên được cử',
  ],
  women: ['Nữ', 'Cơ cấu nữ'],
  ethnicMinority: ['Dân tộc thiểu số', 'Cơ cấu dân tộc thiểu số', 'Ủy viên DTTS', 'DTTS'],
  religious: ['Tôn giáo', 'Cơ cấu tôn giáo'],
  nonParty: ['Ngoài Đảng', 'Cơ cấu ngoài Đảng'],
  under35: ['Dưới 35 tuổi', 'Cơ cấu dưới 35 tuổi', 'Trẻ dưới 35 tuổi'],
  reelected: ['Tái cử', 'Cơ cấu tái cử'],
  newMembers: ['Mới', 'Tham gia lần đầu', 'Cơ cấu mới'],
  communeChairs: ['Chủ tịch MTTQ cấp xã', 'Chủ tịch cấp xã'],
  standingBoard: ['Ban Thường trực', 'Số thành viên Ban Thường trực', 'Thường trực'],
  viceChairsFullTime: ['Phó Chủ tịch chuyên trách'],
  viceChairsPartTime: ['Phó Chủ tịch không chuyên trách'],
  vacancies: ['Còn khuyết', 'Số khuyết'],
  delegationOfficial: ['Đoàn đại biểu chính thức', 'Đại biểu đi dự đại hội cấp trên chính thức'],
  delegationAlternates: [
    'Đoàn đại biểu dự khuyết',
    'Dự khuyết',
    'Đại biểu đi dự đại hội cấp trên dự khuyết',
  ],
};

function aliases(field: ResultField): string[] {
  const label = RESULT_LABELS[field];
  const extra = ALIASES[field] ?? [];
  const withParent = extra.flatMap((a) => [a, `Ủy viên ${a}`, `Cơ cấu ${a}`, `Ủy ban ${a}`]);
  return [label, ...withParent];
}

export const RESULTS_SPEC: ColumnSpec[] = [
  { key: 'unitCode', headers: ['Mã đơn vị', 'Mã ĐV', 'Mã'], type: 'text', required: true },
  { key: 'unitName', headers: ['Tên đơn vị', 'Đơn vị', 'Xã, phường'], type: 'text' },
  {
    key: 'heldOn',
    headers: ['Ngày đại hội', 'Ngày tổ chức đại hội', 'Ngày tổ chức'],
    type: 'date',
  },
  ...RESULT_FIELDS.map((f): ColumnSpec => ({ key: f, headers: aliases(f), type: 'integer' })),
  {
    key: 'chairElected',
    headers: [RESULT_LABELS.chairElected, 'Chủ tịch', 'Có Chủ tịch'],
    type: 'boolean',
  },
];

const EMPTY: ResultValues = {
  ...(Object.fromEntries(RESULT_FIELDS.map((f) => [f, 0])) as Record<ResultField, number>),
  chairElected: false,
};

function mergeValues(row: Pick<PlannedRow, 'values'>, base: ResultValues): ResultValues {
  const out = { ...base };
  for (const f of RESULT_FIELDS) {
    const v = row.values[f];
    if (typeof v === 'number') out[f] = v;
  }
  if (typeof row.values.chairElected === 'boolean') out.chairElected = row.values.chairElected;
  return out;
}

function currentValues(saved: Record<string, unknown> | null): ResultValues {
  if (!saved) return { ...EMPTY };
  const out = { ...EMPTY };
  for (const f of RESULT_FIELDS) out[f] = Number(saved[f] ?? 0);
  out.chairElected = Boolean(saved.chairElected);
  return out;
}

/** Results of many units at once from a spreadsheet, through the shared import part. */
export const congressResultsImport: ImportDefinition = {
  path: '/api/v1/congress/import',
  tags: ['Đại hội'],
  name: 'Kết quả đại hội',
  spec: RESULTS_SPEC,
  examples: [{ unitCode: '20242', unitName: 'Phường Hải Châu', heldOn: '2025-10-20' }],

  async plan(ctx, user, table) {
    const codes = [
      ...new Set(
        table.rows.map((r) => r.values.unitCode).filter((c): c is string => typeof c === 'string'),
      ),
    ];
    const found: Unit[] = codes.length
      ? await ctx.db.select().from(units).where(inArray(units.code, codes))
      : [];
    const byCode = new Map(found.map((u) => [u.code, u]));
    const rounds = await Promise.all(
      (['commune', 'province', 'central'] as const).map((l) => currentRound(ctx.db, l)),
    );
    const saved = await resultsByUnit(
      ctx.db,
      rounds.map((r) => r.id),
      codes,
    );
    const actorCodes = [...saved.values()].flatMap((v) => v.steps.map((s) => s.actorUnitCode));
    const actors: Unit[] = actorCodes.length
      ? await ctx.db
          .select()
          .from(units)
          .where(inArray(units.code, [...new Set(actorCodes)]))
      : [];
    const actorByCode = new Map(actors.map((u) => [u.code, u]));
    const seen = new Set<string>();
    const today = localDate();
    return table.rows.map((row): PlannedRow => {
      const planned: PlannedRow = { ...row, errors: [...row.errors], action: 'error' };
      const code = typeof row.values.unitCode === 'string' ? row.values.unitCode : '';
      const unit = byCode.get(code);
      if (!unit || !canAccessUnit(user, unit.path, WRITE_ROLES)) {
        if (code)
          planned.errors.push({
            column: 'unitCode',
            message: `Đơn vị mã ${code} không có hoặc ngoài phạm vi của bạn.`,
          });
        return planned;
      }
      planned.label = unit.name;
      if (seen.has(code))
        planned.errors.push({
          column: 'unitCode',
          message: `Đơn vị ${code} xuất hiện nhiều lần trong tệp.`,
        });
      seen.add(code);
      const current = saved.get(code);
      if (current?.steps.some((s) => s.step === 'results_verified')) {
        planned.errors.push({
          column: 'unitCode',
          message: `Kết quả của ${unit.name} đã được cấp trên xác nhận; cần mở lại trước khi sửa.`,
        });
      }
      const heldOn = typeof row.values.heldOn === 'string' ? row.values.heldOn : null;
      const held = current?.steps.find((s) => s.step === 'congress_held');
      const heldBy = held ? actorByCode.get(held.actorUnitCode) : undefined;
      if (heldOn && held && held.doneOn !== heldOn && !canChangeStep(user, heldBy?.path ?? '')) {
        // The same rule as recording the step by hand: a higher level's date stays its own.
        planned.errors.push({
          column: 'heldOn',
          message: `Ngày đại hội của ${unit.name} do ${heldBy?.name ?? held.actorUnitCode} ghi nhận; chỉ cấp đó hoặc cấp trên mới được sửa.`,
        });
      }
      const dateProblem = heldOn
        ? stepDateProblem('congress_held', heldOn, current?.steps ?? [], today)
        : null;
      if (dateProblem)
        planned.errors.push({ column: 'heldOn', message: `Ngày đại hội: ${dateProblem}` });
      const values = mergeValues(row, currentValues(current?.results ?? null));
      try {
        assertResultsConsistent(values);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        planned.errors.push({ column: error.field ?? 'results', message: error.message });
      }
      if (planned.errors.length) return planned;
      const heldSame = !heldOn || held?.doneOn === heldOn;
      planned.values = { ...row.values, ...values };
      planned.action = !current?.results
        ? 'create'
        : sameResults(current.results, values) && heldSame
          ? 'unchanged'
          : 'update';
      return planned;
    });
  },

  async apply(ctx, user, rows, actor) {
    const summary = { created: 0, updated: 0, unchanged: 0 };
    await ctx.db.transaction(async (tx) => {
      const codes = rows.map((r) => String(r.values.unitCode));
      const found = codes.length
        ? await tx.select().from(units).where(inArray(units.code, codes))
        : [];
      for (const row of rows) {
        const unit = found.find((u) => u.code === row.values.unitCode);
        if (!unit) continue;
        const values = mergeValues(row, EMPTY);
        const heldOn = typeof row.values.heldOn === 'string' ? row.values.heldOn : null;
        const changed = await importUnitResults(tx, user, unit, values, heldOn, actor);
        if (!changed) summary.unchanged += 1;
        else if (row.action === 'create') summary.created += 1;
        else summary.updated += 1;
      }
    });
    return summary;
  },
};
