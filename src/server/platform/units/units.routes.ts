import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { actorOf, requireAdmin } from '../auth/access';
import type { ApiServer, AppContext } from '../context';
import { errorResponse } from '../http/schema';
import {
  mergeBody,
  splitBody,
  unitCodeParams,
  unitDetail,
  unitListQuery,
  unitOut,
} from './units.schema';
import { ancestorsOf, getUnit, lineageOf, reorganizeUnits, type Unit } from './units.service';
import { units } from './units.tables';

/** The public shape of a unit. */
export function presentUnit(u: Unit) {
  return {
    code: u.code,
    name: u.name,
    shortName: u.shortName,
    type: u.type,
    level: u.level,
    parentCode: u.parentCode,
    validFrom: u.validFrom,
    validTo: u.validTo,
  };
}

/** Units are public reference data: the citizens' form needs them, so no login is required. */
export function unitsRoutes(api: ApiServer, ctx: AppContext): void {
  const tags = ['Đơn vị'];
  const directory = ctx.units;

  api.get(
    '/api/v1/units',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Danh sách, tìm kiếm đơn vị',
        querystring: unitListQuery,
        response: {
          200: z.object({ items: z.array(unitOut), total: z.number() }),
          400: errorResponse,
        },
      },
    },
    async (request) => {
      const result = await directory.list(request.query);
      return { items: result.items.map(presentUnit), total: result.total };
    },
  );

  api.get(
    '/api/v1/units/:code',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Một đơn vị, cấp trên và lịch sử sáp nhập',
        params: unitCodeParams,
        response: { 200: unitDetail, 404: errorResponse },
      },
    },
    async (request) => {
      const unit = await getUnit(ctx.db, request.params.code);
      const [ancestors, lineage, [count]] = await Promise.all([
        ancestorsOf(ctx.db, unit),
        lineageOf(ctx.db, unit.code),
        ctx.db
          .select({ n: sql<number>`count(*)::int` })
          .from(units)
          .where(eq(units.parentCode, unit.code)),
      ]);
      return {
        ...presentUnit(unit),
        ancestors: ancestors.map(presentUnit),
        childCount: count?.n ?? 0,
        predecessors: lineage.predecessors.map((l) => ({ ...l, unit: presentUnit(l.unit) })),
        successors: lineage.successors.map((l) => ({ ...l, unit: presentUnit(l.unit) })),
      };
    },
  );

  api.get(
    '/api/v1/units/:code/children',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Đơn vị trực thuộc',
        params: unitCodeParams,
        querystring: unitListQuery.pick({
          q: true,
          limit: true,
          offset: true,
          includeHistoric: true,
        }),
        response: {
          200: z.object({ items: z.array(unitOut), total: z.number() }),
          404: errorResponse,
        },
      },
    },
    async (request) => {
      const unit = await getUnit(ctx.db, request.params.code);
      const result = await directory.list({ ...request.query, parent: unit.code });
      return { items: result.items.map(presentUnit), total: result.total };
    },
  );

  api.get(
    '/api/v1/units/:code/ancestors',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Các cấp trên',
        params: unitCodeParams,
        response: { 200: z.object({ items: z.array(unitOut) }), 404: errorResponse },
      },
    },
    async (request) => {
      const unit = await getUnit(ctx.db, request.params.code);
      return { items: (await ancestorsOf(ctx.db, unit)).map(presentUnit) };
    },
  );

  api.post(
    '/api/v1/units/merge',
    {
      schema: {
        tags,
        summary: 'Hợp nhất đơn vị (quản trị viên); đơn vị cũ được giữ lại cùng lịch sử',
        body: mergeBody,
        response: { 201: unitOut, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const { fromCodes, into, effectiveDate, basis } = request.body;
      const [created] = await reorganizeUnits(
        ctx.db,
        { event: 'merge', fromCodes, into: [into], effectiveDate, basis },
        actorOf(request),
      );
      directory.invalidate();
      return reply.status(201).send(presentUnit(created as Unit));
    },
  );

  api.post(
    '/api/v1/units/split',
    {
      schema: {
        tags,
        summary: 'Chia một đơn vị thành nhiều đơn vị (quản trị viên); đơn vị cũ được giữ lại',
        body: splitBody,
        response: {
          201: z.object({ items: z.array(unitOut) }),
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const { fromCode, into, effectiveDate, basis } = request.body;
      const created = await reorganizeUnits(
        ctx.db,
        { event: 'split', fromCodes: [fromCode], into, effectiveDate, basis },
        actorOf(request),
      );
      directory.invalidate();
      return reply.status(201).send({ items: created.map(presentUnit) });
    },
  );
}
