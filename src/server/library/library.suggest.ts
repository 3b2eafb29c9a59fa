import { sql } from 'drizzle-orm';
import { accentKey, fold } from '@common/text/vietnamese';
import { rows, type Executor } from '../platform/db/client';
import { visibleCondition } from './library.policy';
import { tsqueryText, type ParsedQuery } from './library.query';

/** Shortest unknown word worth correcting; shorter ones are left as typed. */
const MIN_CORRECTED = 3;
/** Longest run of words looked up as one phrase to find their accented forms in context. */
const MAX_RUN = 6;

type Known = { word: string; display: string; doc_count: number };

/** The vocabulary entries of these folded words, by word. */
async function lookUp(db: Executor, words: string[]): Promise<Map<string, Known>> {
  const unique = [...new Set(words)];
  if (!unique.length) return new Map();
  const found = await rows<Known>(
    db,
    sql`SELECT word, display, doc_count FROM library_vocabulary WHERE word IN (${sql.join(
      unique.map((w) => sql`${w}`),
      sql`, `,
    )})`,
  );
  return new Map(found.map((k) => [k.word, k]));
}

/** Every word made by swapping two adjacent letters of `word` ("nia" → "ina", "nai"). */
export function transpositions(word: string): string[] {
  const out = new Set<string>();
  const letters = [...word];
  for (let i = 0; i + 1 < letters.length; i += 1) {
    if (letters[i] === letters[i + 1]) continue;
    const swapped = [...letters];
    [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
    out.add(swapped.join(''));
  }
  out.delete(word);
  return [...out];
}

/** Every cut of `word` into two non-empty parts ("tocao" → "t|ocao", "to|cao", …). */
export function splits(word: string): [string, string][] {
  const letters = [...word];
  const out: [string, string][] = [];
  for (let i = 1; i < letters.length; i += 1) {
    out.push([letters.slice(0, i).join(''), letters.slice(i).join('')]);
  }
  return out;
}

/** The body of one public passage where these folded words stand side by side, if any. */
async function passageWith(db: Executor, words: string[]): Promise<string | null> {
  const [found] = await rows<{ body: string }>(
    db,
    sql`SELECT p.body FROM library_passages p JOIN library_documents d ON d.id = p.document_id
        WHERE p.tsv @@ to_tsquery('simple', ${tsqueryText([], [words])}) AND ${visibleCondition(null)}
        LIMIT 1`,
  );
  return found?.body ?? null;
}

const WORD_IN_TEXT = /[\p{L}\p{M}\p{N}]+/gu;

/** The accented forms (canonical tone, lower case) of `words` where they stand together in `text`. */
function accentedRun(text: string, words: string[]): string[] | null {
  const tokens = [...text.matchAll(WORD_IN_TEXT)].map((m) => m[0]);
  const folded = tokens.map(fold);
  for (let i = 0; i + words.length <= tokens.length; i += 1) {
    if (words.every((w, j) => folded[i + j] === w)) {
      return tokens.slice(i, i + words.length).map(accentKey);
    }
  }
  return null;
}

/**
 * The best correction of one unknown word, as folded words: an adjacent-letter transposition
 * the vocabulary knows, else a split into two known words (syllables typed together; a pair that
 * stands side by side in some text first), else the most similar known word by trigrams.
 */
async function correct(db: Executor, word: string): Promise<string[] | null> {
  const swaps = await lookUp(db, transpositions(word));
  const bestSwap = [...swaps.values()].sort((a, b) => b.doc_count - a.doc_count)[0];
  if (bestSwap) return [bestSwap.word];

  const cuts = splits(word);
  const parts = await lookUp(db, cuts.flat());
  const pairs = cuts
    .filter(([a, b]) => parts.has(a) && parts.has(b))
    .map(([a, b]) => ({
      words: [a, b],
      weight: Math.min(parts.get(a)!.doc_count, parts.get(b)!.doc_count),
    }))
    .sort((x, y) => y.weight - x.weight);
  for (const pair of pairs) {
    if (await passageWith(db, pair.words)) return pair.words;
  }
  if (pairs[0]) return pairs[0].words;

  const [similar] = await rows<{ word: string }>(
    db,
    sql`SELECT word FROM library_vocabulary WHERE word % ${word}
        ORDER BY similarity(word, ${word}) DESC, doc_count DESC LIMIT 1`,
  );
  return similar ? [similar.word] : null;
}

/** One word of the suggestion: its folded form, and the accented form the reader typed, if any. */
type Slot = { word: string; typed: string | null };

/**
 * The accented display of the suggested words: what the reader typed with marks stays; every
 * other word takes its marks from a public text where it stands next to its neighbours (so "khieu
 * nai" reads "khiếu nại", "to cao" reads "tố cáo"), else from the vocabulary.
 */
async function accented(db: Executor, slots: Slot[]): Promise<string[]> {
  const out: (string | null)[] = slots.map((s) => s.typed);
  let i = 0;
  while (i < slots.length) {
    if (out[i] !== null) {
      i += 1;
      continue;
    }
    let placed = false;
    for (let len = Math.min(MAX_RUN, slots.length - i); len >= 2 && !placed; len -= 1) {
      const words = slots.slice(i, i + len).map((s) => s.word);
      const body = await passageWith(db, words);
      const forms = body ? accentedRun(body, words) : null;
      if (forms) {
        forms.forEach((form, j) => {
          out[i + j] = slots[i + j]!.typed ?? form;
        });
        i += len;
        placed = true;
      }
    }
    if (!placed) i += 1;
  }
  const missing = slots.filter((_s, k) => out[k] === null).map((s) => s.word);
  const known = await lookUp(db, missing);
  return slots.map((s, k) => out[k] ?? known.get(s.word)?.display ?? s.word);
}

/**
 * Suggests a correction for words the index has never seen, from the vocabulary of public texts:
 * transposed letters, syllables run together, then trigram similarity. Null when nothing changed.
 */
export async function suggestCorrection(
  db: Executor,
  parsed: ParsedQuery,
): Promise<{ text: string; changed: boolean } | null> {
  if (!parsed.words.length) return null;
  const known = await lookUp(db, parsed.words);
  let changed = false;
  const slots: Slot[] = [];
  for (const [i, word] of parsed.words.entries()) {
    const typed = parsed.accentWords[i]!;
    const marked = typed !== word ? typed : null;
    if (known.has(word) || [...word].length < MIN_CORRECTED) {
      slots.push({ word, typed: marked ?? (known.has(word) ? null : word) });
      continue;
    }
    const fixed = await correct(db, word);
    if (fixed) {
      changed = true;
      slots.push(...fixed.map((w) => ({ word: w, typed: null })));
    } else {
      slots.push({ word, typed });
    }
  }
  if (!changed) return null;
  const words = await accented(db, slots);
  return {
    text: [...parsed.accentPhrases.map((p) => `"${p.join(' ')}"`), ...words].join(' '),
    changed,
  };
}
