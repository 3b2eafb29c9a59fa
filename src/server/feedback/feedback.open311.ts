import { and, desc, eq, gte, inArray, lte, notInArray, type SQL } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '@server/platform/auth/access';
import type { ApiServer, AppContext } from '@server/platform/context';
import { parseFormText } from '@server/platform/http/body';
import { errors } from '@server/platform/http/errors';
import { recordId } from '@server/platform/http/schema';
import { units } from '@server/platform/units/units.tables';
import { createBody, FIELDS, type Field } from './feedback.schema';
import { createCase } from './feedback.service';
import { feedbackCases, type FeedbackCase } from './feedback.tables';
import { FINISHED } from './feedback.workflow';

/**
 * Open311 GeoReport v2 (JSON). Services are our fields; requests are reports and
 * recommendations (phản ánh, kiến nghị) — complaints and denunciations are personal procedures and
 * never listed. Only public fields leave: no petitioner, no content beyond the title.
 */

const PUBLIC_TYPES: FeedbackCase['type'][] = ['phan_anh', 'kien_nghi'];
const HIDDEN: FeedbackCase['status'][] = ['hidden', 'merged', 'withdrawn'];

function present(c: FeedbackCase, agency: string) {
  return {
    service_request_id: String(c.id),
    status: FINISHED.includes(c.status) ? 'closed' : 'open',
    status_notes: null,
    service_name: FIELDS[c.field as Field] ?? c.field,
    service_code: c.field,
    description: c.title,
    agency_responsible: agency,
    service_notice: null,
    requested_datetime: c.receivedAt.toISOString(),
    updated_datetime: c.updatedAt.toISOString(),
    expected_datetime: c.dueAt?.toISOString() ?? null,
    address: c.locationAddress,
    lat: c.lat,
    long: c.lng,
    media_url: null,
  };
}

async function agencies(ctx: AppContext, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const found = await ctx.db
    .select({ code: units.code, name: units.name })
    .from(units)
    .where(inArray(units.code, [...new Set(codes)]));
  return new Map(found.map((u) => [u.code, `Ủy ban MTTQ ${u.name}`]));
}

const listQuery = z.object({
  service_code: z.string().max(40).optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  jurisdiction_id: z.string().max(20).optional().describe('Mã tỉnh/thành phố'),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

const postBody = z.object({
  service_code: z.string().max(40).describe('Mã lĩnh vực (services.json)'),
  jurisdiction_id: z.string().max(20).describe('Mã tỉnh/thành phố'),
  'attribute[commune]': z.string().max(20).optional().describe('Mã xã/phường'),
  'attribute[consent]': z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'Đồng ý cho xử lý dữ liệu cá nhân; bắt buộc "true" khi gửi họ tên, điện thoại, e-mail',
    ),
  description: z.string().min(1).max(20_000).describe('Nội dung'),
  lat: z.coerce.number().optional(),
  long: z.coerce.number().optional(),
  address_string: z.string().max(500).optional(),
  email: z.string().max(200).optional(),
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
  phone: z.string().max(30).optional(),
});

export function open311Routes(api: ApiServer, ctx: AppContext): void {
  void api.register((plain, _options, done) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, text, done) => {
        try {
          done(null, parseFormText(String(text)));
        } catch (error) {
          done(error as Error, undefined);
        }
      },
    );
    const tags = ['Open311 GeoReport v2'];

    scope.get(
      '/open311/v2/services.json',
      { schema: { tags, summary: 'Danh sách dịch vụ (lĩnh vực)' } },
      () =>
        Object.entries(FIELDS).map(([code, name]) => ({
          service_code: code,
          service_name: name,
          description: `Phản ánh, kiến nghị về ${name.toLowerCase()}`,
          metadata: false,
          type: 'realtime',
          keywords: '',
          group: 'Phản ánh, kiến nghị',
        })),
    );

    scope.get(
      '/open311/v2/requests.json',
      {
        schema: {
          tags,
          summary: 'Danh sách yêu cầu (chỉ trường công khai)',
          querystring: listQuery,
        },
      },
      async (request) => {
        const q = request.query;
        const conditions: SQL[] = [
          inArray(feedbackCases.type, PUBLIC_TYPES),
          notInArray(feedbackCases.status, HIDDEN),
        ];
        if (q.service_code) conditions.push(eq(feedbackCases.field, q.service_code));
        if (q.status === 'open') conditions.push(notInArray(feedbackCases.status, [...FINISHED]));
        if (q.status === 'closed') conditions.push(inArray(feedbackCases.status, [...FINISHED]));
        if (q.start_date) conditions.push(gte(feedbackCases.receivedAt, new Date(q.start_date)));
        if (q.end_date) conditions.push(lte(feedbackCases.receivedAt, new Date(q.end_date)));
        if (q.jurisdiction_id) conditions.push(eq(feedbackCases.provinceCode, q.jurisdiction_id));
        const found = await ctx.db
          .select()
          .from(feedbackCases)
          .where(and(...conditions))
          .orderBy(desc(feedbackCases.receivedAt))
          .limit(q.page_size)
          .offset((q.page - 1) * q.page_size);
        const names = await agencies(
          ctx,
          found.map((c) => c.handlingUnitCode),
        );
        return found.map((c) => present(c, names.get(c.handlingUnitCode) ?? ''));
      },
    );

    scope.get(
      '/open311/v2/requests/:id.json',
      {
        schema: {
          tags,
          summary: 'Một yêu cầu',
          params: z.object({ id: recordId('Mã yêu cầu') }),
        },
      },
      async (request) => {
        const [c] = await ctx.db
          .select()
          .from(feedbackCases)
          .where(eq(feedbackCases.id, request.params.id));
        if (!c || !PUBLIC_TYPES.includes(c.type) || HIDDEN.includes(c.status))
          throw errors.notFound('yêu cầu');
        const names = await agencies(ctx, [c.handlingUnitCode]);
        return [present(c, names.get(c.handlingUnitCode) ?? '')];
      },
    );

    scope.post(
      '/open311/v2/requests.json',
      {
        schema: { tags, summary: 'Gửi yêu cầu (ánh xạ sang tiếp nhận phản ánh)', body: postBody },
        config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const b = request.body;
        if (!(b.service_code in FIELDS))
          throw errors.validation('service_code', 'không có dịch vụ với mã này.');
        const name = [b.last_name, b.first_name].filter(Boolean).join(' ');
        // Personal data is processed only with the sender's explicit consent (Law 91/2025/QH15);
        // a report without any personal data needs none.
        const personal = Boolean(name || b.phone || b.email);
        if (personal && b['attribute[consent]'] !== 'true')
          throw errors.validation(
            'attribute[consent]',
            'cần đồng ý cho xử lý dữ liệu cá nhân ("true") khi gửi họ tên, điện thoại hoặc e-mail.',
          );
        const description = b.description.normalize('NFC').trim();
        const parsed = createBody.safeParse({
          type: 'phan_anh',
          field: b.service_code,
          title: description.split('\n')[0]?.slice(0, 120) ?? description.slice(0, 120),
          content: description,
          provinceCode: b.jurisdiction_id,
          communeCode: b['attribute[commune]'] ?? null,
          address: b.address_string ?? null,
          lat: b.lat ?? null,
          lng: b.long ?? null,
          consent: true,
          petitioner: { name: name || null, phone: b.phone ?? null, email: b.email ?? null },
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw errors.validation(
            issue?.path.join('.') || 'body',
            issue?.message ?? 'không hợp lệ.',
          );
        }
        const created = await createCase(
          ctx,
          parsed.data,
          { user: null, actor: actorOf(request) },
          { channel: 'open311' },
        );
        return reply.status(201).send([
          {
            service_request_id: String(created.id),
            token: created.trackingCode,
            service_notice: 'Đã tiếp nhận',
            account_id: null,
          },
        ]);
      },
    );
    done();
  });
}
