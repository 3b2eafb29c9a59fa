import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { CurrentUser } from '../platform/auth/access';
import { rows, type Executor } from '../platform/db/client';
import { errors } from '../platform/http/errors';
import { recordId } from '../platform/http/schema';
import { passagePermalink } from './library.presenter';
import { findVisibleDocument } from './library.service';
import { partsOf, partText, type PassageRow } from './library.structure';

export const passageParams = z.object({
  id: recordId('Mã tài liệu'),
  anchor: z
    .string()
    .regex(/^[a-z0-9-]{1,80}$/u, 'không phải mã điều, khoản, điểm hợp lệ (ví dụ: dieu-5-khoan-2).')
    .describe('Điều, khoản, điểm: dieu-5, dieu-5-khoan-2, dieu-5-khoan-2-diem-a'),
});

export const passageOut = z.object({
  documentId: z.number(),
  anchor: z.string(),
  kind: z.string().describe('article, clause, point, page, …'),
  label: z.string().describe('Điều 8, Khoản 4, Điểm b'),
  title: z.string().nullable().describe('Tên điều (với điều)'),
  citation: z.string().describe('Trích dẫn đầy đủ: Điểm b khoản 4 Điều 8 Luật Khiếu nại số …'),
  text: z.string().describe('Nguyên văn'),
  pageNo: z.number().nullable().describe('Trang bắt đầu (PDF)'),
  articleAnchor: z.string().describe('Điều chứa khoản, điểm này'),
  permalink: z.string(),
});
export type PassageOut = z.infer<typeof passageOut>;

/** "Luật Khiếu nại số 02/2011/QH13": the document as a citation names it. */
function documentCitation(title: string, number: string | null): string {
  return number ? `${title} số ${number}` : title;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * One article, clause or point of a visible document, by its anchor, with the text and a
 * citation, so it can be shown and cited on its own.
 */
export async function readPassage(
  db: Executor,
  viewer: CurrentUser | null,
  id: number,
  anchor: string,
): Promise<PassageOut> {
  const doc = await findVisibleDocument(db, viewer, id);
  const articleAnchor = anchor.replace(/-(khoan|diem)-.*$/u, '');
  const [passage] = await rows<PassageRow>(
    db,
    sql`SELECT ord, kind, anchor, label, title, headings, article_no, page_no, body FROM library_passages
        WHERE document_id = ${id} AND anchor = ${articleAnchor}`,
  );
  if (!passage) throw errors.notFound('điều, khoản, điểm này trong tài liệu');
  const cited = documentCitation(doc.title, doc.number);
  const common = {
    documentId: doc.id,
    anchor,
    pageNo: passage.page_no,
    articleAnchor: passage.anchor,
  };
  if (anchor === passage.anchor) {
    return {
      ...common,
      kind: passage.kind,
      label: passage.label,
      title: passage.title,
      citation: `${passage.label} ${cited}`,
      text: passage.body,
      permalink: passagePermalink(doc.id, passage),
    };
  }
  const part = partsOf(passage.anchor, passage.label, passage.body).find(
    (p) => p.anchor === anchor,
  );
  if (!part) throw errors.notFound('điều, khoản, điểm này trong tài liệu');
  return {
    ...common,
    kind: part.kind,
    label: part.label,
    title: null,
    citation: `${capitalise(part.citation)} ${cited}`,
    text: partText(passage.body, part),
    permalink: passagePermalink(doc.id, passage, part),
  };
}
