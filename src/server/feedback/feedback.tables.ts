import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { Status } from './feedback.workflow';

export const CASE_TYPES = ['phan_anh', 'kien_nghi', 'khieu_nai', 'to_cao'] as const;
export const CHANNELS = [
  'web',
  'phone',
  'letter',
  'reception',
  'voter_meeting',
  'open311',
  'email',
] as const;
export const FORWARD_KINDS = ['front_unit', 'member_org', 'agency'] as const;

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const feedbackCases = pgTable('feedback_cases', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  trackingCode: text('tracking_code').notNull(),
  idempotencyKey: text('idempotency_key'),
  /** SHA-256 of the canonical request body that came with the idempotency key. */
  idempotencyHash: text('idempotency_hash'),
  type: text('type', { enum: CASE_TYPES }).notNull(),
  field: text('field').notNull(),
  title: text('title').notNull(),
  content: text('content').notNull(),
  searchText: text('search_text').notNull(),
  provinceCode: text('province_code').notNull(),
  communeCode: text('commune_code'),
  locationAddress: text('location_address'),
  lat: doublePrecision('lat'),
  lng: doublePrecision('lng'),
  channel: text('channel', { enum: CHANNELS }).notNull().default('web'),
  anonymous: boolean('anonymous').notNull().default(false),
  consent: boolean('consent').notNull().default(false),
  petitionerName: text('petitioner_name'),
  petitionerPhone: text('petitioner_phone'),
  petitionerEmail: text('petitioner_email'),
  petitionerIdNumber: text('petitioner_id_number'),
  petitionerAddress: text('petitioner_address'),
  status: text('status').$type<Status>().notNull().default('received'),
  handlingUnitCode: text('handling_unit_code').notNull(),
  handlingUnitPath: text('handling_unit_path').notNull(),
  previousUnitCode: text('previous_unit_code'),
  assigneeId: bigint('assignee_id', { mode: 'number' }),
  forwardKind: text('forward_kind', { enum: FORWARD_KINDS }),
  forwardedTo: text('forwarded_to'),
  receivedAt: ts('received_at').notNull().defaultNow(),
  dueAt: ts('due_at'),
  step: text('step', { enum: ['accept', 'forward', 'resolve', 'none'] })
    .notNull()
    .default('accept'),
  complex: boolean('complex').notNull().default(false),
  /** Set while paused: the deadline clock stopped then (see 'resume'). */
  pausedAt: ts('paused_at'),
  answer: text('answer'),
  answerPublic: boolean('answer_public').notNull().default(true),
  answeredAt: ts('answered_at'),
  closedAt: ts('closed_at'),
  rating: integer('rating'),
  ratingComment: text('rating_comment'),
  mergedIntoId: bigint('merged_into_id', { mode: 'number' }),
  alertLevel: text('alert_level', { enum: ['none', 'due_soon', 'overdue'] })
    .notNull()
    .default('none'),
  createdBy: bigint('created_by', { mode: 'number' }),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const feedbackEvents = pgTable('feedback_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: bigint('case_id', { mode: 'number' }).notNull(),
  at: ts('at').notNull().defaultNow(),
  action: text('action').notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status'),
  actorId: bigint('actor_id', { mode: 'number' }),
  actorName: text('actor_name').notNull(),
  unitCode: text('unit_code'),
  note: text('note'),
  public: boolean('public').notNull().default(false),
  data: jsonb('data'),
});

export const feedbackAttachments = pgTable('feedback_attachments', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  caseId: bigint('case_id', { mode: 'number' }),
  uploadToken: text('upload_token'),
  storageKey: text('storage_key').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  public: boolean('public').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const feedbackHolidays = pgTable('feedback_holidays', {
  day: date('day').primaryKey(),
  name: text('name').notNull(),
  source: text('source'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const feedbackSettings = pgTable('feedback_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const feedbackSavedViews = pgTable('feedback_saved_views', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  query: jsonb('query').$type<Record<string, string>>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export type FeedbackCase = typeof feedbackCases.$inferSelect;
export type FeedbackEvent = typeof feedbackEvents.$inferSelect;
export type FeedbackAttachment = typeof feedbackAttachments.$inferSelect;
export type CaseType = (typeof CASE_TYPES)[number];
export type Channel = (typeof CHANNELS)[number];
