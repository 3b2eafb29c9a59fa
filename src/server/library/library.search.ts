import { sql, type SQL } from 'drizzle-orm';
import { fold } from '@common/text/vietnamese';
import type { CurrentUser } from '../platform/auth/access';
import { rows, type Executor } from '../platform/db/client';
import { visibleCollections } from './library.collections';
import { visibleCondition } from './library.policy';
import {
  ACCENT_TITLE_MARK,
  anyTitleWordText,
  isEmptyQuery,
  makeSnippet,
  typedAccents,
  parseQuery,
  TITLE_MARK,
  tsqueryText,
  type ParsedQuery,
} from './library.query';
import { abbreviationKey } from './library.seed';
import { partsOf, partText } from './library.structure';
import { suggestCorrection } from './library.suggest';
import {
  documentTypeOf,
  type DocumentStatus,
  type SearchQuery,
  type SearchResult,
} from './library.schema';

export const PAGE_SIZE = 10;
/**
 * Settings of a search's transaction (the bench's bare SQL uses the same). The planner prices a
 * match on a whole-text vector as cheap and would scan the table, reading every document's text
 * for common words; the GIN index answers without reading them. JIT compilation costs more than
 * these short queries. Sorts, hashes and bitmaps stay in memory (exact bitmaps). Parallel
 * workers start for a few tens of thousands of matches rather than only for far more.
 */
export const SEARCH_SETTINGS: Record<string, string> = {
  enable_seqscan: 'off',
  jit: 'off',
  work_mem: '64MB',
  parallel_setup_cost: '10',
  parallel_tuple_cost: '0.001',
};
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

function filterConditions(query: SearchQuery, viewer: CurrentUser | null): SQL[] {
  const where: SQL[] = [];
  if (query.type) where.push(sql`d.doc_type = ${documentTypeOf(query.type) ?? query.type}`);
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
      // Only a collection the reader may see lists its documents (a private one lists none).
      sql`d.id IN (SELECT i.document_id FROM library_collection_items i
          JOIN library_collections c ON c.id = i.collection_id
          WHERE i.collection_id = ${query.collection} AND ${visibleCollections(viewer)})`,
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
  const where = [visibleCondition(viewer), ...filterConditions(query, viewer)];
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

// Scores are float8 throughout: numeric arithmetic costs far more.
const STATUS_BONUS = sql`CASE d.status WHEN 'in_force' THEN 0.3::float8 WHEN 'partly_in_force' THEN 0.2::float8
  WHEN 'not_yet_in_force' THEN 0.1::float8 ELSE 0::float8 END`;

/**
 * The bands of the first ranking step, best first, each a condition on the marked title
 * lexemes that the GIN index answers with the match: every query word in the title as typed
 * (accents included), every word in the title, some word in the title, none. `bonus` is what
 * the band adds to the final score (every word in the title outweighs any partial match, and
 * as typed outweighs without marks); a partial title match only lets a document into the
 * candidates early, the title's rank then measures it.
 */
function bands(plan: Plan): { condition: string | null; bonus: number }[] {
  if (!plan.inTitle) return [{ condition: null, bonus: 0 }];
  return [
    { condition: `(${plan.inTitle}) & (${plan.inAccentTitle})`, bonus: 3 },
    { condition: `(${plan.inTitle}) & !(${plan.inAccentTitle})`, bonus: 2 },
    { condition: `(${plan.anyInTitle}) & !(${plan.inTitle})`, bonus: 0 },
    { condition: `!(${plan.anyInTitle})`, bonus: 0 },
  ];
}

/**
 * The candidates: the best `limit` matches by band, then in force first, then the latest.
 * Each band is its own index query ordered apart; the Limit over their Append stops asking
 * further bands once enough are found, so a common word whose best band is full costs one
 * band, not a score for every match.
 */
function candidatesSql(plan: Plan, where: SQL, limit: number): SQL {
  const parts = bands(plan).map(
    ({
      condition,
      bonus,
    }) => sql`(SELECT d.id, ${bonus}::float8 + ${STATUS_BONUS} AS score, d.issued_on
      FROM library_search d
      WHERE ${where}${condition ? sql` AND d.body_tsv @@ ${condition}::tsquery` : sql``}
      ORDER BY score DESC, d.issued_on DESC NULLS LAST, d.id LIMIT ${limit})`,
  );
  return sql`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) b LIMIT ${limit}`;
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
const NOTHING: Found = { total: 0, items: [], facets: [] };

/**
 * The whole search in one statement over the narrow search table: the matches (what the reader
 * may see, the filters, the match) counted per facet-value combination, which the combinations
 * spread into the total and the facet counts; and the page, ranked in two steps (candidates by
 * band from the index, then the candidates' title and text ranks). Exported so the benchmark
 * can time the bare statement.
 */
export function searchSql(plan: Plan, viewer: CurrentUser | null, query: SearchQuery): SQL {
  const where = whereClause(plan, viewer, query);
  const offset = (query.page - 1) * PAGE_SIZE;
  const columns = sql`d.id::int AS id, d.title, d.number, d.doc_type, d.issuer, d.issued_on::text AS issued_on,
          d.status, d.access`;
  let page: SQL;
  if (isEmptyQuery(plan.parsed)) {
    page = sql`SELECT ${columns}, row_number() OVER (ORDER BY m.issued_on DESC NULLS LAST, m.id DESC) AS rn
        FROM (SELECT d.id, d.issued_on FROM library_search d WHERE ${where}
              ORDER BY d.issued_on DESC NULLS LAST, d.id DESC LIMIT ${PAGE_SIZE} OFFSET ${offset}) m
        JOIN library_documents d ON d.id = m.id`;
  } else {
    const limit = Math.max(CANDIDATES, offset + PAGE_SIZE);
    page = sql`SELECT ${columns},
          row_number() OVER (ORDER BY c.score + ${candidateRank(plan)} DESC, d.issued_on DESC NULLS LAST, d.id) AS rn
        FROM (${candidatesSql(plan, where, limit)}) c
        JOIN library_search s ON s.id = c.id
        JOIN library_documents d ON d.id = c.id
        ORDER BY rn
        LIMIT ${PAGE_SIZE} OFFSET ${offset}`;
  }
  return sql`WITH g AS MATERIALIZED (
          SELECT d.facet_key, count(*) AS n FROM library_search d WHERE ${where} GROUP BY d.facet_key),
        page AS (${page}),
        k AS MATERIALIZED (
          SELECT f.doc_type, f.issuer, f.year, f.status, f.level, f.topics, g.n
          FROM g JOIN library_search_facets f ON f.facet_key = g.facet_key),
        f AS (
          SELECT CASE WHEN GROUPING(doc_type) = 0 THEN 'type' WHEN GROUPING(issuer) = 0 THEN 'issuer'
              WHEN GROUPING(year) = 0 THEN 'year' WHEN GROUPING(status) = 0 THEN 'status' ELSE 'level' END AS facet,
            coalesce(doc_type, issuer, year::text, status, level) AS value, sum(n)::int AS count
          FROM k GROUP BY GROUPING SETS ((doc_type), (issuer), (year), (status), (level))
          UNION ALL SELECT 'topic', t, sum(n)::int FROM (SELECT unnest(k.topics) AS t, k.n FROM k) u GROUP BY t)
        SELECT (SELECT coalesce(sum(n), 0)::int FROM g) AS total,
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
  return found ?? NOTHING;
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

/**
 * The best passage of each listed document (for snippets and the article link): one that
 * matches the whole query if any does, the best ranked of those, else the first.
 */
export function passagesSql(plan: Plan, ids: number[]): SQL {
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const order = plan.folded
    ? sql`p.tsv @@ to_tsquery('simple', ${plan.folded}) DESC,
        ts_rank(p.tsv, to_tsquery('simple', ${plan.folded})) + ${plan.accent ? sql`2 * ts_rank(p.accent_tsv, to_tsquery('simple', ${plan.accent}))` : sql`0`} DESC,`
    : sql``;
  return sql`SELECT DISTINCT ON (p.document_id) p.document_id::int AS document_id, p.anchor, p.label, p.title, p.body
        FROM library_passages p
        WHERE p.document_id IN (${idList})
        ORDER BY p.document_id, ${order} p.ord`;
}

async function bestPassages(
  db: Executor,
  plan: Plan,
  ids: number[],
): Promise<Map<number, BestPassage>> {
  if (!ids.length) return new Map();
  const found = await rows<BestPassage>(db, passagesSql(plan, ids));
  return new Map(found.map((f) => [Number(f.document_id), f]));
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
    // One round trip sets them and reads the abbreviation dictionary's version.
    const settings = Object.entries(SEARCH_SETTINGS).map(
      ([name, value]) => sql`set_config(${name}, ${value}, true)`,
    );
    const [current] = await rows<{ version: string | null }>(
      tx,
      sql`SELECT ${sql.join(settings, sql`, `)}, ${ABBREVIATION_VERSION} AS version`,
    );
    return searchIn(tx, viewer, query, current?.version ?? '0');
  });
}

async function searchIn(
  db: Executor,
  viewer: CurrentUser | null,
  query: SearchQuery,
  version: string,
): Promise<SearchResult> {
  let plan = await planFor(db, query.q ?? '', version);
  // Something typed with nothing searchable in it (punctuation, an emoji, a 500-letter "word")
  // finds nothing; only an empty box browses the whole library.
  const nothingToFind = (query.q ?? '').trim() !== '' && isEmptyQuery(plan.parsed);
  let found = nothingToFind ? NOTHING : await find(db, plan, viewer, query);
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
  const accents = typedAccents(plan.parsed);
  return {
    items: hits.map((h) => {
      const passage = passages.get(Number(h.id));
      const focus = passage ? focusOf(passage, terms) : null;
      const snippet = makeSnippet(focus?.source ?? '', terms, accents);
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
