import {
  accentKey,
  extractDocumentNumbers,
  fold,
  toNfc,
  tokenize,
  withoutDocumentNumbers,
} from '@common/text/vietnamese';

/** A search query taken apart: words, quoted phrases, document numbers. */
export type ParsedQuery = {
  /** Folded single words outside quotes. */
  words: string[];
  /** Accented (canonical tone, lower case) forms of the same words, same order. */
  accentWords: string[];
  /** Quoted phrases, each as folded words. */
  phrases: string[][];
  accentPhrases: string[][];
  /** Normalised document numbers found in the query ("02/2011/qh13", or "30/2020" as a prefix). */
  numbers: string[];
};

const QUOTED = /"([^"]*)"|“([^”]*)”/gu;
/** Longest token kept: longer strings are noise, not words. */
const MAX_TOKEN = 40;

/** A token with no letter or digit (a lone combining mark) folds to nothing: not a word. */
const HAS_BASE = /[\p{L}\p{N}]/u;

function cleanTokens(text: string): string[] {
  return tokenize(text).filter((t) => t.length <= MAX_TOKEN && HAS_BASE.test(t));
}

/** Parses the one query box: "quoted phrases", numbers like 30/2020/NĐ-CP, and words. */
export function parseQuery(raw: string): ParsedQuery {
  const text = toNfc(raw);
  const phrases: string[][] = [];
  const accentPhrases: string[][] = [];
  const rest = text.replace(QUOTED, (_m, a: string | undefined, b: string | undefined) => {
    const inner = a ?? b ?? '';
    const tokens = cleanTokens(inner);
    if (tokens.length > 0) {
      phrases.push(tokens.map(fold));
      accentPhrases.push(tokens.map(accentKey));
    }
    return ' ';
  });
  const numbers = [...new Set(extractDocumentNumbers(rest))];
  const tokens = cleanTokens(withoutDocumentNumbers(rest));
  return {
    words: tokens.map(fold),
    accentWords: tokens.map(accentKey),
    phrases,
    accentPhrases,
    numbers,
  };
}

/** True when nothing searchable was typed. */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.words.length === 0 && q.phrases.length === 0 && q.numbers.length === 0;
}

/** Lexemes are plain letters and digits after tokenising; quote them for to_tsquery anyway. */
function lexeme(word: string): string {
  return `'${word.replace(/'/gu, "''")}'`;
}

/** Adjacent words joined into one lexeme: "nhan dan" (tokens never hold a space). */
function pairsIn(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < words.length; i += 1) out.push(`${words[i - 1]} ${words[i]}`);
  return out;
}

/** Most word pairs one document's vector holds (about 15 bytes each; a vector is ≤ 1 MB). */
export const MAX_PAIRS = 40_000;

/**
 * The distinct word pairs of texts (folded), each text apart so no pair spans two passages.
 * Stored as position-free lexemes next to the words, they let the GIN index answer a quoted
 * phrase as an AND of its pairs, without reading any document to check word positions.
 */
export function pairLexemes(texts: string[]): string[] {
  const pairs = new Set<string>();
  for (const text of texts) {
    for (const pair of pairsIn(cleanTokens(fold(text)))) {
      if (pairs.size >= MAX_PAIRS) return [...pairs];
      pairs.add(pair);
    }
  }
  return [...pairs];
}

/**
 * How a multi-word term (a quoted phrase, an abbreviation's expansion) is asked: 'positions'
 * checks adjacency in a positional vector (ranking, snippets); 'pairs' asks for every word pair
 * (the filter, answered by the index alone; three pairs found apart can rarely match).
 */
export type PhraseForm = 'positions' | 'pairs';

/**
 * Title words and pairs are also kept in the whole-text vector under a mark, folded ("t:nhan",
 * "t:nhan dan") and accented ("a:nhân dân"), so "is every word in the title?" is answered by the
 * index like any match. Tokens never hold a colon, so a mark never meets a word of the text.
 */
export const TITLE_MARK = 't:';
export const ACCENT_TITLE_MARK = 'a:';

/** The marked title lexemes of a document (see TITLE_MARK). */
export function titleMarks(title: string): string[] {
  const tokens = cleanTokens(title);
  const folded = tokens.map(fold);
  const accented = tokens.map(accentKey);
  return [
    ...new Set([
      ...[...folded, ...pairsIn(folded)].map((w) => `${TITLE_MARK}${w}`),
      ...[...accented, ...pairsIn(accented)].map((w) => `${ACCENT_TITLE_MARK}${w}`),
    ]),
  ];
}

function phraseTerm(words: string[], form: PhraseForm, mark: string): string {
  if (words.length === 1) return lexeme(`${mark}${words[0]!}`);
  return form === 'pairs'
    ? `(${pairsIn(words)
        .map((p) => lexeme(`${mark}${p}`))
        .join(' & ')})`
    : `(${words.map(lexeme).join(' <-> ')})`;
}

/**
 * A tsquery text over folded or accent-key lexemes: every word must match; a word that is a
 * known abbreviation may match its expansion instead. With 'pairs', a mark may prefix every
 * lexeme (TITLE_MARK: the same query asked of the title).
 */
export function tsqueryText(
  words: string[],
  phrases: string[][],
  expansions: Map<string, string[]> = new Map(),
  form: PhraseForm = 'positions',
  mark = '',
): string {
  const terms = words.map((w) => {
    const expanded = expansions.get(w);
    const word = lexeme(`${mark}${w}`);
    return expanded ? `(${word} | ${phraseTerm(expanded, form, mark)})` : word;
  });
  return [...terms, ...phrases.map((p) => phraseTerm(p, form, mark))].join(' & ');
}

/** A tsquery text true when any of the words is in the title (marked lexemes). */
export function anyTitleWordText(words: string[]): string {
  return [...new Set(words)].map((w) => lexeme(`${TITLE_MARK}${w}`)).join(' | ');
}

/** A key to group searches in statistics: folded, single spaces. */
export function queryKey(raw: string): string {
  return fold(raw).slice(0, 200);
}

/** A highlighted excerpt of original text: plain text plus [start, end) ranges to mark. */
export type Snippet = { text: string; highlights: [number, number][] };

const WORD_IN_TEXT = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * The accented forms a person typed, by folded word: "Hoà giải" gives hoa → {hòa}, giai → {giải}.
 * A word typed without marks puts no constraint.
 */
export function typedAccents(parsed: ParsedQuery): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (folded: string[], accented: string[]) =>
    folded.forEach((word, i) => {
      const typed = accented[i];
      if (typed && typed !== word) out.set(word, (out.get(word) ?? new Set()).add(typed));
    });
  add(parsed.words, parsed.accentWords);
  parsed.phrases.forEach((phrase, i) => add(phrase, parsed.accentPhrases[i] ?? []));
  return out;
}

/**
 * Finds the words of the query in the ORIGINAL accented text by folding each word of the text,
 * and cuts an excerpt around the densest place. Works for folded queries on accented text; where
 * the query had marks (`accents`), only words written that way are marked, unless none is.
 */
export function makeSnippet(
  original: string,
  foldedTerms: Set<string>,
  accents: Map<string, Set<string>> = new Map(),
  size = 260,
): Snippet {
  const text = original.replace(/\s+/gu, ' ').trim();
  const loose: [number, number][] = [];
  const strict: [number, number][] = [];
  for (const m of text.matchAll(WORD_IN_TEXT)) {
    const folded = fold(m[0]);
    if (!foldedTerms.has(folded)) continue;
    const range: [number, number] = [m.index, m.index + m[0].length];
    loose.push(range);
    const typed = accents.get(folded);
    if (!typed || typed.has(accentKey(m[0]))) strict.push(range);
  }
  const hits = strict.length ? strict : loose;
  if (text.length <= size) return { text, highlights: hits };
  // The window with the most distinct query words wins, then the most matches.
  let bestStart = 0;
  let bestScore = -1;
  for (let i = 0; i < hits.length; i += 1) {
    const start = hits[i]![0];
    const words = new Set<string>();
    let count = 0;
    for (let j = i; j < hits.length && hits[j]![1] <= start + size - 60; j += 1) {
      words.add(fold(text.slice(hits[j]![0], hits[j]![1])));
      count += 1;
    }
    const score = words.size * 100 + count;
    if (score > bestScore) {
      bestScore = score;
      bestStart = start;
    }
  }
  let from = Math.max(0, bestStart - 60);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    from = space >= 0 && space < bestStart ? space + 1 : from;
  }
  let to = Math.min(text.length, from + size);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    to = space > from ? space : to;
  }
  const prefix = from > 0 ? '… ' : '';
  const suffix = to < text.length ? ' …' : '';
  const shift = prefix.length - from;
  return {
    text: `${prefix}${text.slice(from, to)}${suffix}`,
    highlights: hits
      .filter(([s, e]) => s >= from && e <= to)
      .map(([s, e]) => [s + shift, e + shift]),
  };
}

/** Keys for the number column: normalised document numbers of a free-text number field. */
export function numberKeysOf(number: string | null | undefined): string[] {
  if (!number) return [];
  return [...new Set(extractDocumentNumbers(number))];
}
