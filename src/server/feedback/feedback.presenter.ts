import { dueState } from './feedback.deadlines';
import { maskName } from './feedback.policy';
import type { FeedbackAttachment, FeedbackCase, FeedbackEvent } from './feedback.tables';
import { ACTION_LABELS, FINISHED, STATUS_LABELS, type Action } from './feedback.workflow';

/**
 * The outward shapes of a case. Personal data leaves only through `presentDetail` with
 * `personal: true`, which the service grants to handlers and audit-logs.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The case's due state now; finished and paused cases run against no deadline. */
export function caseDueState(
  c: Pick<FeedbackCase, 'dueAt' | 'status'>,
  now: Date,
  holidays: ReadonlySet<string>,
) {
  if (FINISHED.includes(c.status) || c.status === 'paused') return 'none';
  return dueState(c.dueAt, now, holidays);
}

/** A petitioner label safe for lists: initials, nothing for denunciations or anonymous senders. */
export function petitionerLabel(
  c: Pick<FeedbackCase, 'type' | 'anonymous' | 'petitionerName'>,
): string | null {
  if (c.type === 'to_cao' || c.anonymous) return null;
  return maskName(c.petitionerName);
}

export function presentListItem(
  c: FeedbackCase,
  unitName: string,
  now: Date,
  holidays: ReadonlySet<string>,
) {
  return {
    id: c.id,
    trackingCode: c.trackingCode,
    type: c.type,
    field: c.field,
    title: c.title,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status],
    unitCode: c.handlingUnitCode,
    unitName,
    communeCode: c.communeCode,
    channel: c.channel,
    receivedAt: c.receivedAt.toISOString(),
    dueAt: iso(c.dueAt),
    dueState: caseDueState(c, now, holidays),
    petitionerLabel: petitionerLabel(c),
    assigneeId: c.assigneeId,
    version: c.version,
  };
}

export function presentEvent(e: FeedbackEvent, unitNames?: ReadonlyMap<string, string>) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    action: e.action,
    actionLabel: ACTION_LABELS[e.action as Action] ?? EVENT_LABELS[e.action] ?? e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorName: e.actorName,
    unitCode: e.unitCode,
    unitName: e.unitCode ? (unitNames?.get(e.unitCode) ?? e.unitCode) : null,
    note: e.note,
    public: e.public,
  };
}

const EVENT_LABELS: Record<string, string> = {
  create: 'Tiếp nhận',
  note: 'Ghi chú nội bộ',
  merged_in: 'Nhận hồ sơ gộp',
  alert: 'Cảnh báo hạn',
};

export function presentAttachment(a: FeedbackAttachment) {
  return {
    id: a.id,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    public: a.public,
  };
}

export function presentDetail(
  c: FeedbackCase,
  extra: {
    unitName: string;
    now: Date;
    holidays: ReadonlySet<string>;
    personal: boolean;
    events: FeedbackEvent[];
    attachments: FeedbackAttachment[];
    actions: Action[];
    /** Names of the units in the timeline, by code. */
    unitNames?: ReadonlyMap<string, string>;
  },
) {
  return {
    ...presentListItem(c, extra.unitName, extra.now, extra.holidays),
    content: c.content,
    provinceCode: c.provinceCode,
    address: c.locationAddress,
    lat: c.lat,
    lng: c.lng,
    anonymous: c.anonymous,
    complex: c.complex,
    forwardKind: c.forwardKind,
    forwardedTo: c.forwardedTo,
    // A private answer is for the citizen and the case's handlers, not for every viewer.
    answer: extra.personal || c.answerPublic ? c.answer : null,
    answerPublic: c.answerPublic,
    answeredAt: iso(c.answeredAt),
    rating: c.rating,
    ratingComment: c.ratingComment,
    mergedIntoId: c.mergedIntoId,
    personalDataVisible: extra.personal,
    petitioner: extra.personal
      ? {
          name: c.petitionerName,
          phone: c.petitionerPhone,
          email: c.petitionerEmail,
          idNumber: c.petitionerIdNumber,
          address: c.petitionerAddress,
        }
      : null,
    events: extra.events.map((e) => presentEvent(e, extra.unitNames)),
    // The citizen's own files may show faces, papers, addresses: handlers only.
    attachments: extra.personal
      ? extra.attachments.map(presentAttachment)
      : extra.attachments.filter((a) => a.public).map(presentAttachment),
    actions: extra.actions,
  };
}

/**
 * What the citizen sees by tracking code: status, public history and the published answer,
 * a private one included (the code is the citizen's secret; Open311 and lists never show it).
 */
export function presentPublic(
  c: FeedbackCase,
  extra: {
    unitName: string;
    events: FeedbackEvent[];
    attachments: FeedbackAttachment[];
    actions: ('rate' | 'reopen' | 'withdraw')[];
  },
) {
  const answerVisible = c.answeredAt !== null;
  return {
    trackingCode: c.trackingCode,
    type: c.type,
    field: c.field,
    title: c.title,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status],
    unitName: extra.unitName,
    receivedAt: c.receivedAt.toISOString(),
    dueAt: iso(c.dueAt),
    history: extra.events
      .filter((e) => e.public)
      .map((e) => ({
        at: e.at.toISOString(),
        action: presentEvent(e).actionLabel,
        status: e.toStatus ? (STATUS_LABELS[e.toStatus as FeedbackCase['status']] ?? null) : null,
        note: publicNote(e),
      })),
    answer: answerVisible ? c.answer : null,
    answeredAt: answerVisible ? iso(c.answeredAt) : null,
    answerPrivate: answerVisible && !c.answerPublic,
    attachments: extra.attachments.filter((a) => a.public).map(presentAttachment),
    rating: c.rating,
    actions: extra.actions,
  };
}

function publicNote(e: FeedbackEvent): string | null {
  const data = e.data as { publicNote?: unknown } | null;
  return typeof data?.publicNote === 'string' ? data.publicNote : null;
}
