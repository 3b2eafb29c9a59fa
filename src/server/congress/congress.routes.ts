import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { actorOf, assertUnitAccess, canAccessUnit, requireUser } from '../platform/auth/access';
import { PROJECT_ROOT } from '../platform/config';
import type { ApiServer, AppContext } from '../platform/context';
import { attachmentDisposition } from '../platform/http/download';
import { errors } from '../platform/http/errors';
import { errorResponse } from '../platform/http/schema';
import { refuseInvalidFileName, servedType } from '../platform/storage/file-check';
import {
  communesOf,
  lateCommunes,
  provinceProgress,
  snapshotHistory,
  takeSnapshot,
} from './congress.progress';
import { within } from './congress.policy';
import { presentRound, presentUnitCongress } from './congress.presenter';
import {
  historyQuery,
  lateQuery,
  planBody,
  progressQuery,
  resultsBody,
  stepBody,
  stepParams,
  unitCodeParams,
  unitFilterOf,
  versionBody,
} from './congress.schema';
import {
  attachToStep,
  currentRound,
  findAttachment,
  getUnitCongress,
  recordStep,
  saveResults,
  undoStep,
  updatePlan,
  visibleUnit,
} from './congress.service';
import { congressFileRoutes } from './congress.files.routes';

const tags = ['Đại hội'];
const out = (what: string) => z.looseObject({}).describe(what);
const card = out('Hồ sơ đại hội của đơn vị: kế hoạch, các bước, kết quả, version');
const errorsOf = {
  200: card,
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

/** Thin handlers of the congress API; rules live in the service and policy files. */
export function congressRoutes(api: ApiServer, ctx: AppContext): void {
  api.get(
    '/api/v1/congress/rounds',
    { schema: { tags, summary: 'Các kỳ đại hội hiện hành' } },
    async (request) => {
      requireUser(request);
      const levels = ['central', 'province', 'commune'] as const;
      const rounds = await Promise.all(levels.map((l) => currentRound(ctx.db, l)));
      return { items: rounds.map(presentRound) };
    },
  );

  api.get(
    '/api/v1/congress/progress',
    {
      schema: {
        tags,
        summary:
          'Tiến độ đại hội cấp xã theo tỉnh, hoặc theo xã của một tỉnh; hoặc đại hội cấp tỉnh (round=province); kèm số liệu toàn quốc',
        description:
          'done = số đơn vị đã tổ chức đại hội; late = số đơn vị chậm (một trong bốn loại); tính theo giờ Việt Nam từ dữ liệu gốc. Với round=province, mỗi tỉnh là một đơn vị (total = 1) và chỉ có level=province.',
        querystring: progressQuery,
        response: {
          200: out('{items, national, parent?, round}'),
          400: errorResponse,
          401: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const round = await currentRound(ctx.db, request.query.round);
      const code = unitFilterOf(request.query);
      // A unit outside the user's tree is a 404 before anything else, whatever the level.
      const filter = code ? await visibleUnit(ctx.db, user, code) : undefined;
      if (request.query.level === 'commune' && round.level === 'province')
        throw errors.validation('level', 'đại hội cấp tỉnh chỉ xem theo tỉnh (level=province).');
      const { items, national } = await provinceProgress(ctx.db, round);
      if (request.query.level === 'province') {
        if (filter?.level === 'commune')
          throw errors.validation('parent', 'cần mã tỉnh (hoặc TW) khi level=province.');
        return {
          round: presentRound(round),
          items: items
            .filter((p) => canAccessUnit(user, p.path) && (!filter || within(p.path, filter)))
            .map(({ path: _path, ...p }) => p),
          national,
        };
      }
      if (filter?.level !== 'province')
        throw errors.validation('parent', 'cần mã tỉnh khi level=commune.');
      const parent = filter;
      const province = items.find((p) => p.code === parent.code);
      return {
        round: presentRound(round),
        items: await communesOf(ctx.db, round, parent.code),
        parent: province ? (({ path: _path, ...p }) => p)(province) : null,
        national,
      };
    },
  );

  api.get(
    '/api/v1/congress/history',
    {
      schema: {
        tags,
        summary: 'Tiến độ theo ngày (ảnh chụp hằng ngày) của toàn quốc hoặc một tỉnh',
        querystring: historyQuery,
        response: {
          200: out('{items}'),
          400: errorResponse,
          401: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (request.query.unit !== 'TW') {
        const unit = await visibleUnit(ctx.db, user, request.query.unit);
        // Daily snapshots are kept for the nation and each province only.
        if (unit.level === 'commune')
          throw errors.validation(
            'unit',
            'tiến độ theo ngày chỉ có cho toàn quốc (TW) hoặc một tỉnh.',
          );
      }
      const round = await currentRound(ctx.db, request.query.round);
      return { items: await snapshotHistory(ctx.db, round, request.query.unit) };
    },
  );

  api.post(
    '/api/v1/congress/snapshots',
    {
      schema: {
        tags,
        summary: 'Chụp số liệu tiến độ của hôm nay (ghi đè nếu đã có)',
        response: { 200: out('{written}'), 401: errorResponse, 403: errorResponse },
      },
    },
    async (request) => {
      const user = requireUser(request);
      assertUnitAccess(user, 'TW', ['admin', 'leader', 'cadre']);
      let written = 0;
      for (const level of ['commune', 'province'] as const)
        written += await takeSnapshot(ctx.db, await currentRound(ctx.db, level));
      return { written };
    },
  );

  api.get(
    '/api/v1/congress/late',
    {
      schema: {
        tags,
        summary:
          'Danh sách đơn vị chậm tiến độ trong phạm vi của người dùng: cấp xã, hoặc cấp tỉnh (round=province)',
        querystring: lateQuery,
        response: {
          200: out('{items}'),
          400: errorResponse,
          401: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const code = unitFilterOf(request.query);
      const within = code ? (await visibleUnit(ctx.db, user, code)).path : undefined;
      const round = await currentRound(ctx.db, request.query.round);
      const { kind, limit } = request.query;
      return {
        items: await lateCommunes(ctx.db, user, round, { withinPath: within, kind, limit }),
      };
    },
  );

  api.get(
    '/api/v1/congress/units/:code',
    {
      schema: {
        tags,
        summary: 'Hồ sơ đại hội của một đơn vị (thẻ đơn vị)',
        params: unitCodeParams,
        response: errorsOf,
      },
    },
    async (request) => {
      const user = requireUser(request);
      return presentUnitCongress(await getUnitCongress(ctx.db, user, request.params.code), user);
    },
  );

  api.put(
    '/api/v1/congress/units/:code/plan',
    {
      schema: {
        tags,
        summary: 'Kế hoạch: ngày dự kiến, địa điểm, đại hội điểm',
        params: unitCodeParams,
        body: planBody,
        response: errorsOf,
      },
    },
    async (request) => {
      const user = requireUser(request);
      const card = await updatePlan(
        ctx.db,
        user,
        request.params.code,
        request.body,
        actorOf(request),
      );
      return presentUnitCongress(card, user);
    },
  );

  api.put(
    '/api/v1/congress/units/:code/results',
    {
      schema: {
        tags,
        summary: 'Kết quả đại hội; phần không vượt tổng (400), chỉ tiêu tỷ lệ trả về cảnh báo',
        params: unitCodeParams,
        body: resultsBody,
        response: errorsOf,
      },
    },
    async (request) => {
      const user = requireUser(request);
      const out = await saveResults(
        ctx.db,
        user,
        request.params.code,
        request.body,
        actorOf(request),
      );
      return {
        ...presentUnitCongress(out.card, user),
        warnings: out.warnings,
        changed: out.changed,
      };
    },
  );

  api.post(
    '/api/v1/congress/units/:code/steps/:step',
    {
      schema: {
        tags,
        summary: 'Ghi nhận một bước (ngày, người thực hiện, ghi chú)',
        description:
          'Ngày không được sau hôm nay (giờ Việt Nam), không trước ngày của bước trước đã ghi nhận, không sau ngày của bước sau (400). Bước trước chưa ghi nhận trả về cảnh báo (warnings), trừ các bước bắt buộc phải có bước trước (400).',
        params: stepParams,
        body: stepBody,
        response: errorsOf,
      },
    },
    async (request) => {
      const { code, step } = request.params;
      const user = requireUser(request);
      const out = await recordStep(ctx.db, user, code, step, request.body, actorOf(request));
      return { ...presentUnitCongress(out.card, user), warnings: out.warnings };
    },
  );

  api.post(
    '/api/v1/congress/units/:code/steps/:step/undo',
    {
      schema: {
        tags,
        summary: 'Hủy một bước; chỉ cấp đã ghi nhận (hoặc cấp trên) được hủy',
        params: stepParams,
        body: versionBody,
        response: errorsOf,
      },
    },
    async (request) => {
      const { code, step } = request.params;
      const user = requireUser(request);
      const card = await undoStep(ctx.db, user, code, step, request.body.version, actorOf(request));
      return presentUnitCongress(card, user);
    },
  );

  api.post(
    '/api/v1/congress/units/:code/reopen',
    {
      schema: {
        tags,
        summary: 'Mở lại kết quả đã xác nhận; chỉ cấp đã xác nhận',
        params: unitCodeParams,
        body: versionBody,
        response: errorsOf,
      },
    },
    async (request) => {
      const user = requireUser(request);
      const card = await undoStep(
        ctx.db,
        user,
        request.params.code,
        'results_verified',
        request.body.version,
        actorOf(request),
      );
      return presentUnitCongress(card, user);
    },
  );

  api.post(
    '/api/v1/congress/units/:code/steps/:step/attachments',
    {
      schema: {
        tags,
        summary: 'Đính kèm tài liệu vào một bước (multipart, trường file)',
        params: stepParams,
        response: errorsOf,
      },
    },
    async (request) => {
      const user = requireUser(request);
      const part = await request.file();
      if (!part) throw errors.validation('file', 'cần chọn một tệp.');
      const name = refuseInvalidFileName(part.filename || 'tep', 'file');
      const bytes = await part.toBuffer();
      if (bytes.length === 0) throw errors.validation('file', 'tệp rỗng.');
      const { code, step } = request.params;
      await getUnitCongress(ctx.db, user, code);
      const upload = { name: name.slice(0, 200), bytes };
      const card = await attachToStep(ctx, user, code, step, upload, actorOf(request));
      return presentUnitCongress(card, user);
    },
  );

  api.get(
    '/api/v1/congress/units/:code/steps/:step/attachments/:key',
    {
      schema: {
        tags,
        summary: 'Tải tài liệu đính kèm',
        params: stepParams.extend({ key: z.string().max(80).describe('Mã tệp') }),
        response: { 200: z.unknown(), 401: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      const { code, step, key } = request.params;
      const fullKey = `congress/${code.toLowerCase()}/${key}`;
      const file = await findAttachment(ctx.db, requireUser(request), code, step, fullKey);
      const body = await ctx.storage.get(file.key);
      return reply
        .header('content-type', servedType(file.contentType))
        .header('content-disposition', attachmentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );

  let geojson: string | undefined;
  api.get(
    '/api/v1/congress/map',
    { schema: { tags, summary: 'Ranh giới 34 tỉnh, thành phố (GeoJSON)' } },
    async (request, reply) => {
      requireUser(request);
      geojson ??= readFileSync(path.join(PROJECT_ROOT, 'data', 'provinces-2025.geojson'), 'utf8');
      return reply
        .header('content-type', 'application/geo+json; charset=utf-8')
        .header('cache-control', 'private, max-age=86400')
        .send(geojson);
    },
  );

  congressFileRoutes(api, ctx);
}
