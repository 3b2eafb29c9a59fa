import { sql } from 'drizzle-orm';
import { accentKey, fold, tokenize } from '@common/text/vietnamese';
import { rows, type Executor } from '../platform/db/client';
import { pairLexemes, titleMarks } from './library.query';
import { passageOfRow, passageText, type Passage, type PassageRow } from './library.structure';

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
  await writeVectors(tx, documentId, meta, passages);
  // Only public texts feed "did you mean", so suggestions never reveal hidden documents' words.
  if (options.publicWords) {
    const { head, extra, body } = searchableTexts(meta, passages);
    await addVocabulary(tx, `${head} ${extra} ${body}`);
  }
}

/** The searchable texts of a document: title and number, other metadata, and the text. */
function searchableTexts(meta: IndexedMetadata, passages: Passage[]) {
  return {
    head: [meta.title, meta.number ?? ''].join(' '),
    extra: [meta.issuer ?? '', meta.topics.join(' '), meta.description ?? ''].join(' '),
    body: passages.map(passageText).join('\n'),
  };
}

/**
 * The position-free lexemes of a document's whole-text vector: its word pairs for phrase search
 * (title, metadata, each heading and each passage apart, so no pair joins the end of one passage
 * to the start of the next) and the marked words and pairs of its title.
 */
export function positionFreeLexemes(meta: IndexedMetadata, passages: Passage[]): string[] {
  const { head, extra } = searchableTexts(meta, passages);
  const headings = [...new Set(passages.flatMap((p) => p.headings))];
  return [
    ...pairLexemes([head, extra, ...headings, ...passages.map(passageText)]),
    ...titleMarks(head),
  ];
}

/** Version of what the vectors hold; documents indexed under an older one are redone at start. */
export const SEARCH_INDEX_VERSION = 1;

/** Recomputes a document's search vectors from its metadata and passages. */
async function writeVectors(
  tx: Executor,
  documentId: number,
  meta: IndexedMetadata,
  passages: Passage[],
): Promise<void> {
  const { head, extra, body } = searchableTexts(meta, passages);
  const marks = positionFreeLexemes(meta, passages);
  await tx.execute(sql`
    UPDATE library_documents SET
      title_tsv = to_tsvector('vietnamese', ${fold(head)}),
      title_accent_tsv = to_tsvector('simple', ${accentKey(head)})
    WHERE id = ${documentId}`);
  await tx.execute(sql`
    SELECT library_search_write(${documentId},
      setweight(to_tsvector('vietnamese', ${fold(head)}), 'A')
        || setweight(to_tsvector('vietnamese', ${fold(extra)}), 'B')
        || to_tsvector('vietnamese', ${fold(body)})
        || array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(marks)}::jsonb))),
      ${SEARCH_INDEX_VERSION}::smallint)`);
}

/** The passages of a document as stored, in order. */
export function storedPassages(db: Executor, documentId: number): Promise<PassageRow[]> {
  return rows<PassageRow>(
    db,
    sql`SELECT ord, kind, anchor, label, title, headings, article_no, page_no, body
        FROM library_passages WHERE document_id = ${documentId} ORDER BY ord`,
  );
}

/**
 * Brings documents never indexed, or indexed under an older SEARCH_INDEX_VERSION, up to date from their stored
 * metadata and passages, a batch per transaction. Returns how many were redone.
 */
export async function reindexStale(db: Executor, batch = 200): Promise<number> {
  let done = 0;
  for (;;) {
    const redone = await db.transaction(async (tx) => {
      const docs = await rows<IndexedMetadata & { id: number }>(
        tx,
        sql`SELECT d.id::int AS id, d.title, d.number, d.issuer, d.topics, d.description
            FROM library_documents d LEFT JOIN library_search s ON s.id = d.id
            WHERE s.id IS NULL OR s.search_version < ${SEARCH_INDEX_VERSION}
            ORDER BY d.id LIMIT ${batch} FOR UPDATE OF d SKIP LOCKED`,
      );
      for (const doc of docs) {
        const passages = (await storedPassages(tx, doc.id)).map(passageOfRow);
        await writeVectors(tx, Number(doc.id), doc, passages);
      }
      return docs.length;
    });
    done += redone;
    if (redone < batch) return done;
  }
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
