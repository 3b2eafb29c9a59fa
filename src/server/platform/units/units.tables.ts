import { date, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const units = pgTable('units', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  type: text('type').notNull(),
  level: text('level', { enum: ['central', 'province', 'commune'] }).notNull(),
  parentCode: text('parent_code'),
  path: text('path').notNull(),
  searchText: text('search_text').notNull(),
  sortKey: text('sort_key').notNull(),
  validFrom: date('valid_from').notNull(),
  validTo: date('valid_to'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const unitLineage = pgTable(
  'unit_lineage',
  {
    unitCode: text('unit_code').notNull(),
    predecessorCode: text('predecessor_code').notNull(),
    event: text('event', { enum: ['merge', 'split', 'rename'] }).notNull(),
    effectiveDate: date('effective_date').notNull(),
    basis: text('basis'),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.predecessorCode] })],
);
