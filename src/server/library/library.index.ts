import { sql } from 'drizzle-orm';
import { accentKey, fold, tokenize } from '@common/text/vietnamese';
import type { Executor } from '../platform/db/client';
import { passageText, type Passage } from './library.structure';

/** What of a document's metadata is searchable besides its text. */
export type IndexedMetadata = {
  title: string;
  number: string | null;
  issuer: string | null;
  topics: string[];
  description: string | null;
};

const MAX_VOCABULARY_WORD = 30;

/**
 * Replaces the passages of a document and recomputes its search vectors: folded text under the
 * 'vietnamese' configuration, and an accented vector ('simple' over canonical-tone lower text,
 * computed here) that ranks exact accented matches above folded ones.
 */
export async function indexDocument(
  tx: Executor,
  documentId: number,
  meta: IndexedMetadata,
  passages: Passage[],
  options: { publicWords: boolean } = { publicWords: true },
): Promise<void> {
  await tx.execute(sql`DELETE FROM library_passages WHERE document_id = ${documentId}`);
  const rowsJson = passages.map((p, ord) => {
    const text = passageText(p);
    return {
      ord,
      kind: p.kind,
      anchor: p.anchor,
      label: p.label,
      title: p.title,
      headings: p.headings,
      article_no: p.articleNo,
      page_no: p.pageNo,
      body: p.body,
      folded: fold(`${p.headings.join(' ')} ${text}`),
      accent: accentKey(text),
    };
  });
  if (rowsJson.length) {
    await tx.execute(sql`
      INSERT INTO library_passages
        (document_id, ord, kind, anchor, label, title, headings, article_no, page_no, body, tsv, accent_tsv)
      SELECT ${documentId}, x.ord, x.kind, x.anchor, x.label, x.title,
             ARRAY(SELECT jsonb_array_elements_text(x.headings)), x.article_no, x.page_no, x.body,
             to_tsvector('vietnamese', x.folded), to_tsvector('simple', x.accent)
      FROM jsonb_to_recordset(${JSON.stringify(rowsJson)}::jsonb) AS x(
        ord int, kind text, anchor text, label text, title text, headings jsonb, article_no text,
        page_no int, body text, folded text, accent text)`);
  }
  const head = [meta.title, meta.number ?? ''].join(' ');
  const extra = [meta.issuer ?? '', meta.topics.join(' '), meta.description ?? ''].join(' ');
  const body = passages.map(passageText).join('\n');
  await tx.execute(sql`
    UPDATE library_documents SET
      title_tsv = to_tsvector('vietnamese', ${fold(head)}),
      title_accent_tsv = to_tsvector('simple', ${accentKey(head)}),
      body_tsv = setweight(to_tsvector('vietnamese', ${fold(head)}), 'A')
        || setweight(to_tsvector('vietnamese', ${fold(extra)}), 'B')
        || to_tsvector('vietnamese', ${fold(body)})
    WHERE id = ${documentId}`);
  // Only public texts feed "did you mean", so suggestions never reveal hidden documents' words.
  if (options.publicWords) await addVocabulary(tx, `${head} ${extra} ${body}`);
}

/** Adds the words of a text to the vocabulary used for "did you mean". */
export async function addVocabulary(tx: Executor, text: string): Promise<void> {
  const words = new Map<string, string>();
  for (const token of tokenize(text)) {
    if (token.length < 2 || token.length > MAX_VOCABULARY_WORD || /\d/u.test(token)) continue;
    const key = fold(token);
    if (!words.has(key)) words.set(key, accentKey(token));
  }
  if (!words.size) return;
  const list = [...words].map(([word, display]) => ({ word, display }));
  await tx.execute(sql`
    INSERT INTO library_vocabulary (word, display, doc_count)
    SELECT x.word, x.display, 1 FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS x(word text, display text)
    ON CONFLICT (word) DO UPDATE SET doc_count = library_vocabulary.doc_count + 1`);
}
