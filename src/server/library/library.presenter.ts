import type { readDocument } from './library.service';
import { partsOf, passageOfRow, pointSlug, type PassagePart } from './library.structure';

type DocumentView = Awaited<ReturnType<typeof readDocument>>;

type PassageRef = { anchor: string; article_no: string | null };

/**
 * The stable link of an article, clause or point: /library/documents/7/dieu/8/khoan/4/diem/b.
 * An article number used twice in one text (amending laws quote others) links by its fragment.
 */
export function passagePermalink(documentId: number, p: PassageRef, part?: PassagePart): string {
  const base = `/library/documents/${documentId}`;
  if (!p.article_no || p.anchor !== `dieu-${p.article_no}`) {
    return `${base}#${part?.anchor ?? p.anchor}`;
  }
  const clause = part?.clauseNo ? `/khoan/${part.clauseNo}` : '';
  const point = part?.pointNo ? `/diem/${pointSlug(part.pointNo)}` : '';
  return `${base}/dieu/${p.article_no}${clause}${point}`;
}

/** The one outward shape of a document: metadata, table of contents with text, relations. */
export function presentDocument({ doc, passages, related, versions, canManage }: DocumentView) {
  return {
    id: doc.id,
    permalink: `/library/documents/${doc.id}`,
    title: doc.title,
    number: doc.number,
    docType: doc.doc_type,
    issuer: doc.issuer,
    signer: doc.signer,
    issuedOn: doc.issued_on,
    effectiveOn: doc.effective_on,
    status: doc.status,
    level: doc.level,
    unitCode: doc.unit_code,
    unitName: doc.unit_name,
    topics: doc.topics,
    audience: doc.audience,
    access: doc.access,
    embargoUntil: doc.embargo_until,
    description: doc.description,
    subject: doc.subject,
    language: doc.language,
    source: doc.source,
    rights: doc.rights,
    version: doc.version,
    file: doc.file_key
      ? {
          name: doc.file_name,
          type: doc.file_type,
          size: doc.file_size,
          url: `/api/v1/library/documents/${doc.id}/file`,
        }
      : null,
    pageCount: doc.page_count,
    textStatus: doc.text_status,
    views: doc.views,
    downloads: doc.downloads,
    canManage,
    passages: passages.map((p) => ({
      ...passageOfRow(p),
      permalink: passagePermalink(doc.id, p),
      parts:
        p.kind === 'article'
          ? partsOf(p.anchor, p.label, p.body).map((part) => ({
              anchor: part.anchor,
              kind: part.kind,
              label: part.label,
              citation: part.citation,
              from: part.from,
              to: part.to,
              permalink: passagePermalink(doc.id, p, part),
            }))
          : [],
    })),
    related: related.map((r) => ({
      id: r.id,
      title: r.title,
      number: r.number,
      relation: r.relation,
    })),
    versions: versions.map((v) => ({
      version: v.version,
      current: v.version === doc.version,
      fileName: v.file_name,
      fileType: v.file_type,
      fileSize: v.file_size,
      note: v.note,
      createdAt: new Date(v.created_at).toISOString(),
      createdBy: v.created_by_name,
      url: v.has_file ? `/api/v1/library/documents/${doc.id}/versions/${v.version}/file` : null,
    })),
  };
}
