import { randomBytes } from 'node:crypto';
import { eq, inArray, like, sql } from 'drizzle-orm';
import { fold } from '@common/text/vietnamese';
import { users } from '@server/platform/auth/auth.tables';
import type { AppContext } from '@server/platform/context';
import { units } from '@server/platform/units/units.tables';
import { addWorkingDays, DEFAULT_DEADLINES } from './feedback.deadlines';
import { holidaySet } from './feedback.settings';
import { feedbackCases, feedbackEvents, type CaseType } from './feedback.tables';
import { newTrackingCode } from './feedback.tracking';
import type { Status } from './feedback.workflow';

/** Realistic subjects per field for the demo inbox of Đà Nẵng. */
const SUBJECTS: Record<string, string[]> = {
  giao_thong: [
    'Ổ gà lớn trên đường {street}',
    'Đèn tín hiệu giao thông hỏng tại ngã tư {street}',
    'Đường {street} ngập sâu sau mưa',
    'Vỉa hè {street} bị lấn chiếm bán hàng',
  ],
  moi_truong: [
    'Rác thải tồn đọng ở kiệt {n} {street}',
    'Cống thoát nước bốc mùi trên đường {street}',
    'Tiếng ồn từ quán karaoke trên đường {street}',
    'Khói bụi từ công trình xây dựng đường {street}',
  ],
  dat_dai: [
    'Chậm cấp giấy chứng nhận quyền sử dụng đất tổ {n}',
    'Xây dựng không phép tại {street}',
    'Tranh chấp ranh giới đất ở tổ dân phố {n}',
  ],
  an_ninh: ['Đua xe trái phép ban đêm trên đường {street}', 'Trộm cắp xe máy ở khu dân cư tổ {n}'],
  y_te: [
    'Trạm y tế phường thiếu thuốc điều trị tăng huyết áp',
    'Phun thuốc phòng sốt xuất huyết ở tổ {n}',
  ],
  giao_duc: [
    'Thu các khoản ngoài quy định tại trường tiểu học',
    'Thiếu chỗ học mầm non cho trẻ khu {street}',
  ],
  an_sinh: [
    'Chậm chi trả trợ cấp người cao tuổi tổ {n}',
    'Đề nghị xét hộ cận nghèo cho gia đình ở tổ {n}',
  ],
  hanh_chinh: [
    'Thời gian chờ làm căn cước quá lâu',
    'Hướng dẫn thủ tục đăng ký hộ kinh doanh chưa rõ',
  ],
  can_bo: [
    'Cán bộ tiếp dân có thái độ thiếu tôn trọng',
    'Cán bộ địa chính gây khó khăn khi làm hồ sơ',
  ],
  khac: [
    'Đề nghị lắp thêm đèn chiếu sáng kiệt {n} {street}',
    'Đề nghị xây nhà văn hoá tổ dân phố {n}',
  ],
};
const STREETS = [
  'Lê Duẩn',
  'Hùng Vương',
  'Nguyễn Văn Linh',
  'Điện Biên Phủ',
  'Trần Phú',
  'Bạch Đằng',
  'Hàm Nghi',
  'Lê Độ',
  'Hải Phòng',
  'Ông Ích Khiêm',
];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Võ', 'Đặng', 'Bùi'];
const GIVEN = [
  'Văn An',
  'Thị Bích',
  'Minh Châu',
  'Quốc Dũng',
  'Thị Hoa',
  'Văn Hùng',
  'Thị Lan',
  'Đức Minh',
  'Thị Ngọc',
  'Văn Tâm',
];
const CHANNELS = ['web', 'web', 'web', 'phone', 'letter', 'reception', 'voter_meeting'] as const;
const STATES: Status[] = [
  'received',
  'received',
  'classified',
  'accepted',
  'assigned',
  'in_progress',
  'in_progress',
  'paused',
  'answer_drafted',
  'answered',
  'answered',
  'rated',
  'closed',
  'closed',
  'returned',
  'rejected',
  'forwarded',
  'reopened',
  'merged',
  'withdrawn',
  'hidden',
];
const FINISHED_DEMO: Status[] = [
  'answered',
  'rated',
  'closed',
  'returned',
  'rejected',
  'merged',
  'withdrawn',
  'hidden',
];

/** A deterministic pseudo-random sequence, so every demo start builds the same inbox. */
function sequence(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/**
 * `after` plus `wanted` ms, but never past `share` of the time from `after` to `now`: demo
 * moments keep their order (accepted before answered before closed) and none lies in the future.
 */
function later(after: Date, wanted: number, now: number, share: number): Date {
  const room = Math.max(0, now - after.getTime());
  return new Date(after.getTime() + Math.min(wanted, Math.floor(room * share)));
}

/**
 * A few hundred cases across Đà Nẵng's communes, Hải Châu and Thanh Khê most of all, in every
 * state, some overdue. Does nothing when demo cases exist.
 */
export async function seedFeedbackDemo(ctx: AppContext, count = 400): Promise<number> {
  const [existing] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(feedbackCases)
    .where(like(feedbackCases.idempotencyKey, 'demo-%'));
  if ((existing?.n ?? 0) > 0) return 0;
  const communes = await ctx.db
    .select({ code: units.code, path: units.path })
    .from(units)
    .where(eq(units.parentCode, '48'));
  if (communes.length === 0) return 0;
  const staff = await ctx.db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, ['haichau.canbo', 'thanhkhe.canbo', 'dn.canbo']));
  const holidays = await holidaySet(ctx.db);
  const random = sequence(20_250_701);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const favourites = communes.filter((c) => c.code === '20242' || c.code === '20209');
  const now = Date.now();
  const rows: (typeof feedbackCases.$inferInsert)[] = [];
  for (let i = 0; i < count; i += 1) {
    const commune = random() < 0.45 && favourites.length ? pick(favourites) : pick(communes);
    const field = pick(Object.keys(SUBJECTS));
    const title = pick(SUBJECTS[field] ?? ['Phản ánh'])
      .replace('{street}', pick(STREETS))
      .replace('{n}', String(1 + Math.floor(random() * 60)));
    const type: CaseType =
      field === 'can_bo' && random() < 0.5
        ? 'to_cao'
        : random() < 0.15
          ? 'khieu_nai'
          : random() < 0.5
            ? 'kien_nghi'
            : 'phan_anh';
    const status = pick(STATES);
    const receivedAt = new Date(now - Math.floor(random() * 90 * 86_400_000));
    const rule = DEFAULT_DEADLINES[type];
    const accepted = !['received', 'classified', 'returned', 'rejected'].includes(status);
    const dueAt = addWorkingDays(receivedAt, accepted ? rule.resolve : rule.accept, holidays);
    const answered = ['answered', 'rated', 'closed', 'reopened'].includes(status);
    // Every moment between receipt and now: a case received an hour ago was answered since.
    const answeredAt = answered
      ? later(receivedAt, Math.floor(random() * 25 + 2) * 86_400_000, now, 0.8)
      : null;
    const name = `${pick(FAMILY)} ${pick(GIVEN)}`;
    const content = `${title}. Người dân đề nghị cơ quan chức năng kiểm tra, xử lý dứt điểm. Tình trạng kéo dài đã lâu, ảnh hưởng tới sinh hoạt của bà con trong khu vực.`;
    const assignee = staff.find((s) =>
      commune.code === '20242'
        ? s.username === 'haichau.canbo'
        : commune.code === '20209'
          ? s.username === 'thanhkhe.canbo'
          : false,
    );
    rows.push({
      trackingCode: newTrackingCode(),
      idempotencyKey: `demo-${i}-${randomBytes(4).toString('hex')}`,
      type,
      field,
      title,
      content,
      searchText: fold(`${title} ${content}`),
      provinceCode: '48',
      communeCode: commune.code,
      locationAddress: `${1 + Math.floor(random() * 200)} ${pick(STREETS)}`,
      channel: pick(CHANNELS),
      anonymous: type === 'to_cao' || random() < 0.1,
      consent: true,
      petitionerName: name,
      petitionerPhone: `090${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`,
      petitionerEmail: random() < 0.3 ? `nguoidan${i}@example.vn` : null,
      status,
      handlingUnitCode: commune.code,
      handlingUnitPath: commune.path,
      assigneeId: [
        'assigned',
        'in_progress',
        'paused',
        'answer_drafted',
        'answered',
        'rated',
        'closed',
      ].includes(status)
        ? (assignee?.id ?? null)
        : null,
      // Paused a few days after receipt: resuming moves the due date by the days paused.
      pausedAt: status === 'paused' ? later(receivedAt, 5 * 86_400_000, now, 0.9) : null,
      forwardKind: status === 'forwarded' ? 'agency' : null,
      forwardedTo: status === 'forwarded' ? 'UBND phường' : null,
      receivedAt,
      dueAt,
      step: FINISHED_DEMO.includes(status) ? 'none' : accepted ? 'resolve' : 'accept',
      answer:
        answered || status === 'answer_drafted'
          ? 'Ủy ban MTTQ đã phối hợp với chính quyền kiểm tra; đơn vị chức năng đã khắc phục. Cảm ơn người dân đã phản ánh.'
          : status === 'returned'
            ? 'Nội dung thuộc thẩm quyền UBND phường; đề nghị công dân liên hệ bộ phận một cửa.'
            : null,
      answeredAt,
      closedAt: status === 'closed' && answeredAt ? later(answeredAt, 86_400_000, now, 0.5) : null,
      rating: status === 'rated' || status === 'closed' ? 3 + Math.floor(random() * 3) : null,
      alertLevel: 'none',
      updatedAt: later(receivedAt, 86_400_000, now, 1),
      createdAt: receivedAt,
    });
  }
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = await ctx.db
      .insert(feedbackCases)
      .values(rows.slice(i, i + 200))
      .returning({
        id: feedbackCases.id,
        status: feedbackCases.status,
        receivedAt: feedbackCases.receivedAt,
        unit: feedbackCases.handlingUnitCode,
      });
    inserted += chunk.length;
    await ctx.db.insert(feedbackEvents).values(
      chunk.flatMap((c) => [
        {
          caseId: c.id,
          at: c.receivedAt,
          action: 'create',
          toStatus: 'received',
          actorName: 'Người dân',
          unitCode: c.unit,
          public: true,
        },
        ...(c.status === 'received'
          ? []
          : [
              {
                caseId: c.id,
                at: later(c.receivedAt, 86_400_000, now, 0.25),
                action: 'accept',
                fromStatus: 'classified',
                toStatus: c.status,
                actorName: 'Cán bộ Mặt trận',
                unitCode: c.unit,
                public: true,
              },
            ]),
      ]),
    );
  }
  return inserted;
}
