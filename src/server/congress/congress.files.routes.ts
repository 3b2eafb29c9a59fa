import { z } from 'zod';
import { assertUnitAccess, canAccessUnit, homeGrant, requireUser } from '../platform/auth/access';
import type { ApiServer, AppContext } from '../platform/context';
import { attachmentDisposition } from '../platform/http/download';
import { errors } from '../platform/http/errors';
import { errorResponse } from '../platform/http/schema';
import { registerImportRoutes } from '../platform/import/import.routes';
import { tableToXlsx, type TableColumn } from '../platform/import/import.xlsx';
import { getUnit } from '../platform/units/units.service';
import { STEP_KEYS, STEP_LABELS, localDate } from './congress.constants';
import { congressResultsImport } from './congress.import';
import {
  LATE_KINDS,
  LATE_LABELS,
  communesOf,
  lateCommunes,
  provinceProgress,
  type CommuneProgress,
  type Progress,
} from './congress.progress';
import { progressReport } from './congress.report';
import { within } from './congress.policy';
import { exportQuery, reportQuery, unitFilterOf } from './congress.schema';
import { currentRound, visibleUnit } from './congress.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const tags = ['Đại hội'];

const PROGRESS_COLUMNS: TableColumn[] = [
  { header: 'Mã', key: 'code', width: 8 },
  { header: 'Đơn vị', key: 'name', width: 32 },
  { header: 'Tổng số', key: 'total', type: 'number' },
  { header: 'Đã đại hội', key: 'done', type: 'number' },
  { header: 'Tỷ lệ', key: 'percent', type: 'percent' },
  { header: 'Chậm', key: 'late', type: 'number' },
  ...STEP_KEYS.map((k): TableColumn => ({
    header: STEP_LABELS[k],
    key: `step_${k}`,
    type: 'number',
    width: 16,
  })),
  ...LATE_KINDS.map((k): TableColumn => ({
    header: LATE_LABELS[k],
    key: `late_${k}`,
    type: 'number',
    width: 16,
  })),
];

function flatten(p: Progress): Record<string, unknown> {
  return {
    ...p,
    ...Object.fromEntries(STEP_KEYS.map((k) => [`step_${k}`, p.byStep[k]])),
    ...Object.fromEntries(LATE_KINDS.map((k) => [`late_${k}`, p.lateByKind[k]])),
  };
}

const COMMUNE_COLUMNS: TableColumn[] = [
  { header: 'Mã', key: 'code', width: 8 },
  { header: 'Đơn vị', key: 'name', width: 32 },
  { header: 'Ngày dự kiến', key: 'plannedDate', type: 'date', width: 14 },
  { header: 'Ngày đại hội', key: 'heldOn', type: 'date', width: 14 },
  { header: 'Bước gần nhất', key: 'lastStepLabel', width: 30 },
  { header: 'Chậm', key: 'lateLabel', width: 40 },
];

function communeRow(c: CommuneProgress & { provinceName?: string }): Record<string, unknown> {
  return {
    ...c,
    lastStepLabel: c.lastStep ? STEP_LABELS[c.lastStep] : 'Chưa có bước nào',
    lateLabel: c.lateKinds.map((k) => LATE_LABELS[k]).join('; '),
  };
}

function sendFile(
  reply: { header(k: string, v: string): unknown; send(b: Buffer): unknown },
  type: string,
  name: string,
  body: Buffer,
) {
  reply.header('content-type', type);
  reply.header('content-disposition', attachmentDisposition(name));
  reply.header('x-content-type-options', 'nosniff');
  return reply.send(body);
}

/** Excel export of the tables, the Word progress report and the Excel import of results. */
export function congressFileRoutes(api: ApiServer, ctx: AppContext): void {
  api.get(
    '/api/v1/congress/export.xlsx',
    {
      schema: {
        tags,
        summary: 'Xuất Excel một bảng: tiến độ theo tỉnh, các xã của một tỉnh, đơn vị chậm',
        querystring: exportQuery,
        response: { 200: z.unknown(), 400: errorResponse, 401: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const round = await currentRound(ctx.db, request.query.round);
      const tier = round.level === 'province' ? 'tỉnh' : 'xã';
      const { table } = request.query;
      const code = unitFilterOf(request.query);
      // Every table: a unit outside the user's tree is a 404, never an empty file.
      const filter = code ? await visibleUnit(ctx.db, user, code) : undefined;
      const today = localDate();
      if (table === 'progress') {
        if (filter?.level === 'commune')
          throw errors.validation('parent', 'bảng tiến độ theo tỉnh cần mã tỉnh (hoặc TW).');
        const { items, national } = await provinceProgress(ctx.db, round);
        const visible = items.filter(
          (p) => canAccessUnit(user, p.path) && (!filter || within(p.path, filter)),
        );
        const body = await tableToXlsx(
          `Tiến độ đại hội cấp ${tier} theo tỉnh, thành phố — ngày ${today.split('-').reverse().join('/')}`,
          PROGRESS_COLUMNS,
          [...visible.map(flatten), flatten({ ...national, name: 'Toàn quốc' })],
        );
        const suffix = filter && filter.level !== 'central' ? `-${filter.code}` : '';
        return sendFile(
          reply,
          XLSX,
          `Tien-do-dai-hoi-cap-${round.level}${suffix}-${today}.xlsx`,
          body,
        );
      }
      if (table === 'communes') {
        if (round.level === 'province')
          throw errors.validation('table', 'đại hội cấp tỉnh không có bảng các xã.');
        if (filter?.level !== 'province') throw errors.validation('parent', 'cần mã tỉnh.');
        const unit = filter;
        const rows = await communesOf(ctx.db, round, unit.code);
        const body = await tableToXlsx(
          `Tiến độ đại hội các xã — ${unit.name}`,
          COMMUNE_COLUMNS,
          rows.map(communeRow),
        );
        return sendFile(reply, XLSX, `Tien-do-${unit.code}-${today}.xlsx`, body);
      }
      const late = await lateCommunes(ctx.db, user, round, {
        withinPath: filter?.path,
        limit: 5000,
      });
      const columns = [
        { header: 'Tỉnh, thành phố', key: 'provinceName', width: 24 },
        ...COMMUNE_COLUMNS,
      ];
      const body = await tableToXlsx(
        `Đơn vị chậm tiến độ đại hội cấp ${tier}`,
        columns,
        late.map(communeRow),
      );
      return sendFile(reply, XLSX, `Don-vi-cham-${today}.xlsx`, body);
    },
  );

  api.get(
    '/api/v1/congress/report.docx',
    {
      schema: {
        tags,
        summary: 'Báo cáo tiến độ (Word, thể thức Nghị định 30/2020/NĐ-CP)',
        querystring: reportQuery,
        response: { 200: z.unknown(), 400: errorResponse, 401: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const code = request.query.unit ?? homeGrant(user)?.unitCode ?? 'TW';
      const unit = await getUnit(ctx.db, code);
      assertUnitAccess(user, unit.path);
      if (unit.level === 'commune')
        throw errors.validation('unit', 'báo cáo tiến độ lập cho cấp tỉnh hoặc toàn quốc.');
      const round = await currentRound(ctx.db, request.query.round);
      const { items, national } = await provinceProgress(ctx.db, round);
      const province = items.find((p) => p.code === unit.code);
      const ownRound = round.level === 'province';
      const body =
        unit.level === 'central'
          ? await progressReport({ unit, round, total: national, rows: items, place: 'Hà Nội' })
          : await progressReport({
              unit,
              round,
              total: province ?? national,
              rows: ownRound
                ? province
                  ? [province]
                  : []
                : await communesOf(ctx.db, round, unit.code),
              place: unit.shortName,
            });
      return sendFile(
        reply,
        DOCX,
        `Bao-cao-tien-do-dai-hoi-${unit.code}-${localDate()}.docx`,
        body,
      );
    },
  );

  registerImportRoutes(api, ctx, congressResultsImport);
}
