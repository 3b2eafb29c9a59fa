import type { readDocument } from './library.service';

type DocumentView = Awaited<ReturnType<typeof readDocument>>;

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
      anchor: p.anchor,
      kind: p.kind,
      label: p.label,
      title: p.title,
      headings: p.headings,
      articleNo: p.article_no,
      pageNo: p.page_no,
      body: p.body,
      permalink: p.article_no
        ? `/library/documents/${doc.id}/dieu/${p.article_no}`
        : `/library/documents/${doc.id}#${p.anchor}`,
    })),
    related: related.map((r) => ({
      id: r.id,
      title: r.title,
      number: r.number,
      relation: r.relation,
    })),
    versions: versions.map((v) => ({
      version: v.version,
      fileName: v.file_name,
      note: v.note,
      createdAt: new Date(v.created_at).toISOString(),
    })),
  };
}
