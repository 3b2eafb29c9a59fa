import {
  bigint,
  bigserial,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { RoundTargets, StepAttachment, StepKey } from './congress.constants';

export const congressRounds = pgTable('congress_rounds', {
  id: serial('id').primaryKey(),
  level: text('level', { enum: ['central', 'province', 'commune'] }).notNull(),
  ordinal: text('ordinal').notNull(),
  term: text('term').notNull(),
  deadline: date('deadline').notNull(),
  targets: jsonb('targets').$type<RoundTargets>().notNull(),
  isCurrent: boolean('is_current').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const congressRecords = pgTable('congress_records', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  roundId: integer('round_id').notNull(),
  unitCode: text('unit_code').notNull(),
  parentCode: text('parent_code').notNull(),
  plannedDate: date('planned_date'),
  venue: text('venue'),
  pilot: boolean('pilot').notNull().default(false),
  /** Step → 'YYYY-MM-DD', maintained by the congress_steps trigger; never written by code. */
  stepDates: jsonb('step_dates').$type<Partial<Record<StepKey, string>>>().notNull().default({}),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const congressSteps = pgTable(
  'congress_steps',
  {
    recordId: bigint('record_id', { mode: 'number' }).notNull(),
    step: text('step').$type<StepKey>().notNull(),
    doneOn: date('done_on').notNull(),
    actorUnitCode: text('actor_unit_code').notNull(),
    actorUserId: bigint('actor_user_id', { mode: 'number' }),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    attachments: jsonb('attachments').$type<StepAttachment[]>().notNull().default([]),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.recordId, t.step] })],
);

export const congressResults = pgTable('congress_results', {
  recordId: bigint('record_id', { mode: 'number' }).primaryKey(),
  delegatesOfficial: integer('delegates_official').notNull().default(0),
  delegatesPresent: integer('delegates_present').notNull().default(0),
  guests: integer('guests').notNull().default(0),
  committeeMembers: integer('committee_members').notNull().default(0),
  women: integer('women').notNull().default(0),
  ethnicMinority: integer('ethnic_minority').notNull().default(0),
  religious: integer('religious').notNull().default(0),
  nonParty: integer('non_party').notNull().default(0),
  under35: integer('under35').notNull().default(0),
  reelected: integer('reelected').notNull().default(0),
  newMembers: integer('new_members').notNull().default(0),
  communeChairs: integer('commune_chairs').notNull().default(0),
  standingBoard: integer('standing_board').notNull().default(0),
  chairElected: boolean('chair_elected').notNull().default(false),
  viceChairsFullTime: integer('vice_chairs_full_time').notNull().default(0),
  viceChairsPartTime: integer('vice_chairs_part_time').notNull().default(0),
  vacancies: integer('vacancies').notNull().default(0),
  delegationOfficial: integer('delegation_official').notNull().default(0),
  delegationAlternates: integer('delegation_alternates').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const congressSnapshots = pgTable(
  'congress_snapshots',
  {
    day: date('day').notNull(),
    roundId: integer('round_id').notNull(),
    unitCode: text('unit_code').notNull(),
    done: integer('done').notNull(),
    total: integer('total').notNull(),
    late: integer('late').notNull(),
    byStep: jsonb('by_step').$type<Record<StepKey, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.unitCode, t.day] })],
);

export type CongressRound = typeof congressRounds.$inferSelect;
export type CongressRecord = typeof congressRecords.$inferSelect;
export type CongressStep = typeof congressSteps.$inferSelect;
export type CongressResult = typeof congressResults.$inferSelect;
