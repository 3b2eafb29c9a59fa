import { sql, type SQL } from 'drizzle-orm';
import { fold } from '@common/text/vietnamese';
import type { CurrentUser } from '../platform/auth/access';
import { rows, type Executor } from '../platform/db/client';
import { visibleCondition } from './library.policy';
import {
  ACCENT_TITLE_MARK,
  anyTitleWordText,
  isEmptyQuery,
  makeSnippet,
  parseQuery,
  TITLE_MARK,
  tsqueryText,
  type ParsedQuery,
} from './library.query';
import { abbreviationKey } from './library.seed';
import { partsOf, partText } from './library.structure';
import { suggestCorrection } from './library.suggest';
import type { DocumentStatus, SearchQuery, SearchResult } from './library.schema';

export const PAGE_SIZE = 10;
/** Memory for one search's sorts, hashes and bitmaps (the bench's bare SQL uses the same). */
export const SEARCH_WORK_MEM = '64MB';
/** How many documents the cheap first ranking step hands to the text re-ranking. */
const CANDIDATES = 100;

type Hit = {
  id: number;
  title: string;
  number: string | null;
  doc_type: string;
  issuer: string | null;
  issued_on: string | null;
  status: DocumentStatus;
  access: 'public' | 'internal' | 'restricted';
};

export type Plan = {
  parsed: ParsedQuery;
  expansions: Map<string, string[]>;
  /** Positional query over folded lexemes: ranking and choosing the passage shown. */
  folded: string;
  /** The same query with phrases as word pairs: the filter, answered by the GIN index alone. */
  match: string;
  accent: string;
  /** Every word in the title, folded and accented, and any word in the title (marked lexemes). */
  inTitle: string;
  inAccentTitle: string;
  anyInTitle: string;
};

type AbbreviationCache = { version: string; byKey: Map<string, string[]> };
let abbreviationCache: AbbreviationCache | null = null;

/** Forgets the cached abbreviations (after an administrator changes them). */
export function clearAbbreviationCache(): void {
  abbreviationCache = null;
}

/** The version of the abbreviation dictionary, kept by a trigger on every change. */
const ABBREVIATION_VERSION = sql`(SELECT version::text FROM library_abbreviation_version WHERE id = 1)`;

/**
 * The dictionary, held in memory while the trigger-kept version counter says it is unchanged:
 * the version is read with each search, so a change made through any server expands at once.
 */
async function abbreviations(db: Executor, version: string): Promise<Map<string, string[]>> {
  if (abbreviationCache && abbreviationCache.version === version) return abbreviationCache.byKey;
  const found = await rows<{ abbr_key: string; expansion: string }>(
    db,
    sql`SELECT abbr_key, expansion FROM library_abbreviations`,
  );
  const byKey = new Map(found.map((f) => [f.abbr_key, parseQuery(f.expansion).words]));
  abbreviationCache = { version, byKey };
  return byKey;
}

/** The expansions of the query's words that are known abbreviations. */
async function expansionsFor(
  db: Executor,
  words: string[],
  version: string,
): Promise<Map<string, string[]>> {
  if (!words.length) return new Map();
  const known = await abbreviations(db, version);
  const out = new Map<string, string[]>();
  for (const w of words) {
    const expansion = known.get(abbreviationKey(w));
    if (expansion && expansion.length) out.set(w, expansion);
  }
  return out;
}

async function currentAbbreviationVersion(db: Executor): Promise<string> {
  const [current] = await rows<{ version: string | null }>(
    db,
    sql`SELECT ${ABBREVIATION_VERSION} AS version`,
  );
  return current?.version ?? '0';
}

/**
 * Parses the query and loads abbreviation expansions (for the dictionary version given, read
 * now when not given).
 */
export async function planFor(db: Executor, raw: string, version?: string): Promise<Plan> {
  const parsed = parseQuery(raw);
  const expansions = await expansionsFor(
    db,
    parsed.words,
    version ?? (await currentAbbreviationVersion(db)),
  );
  return {
    parsed,
    expansions,
    folded: tsqueryText(parsed.words, parsed.phrases, expansions),
    match: tsqueryText(parsed.words, parsed.phrases, expansions, 'pairs'),
    inTitle: tsqueryText(parsed.words, parsed.phrases, expansions, 'pairs', TITLE_MARK),
    inAccentTitle: tsqueryText(
      parsed.accentWords,
      parsed.accentPhrases,
      new Map(),
      'pairs',
      ACCENT_TITLE_MARK,
    ),
    anyInTitle: anyTitleWordText([
      ...parsed.words,
      ...parsed.phrases.flat(),
      ...[...expansions.values()].flat(),
    ]),
    accent: tsqueryText(parsed.accentWords, parsed.accentPhrases),
  };
}

function filterConditions(query: SearchQuery): SQL[] {
  const where: SQL[] = [];
  if (query.type) where.push(sql`d.doc_type = ${query.type}`);
  if (query.year)
    where.push(
      sql`d.issued_on >= ${`${query.year}-01-01`}::date AND d.issued_on < ${`${query.year + 1}-01-01`}::date`,
    );
  if (query.issuer) where.push(sql`d.issuer = ${query.issuer}`);
  if (query.status) where.push(sql`d.status = ${query.status}`);
  if (query.topic) where.push(sql`${query.topic} = ANY(d.topics)`);
  if (query.level) where.push(sql`d.level = ${query.level}`);
  if (query.collection) {
    where.push(
      sql`d.id IN (SELECT document_id FROM library_collection_items WHERE collection_id = ${query.collection})`,
    );
  }
  return where;
}

function numberCondition(numbers: string[]): SQL {
  const parts = numbers.map((n) =>
    n.split('/').length >= 3
      ? sql`d.number_keys @> ARRAY[${n}]::text[]`
      : sql`(d.number_key LIKE ${`${n}/%`} OR d.number_key = ${n})`,
  );
  return sql`(${sql.join(parts, sql` OR `)})`;
}

/** The WHERE clause of a search: what the reader may see, the filters, and the match. */
function whereClause(plan: Plan, viewer: CurrentUser | null, query: SearchQuery): SQL {
  const { parsed } = plan;
  const where = [visibleCondition(viewer), ...filterConditions(query)];
  // Without positions to check, the index answers alone: no document's vector is read.
  const match = plan.match ? [sql`d.body_tsv @@ ${plan.match}::tsquery`] : [];
  if (parsed.numbers.length) {
    // A number with words ("nghị định 30/2020") must match the number; the words then rank.
    where.push(numberCondition(parsed.numbers));
  } else if (match.length) {
    where.push(...match);
  }
  return sql.join(where, sql` AND `);
}

const STATUS_BONUS = sql`CASE d.status WHEN 'in_force' THEN 0.3 WHEN 'partly_in_force' THEN 0.2
  WHEN 'not_yet_in_force' THEN 0.1 ELSE 0 END`;

/** Ids of the documents whose marked title lexemes match a query (read from the index). */
function titleMatches(query: string): SQL {
  return sql`d.id IN (SELECT t.id FROM library_search t WHERE t.body_tsv @@ ${query}::tsquery)`;
}

/**
 * The first ranking step, over every match, reads nothing but the search row and the index:
 * in force first; every query word in the title (which outweighs anything but a number); every
 * word in the accented title as typed; the document number asked for. Reading any vector here
 * would read every matching document, too slow for common words.
 */
function candidateScore(plan: Plan): SQL {
  const parts: SQL[] = [STATUS_BONUS];
  if (plan.inTitle) parts.push(sql`CASE WHEN ${titleMatches(plan.inTitle)} THEN 2 ELSE 0 END`);
  if (plan.inAccentTitle)
    parts.push(sql`CASE WHEN ${titleMatches(plan.inAccentTitle)} THEN 1 ELSE 0 END`);
  if (plan.parsed.numbers.length)
    parts.push(sql`CASE WHEN ${numberCondition(plan.parsed.numbers)} THEN 10 ELSE 0 END`);
  return sql.join(parts, sql` + `);
}

/**
 * Some query word in the title: not a score of its own (the title's rank measures it among the
 * candidates), but it lets such documents into the candidates ahead of the others.
 */
function partialTitle(plan: Plan): SQL {
  return plan.anyInTitle
    ? sql`CASE WHEN ${titleMatches(plan.anyInTitle)} THEN 0.5 ELSE 0 END`
    : sql`0`;
}

/**
 * The second step, over the candidates only: how well the title matches, folded and as typed,
 * and how well the text does (title vectors from the document row, the text's from the search
 * row `s`).
 */
function candidateRank(plan: Plan): SQL {
  const parts: SQL[] = [];
  if (plan.folded) {
    parts.push(sql`4 * ts_rank(d.title_tsv, to_tsquery('simple', ${plan.folded}), 1)`);
    parts.push(sql`2 * ts_rank_cd(s.body_tsv, to_tsquery('simple', ${plan.folded}), 1)`);
  }
  if (plan.accent)
    parts.push(sql`6 * ts_rank(d.title_accent_tsv, to_tsquery('simple', ${plan.accent}), 1)`);
  return parts.length ? sql.join(parts, sql` + `) : sql`0`;
}

type FacetRow = { facet: keyof SearchResult['facets']; value: string; count: number };

/** What the one search statement returns: the total, the ranked page and the facet counts. */
type Found = { total: number; items: Hit[]; facets: FacetRow[] };

/**
 * The whole search in one statement, so the matching rows are read once, from the narrow search
 * table: the matches (what the reader may see, the filters, the match) with their cheap score
 * are materialised, then counted, ranked into the page and counted per facet-value combination,
 * which the (few) combinations spread into facet counts. Exported so the benchmark can time the
 * bare statement.
 */
export function searchSql(plan: Plan, viewer: CurrentUser | null, query: SearchQuery): SQL {
  const where = whereClause(plan, viewer, query);
  const offset = (query.page - 1) * PAGE_SIZE;
  const browse = isEmptyQuery(plan.parsed);
  const columns = sql`d.id::int AS id, d.title, d.number, d.doc_type, d.issuer, d.issued_on::text AS issued_on,
          d.status, d.access`;
  let page: SQL;
  if (browse) {
    page = sql`SELECT ${columns}, row_number() OVER (ORDER BY m.issued_on DESC NULLS LAST, m.id DESC) AS rn
        FROM (SELECT m.id, m.issued_on FROM m ORDER BY m.issued_on DESC NULLS LAST, m.id DESC
              LIMIT ${PAGE_SIZE} OFFSET ${offset}) m
        JOIN library_documents d ON d.id = m.id`;
  } else {
    // Two steps: the cheap score (titles, status, number) picks candidates without reading any
    // document's text; only those candidates are then re-ranked by how well their text matches.
    const candidates = Math.max(CANDIDATES, offset + PAGE_SIZE);
    page = sql`SELECT ${columns},
          row_number() OVER (ORDER BY c.score + ${candidateRank(plan)} DESC, d.issued_on DESC NULLS LAST, d.id) AS rn
        FROM (SELECT m.id, m.score FROM m ORDER BY m.score + m.partial DESC, m.issued_on DESC NULLS LAST, m.id
              LIMIT ${candidates}) c
        JOIN library_search s ON s.id = c.id
        JOIN library_documents d ON d.id = c.id
        ORDER BY rn
        LIMIT ${PAGE_SIZE} OFFSET ${offset}`;
  }
  return sql`WITH m AS MATERIALIZED (
          SELECT d.id, ${browse ? sql`0` : candidateScore(plan)} AS score,
            ${browse ? sql`0` : partialTitle(plan)} AS partial, d.issued_on, d.facet_key
          FROM library_search d WHERE ${where}),
        page AS (${page}),
        k AS MATERIALIZED (
          SELECT f.doc_type, f.issuer, f.year, f.status, f.level, f.topics, g.n
          FROM (SELECT m.facet_key, count(*) AS n FROM m GROUP BY m.facet_key) g
          JOIN library_search_facets f ON f.facet_key = g.facet_key),
        f AS (
          SELECT CASE WHEN GROUPING(doc_type) = 0 THEN 'type' WHEN GROUPING(issuer) = 0 THEN 'issuer'
              WHEN GROUPING(year) = 0 THEN 'year' WHEN GROUPING(status) = 0 THEN 'status' ELSE 'level' END AS facet,
            coalesce(doc_type, issuer, year::text, status, level) AS value, sum(n)::int AS count
          FROM k GROUP BY GROUPING SETS ((doc_type), (issuer), (year), (status), (level))
          UNION ALL SELECT 'topic', t, sum(n)::int FROM (SELECT unnest(k.topics) AS t, k.n FROM k) u GROUP BY t)
        SELECT (SELECT count(*)::int FROM m) AS total,
          (SELECT coalesce(json_agg(page ORDER BY page.rn), '[]'::json) FROM page) AS items,
          (SELECT coalesce(json_agg(f), '[]'::json) FROM f WHERE f.value IS NOT NULL) AS facets`;
}

async function find(
  db: Executor,
  plan: Plan,
  viewer: CurrentUser | null,
  query: SearchQuery,
): Promise<Found> {
  const [found] = await rows<Found>(db, searchSql(plan, viewer, query));
  return found ?? { total: 0, items: [], facets: [] };
}

/** Facet counts over the same matches (and the same visibility) as the listing, in order. */
function facetsOf(found: FacetRow[]): SearchResult['facets'] {
  const facets: SearchResult['facets'] = {
    type: [],
    issuer: [],
    year: [],
    status: [],
    topic: [],
    level: [],
  };
  for (const f of found) facets[f.facet].push({ value: f.value, count: f.count });
  for (const list of Object.values(facets))
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'vi'));
  facets.year.sort((a, b) => Number(b.value) - Number(a.value));
  return facets;
}

type BestPassage = {
  document_id: number;
  anchor: string;
  label: string;
  title: string | null;
  body: string;
};

/** The best matching passage of each listed document (for snippets and the article link). */
export function passagesSql(plan: Plan, ids: number[]): SQL {
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const matching = plan.folded ? sql`p.tsv @@ to_tsquery('simple', ${plan.folded})` : sql`true`;
  const rank = plan.folded
    ? sql`ts_rank(p.tsv, to_tsquery('simple', ${plan.folded})) + ${plan.accent ? sql`2 * ts_rank(p.accent_tsv, to_tsquery('simple', ${plan.accent}))` : sql`0`}`
    : sql`0::real`;
  return sql`SELECT DISTINCT ON (p.document_id) p.document_id::int AS document_id, p.anchor, p.label, p.title, p.body
        FROM library_passages p
        WHERE p.document_id IN (${idList}) AND ${matching}
        ORDER BY p.document_id, ${rank} DESC, p.ord`;
}

async function bestPassages(
  db: Executor,
  plan: Plan,
  ids: number[],
): Promise<Map<number, BestPassage>> {
  if (!ids.length) return new Map();
  const found = await rows<BestPassage>(db, passagesSql(plan, ids));
  const map = new Map(found.map((f) => [Number(f.document_id), f]));
  const missing = ids.filter((id) => !map.has(id));
  if (missing.length) {
    const first = await rows<BestPassage>(
      db,
      sql`SELECT DISTINCT ON (p.document_id) p.document_id::int AS document_id, p.anchor, p.label, p.title, p.body
          FROM library_passages p WHERE p.document_id IN (${sql.join(
            missing.map((id) => sql`${id}`),
            sql`, `,
          )})
          ORDER BY p.document_id, p.ord`,
    );
    for (const f of first) map.set(Number(f.document_id), f);
  }
  return map;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** How many distinct query words a text holds. */
function distinctHits(text: string, terms: Set<string>): number {
  const seen = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    const folded = fold(m[0]);
    if (terms.has(folded)) seen.add(folded);
  }
  return seen.size;
}

type Focus = { anchor: string; label: string; source: string };

/**
 * Where a result should open: the clause or point of the article that holds the most query
 * words (the narrowest one on a tie), unless the article's own heading holds as many.
 */
function focusOf(passage: BestPassage, terms: Set<string>): Focus {
  const heading = passage.title ? `${passage.label}. ${passage.title}` : passage.label;
  const whole = {
    anchor: passage.anchor,
    label: passage.label,
    source: `${heading} — ${passage.body}`,
  };
  if (!passage.anchor.startsWith('dieu-')) return whole;
  let best: { anchor: string; citation: string; text: string; score: number } | null = null;
  for (const part of partsOf(passage.anchor, passage.label, passage.body)) {
    const text = partText(passage.body, part);
    const score = distinctHits(text, terms);
    const narrower = best !== null && part.anchor.startsWith(`${best.anchor}-`);
    if (!best || score > best.score || (score === best.score && narrower)) {
      best = { anchor: part.anchor, citation: part.citation, text, score };
    }
  }
  if (!best || best.score === 0 || best.score <= distinctHits(heading, terms)) return whole;
  const label = best.citation.charAt(0).toUpperCase() + best.citation.slice(1);
  return { anchor: best.anchor, label, source: best.text };
}

/** Suggests a correction for words the index has never seen (see library.suggest.ts). */
function suggest(
  db: Executor,
  parsed: ParsedQuery,
): Promise<{ text: string; changed: boolean } | null> {
  return suggestCorrection(db, parsed);
}

/** Search (or browse, with an empty query) the documents the reader may see, with facets. */
export async function searchDocuments(
  db: Executor,
  viewer: CurrentUser | null,
  query: SearchQuery,
): Promise<SearchResult> {
  return db.transaction(async (tx) => {
    // The planner prices a match on a whole-text vector as cheap and scans the table, reading
    // every document's text for common words; the GIN index answers without reading them.
    // JIT compilation costs more than these short queries. The matches of common words are
    // held, counted and sorted in memory rather than spilled to disk, and their bitmaps stay exact.
    // One round trip sets them and reads the abbreviation dictionary's version.
    const [settings] = await rows<{ version: string | null }>(
      tx,
      sql`SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true),
            set_config('work_mem', ${SEARCH_WORK_MEM}, true), ${ABBREVIATION_VERSION} AS version`,
    );
    return searchIn(tx, viewer, query, settings?.version ?? '0');
  });
}

async function searchIn(
  db: Executor,
  viewer: CurrentUser | null,
  query: SearchQuery,
  version: string,
): Promise<SearchResult> {
  let plan = await planFor(db, query.q ?? '', version);
  let found = await find(db, plan, viewer, query);
  let didYouMean: string | null = null;
  let corrected = false;
  if (found.items.length === 0 && !isEmptyQuery(plan.parsed)) {
    const suggestion = await suggest(db, plan.parsed);
    if (suggestion) {
      didYouMean = suggestion.text;
      const retry = await planFor(db, suggestion.text, version);
      const retried = await find(db, retry, viewer, query);
      if (retried.items.length) {
        plan = retry;
        found = retried;
        corrected = true;
      }
    }
  }
  const hits = found.items;
  const facets = facetsOf(found.facets);
  const passages = await bestPassages(
    db,
    plan,
    hits.map((h) => Number(h.id)),
  );
  const terms = new Set([
    ...plan.parsed.words,
    ...plan.parsed.phrases.flat(),
    ...[...plan.expansions.values()].flat(),
  ]);
  return {
    items: hits.map((h) => {
      const passage = passages.get(Number(h.id));
      const focus = passage ? focusOf(passage, terms) : null;
      const snippet = makeSnippet(focus?.source ?? '', terms);
      return {
        id: Number(h.id),
        title: h.title,
        number: h.number,
        snippet: snippet.text,
        highlights: snippet.highlights,
        anchor: focus?.anchor ?? null,
        passageLabel: focus?.label ?? null,
        docType: h.doc_type,
        issuer: h.issuer,
        issuedOn: h.issued_on,
        status: h.status,
        access: h.access,
      };
    }),
    total: hits.length ? found.total : 0,
    page: query.page,
    facets,
    didYouMean,
    corrected,
  };
}
