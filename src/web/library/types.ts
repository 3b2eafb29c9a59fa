/** Shapes of the library API as the screens use them. */

export type FacetValue = { value: string; count: number };
export type Facets = Record<
  'type' | 'issuer' | 'year' | 'status' | 'topic' | 'level',
  FacetValue[]
>;

export type SearchItem = {
  id: number;
  title: string;
  number: string | null;
  snippet: string;
  highlights: [number, number][];
  anchor: string | null;
  passageLabel: string | null;
  docType: string;
  issuer: string | null;
  issuedOn: string | null;
  status: string;
  access: string;
};

export type SearchResult = {
  items: SearchItem[];
  total: number;
  page: number;
  facets: Facets;
  didYouMean: string | null;
  corrected: boolean;
};

/** A clause (Khoản) or point (Điểm) of an article: lines [from, to) of its body. */
export type PassagePart = {
  anchor: string;
  kind: 'clause' | 'point';
  label: string;
  citation: string;
  from: number;
  to: number;
  permalink: string;
};

export type DocumentPassage = {
  anchor: string;
  kind: string;
  label: string;
  title: string | null;
  headings: string[];
  articleNo: string | null;
  pageNo: number | null;
  body: string;
  permalink: string;
  parts: PassagePart[];
};

export type LibraryDocument = {
  id: number;
  permalink: string;
  title: string;
  number: string | null;
  docType: string;
  issuer: string | null;
  signer: string | null;
  issuedOn: string | null;
  effectiveOn: string | null;
  status: string;
  level: string;
  unitCode: string;
  unitName: string;
  topics: string[];
  audience: string | null;
  access: string;
  embargoUntil: string | null;
  description: string | null;
  source: string | null;
  rights: string | null;
  version: number;
  file: { name: string | null; type: string | null; size: number | null; url: string } | null;
  pageCount: number | null;
  textStatus: string;
  views: number;
  downloads: number;
  canManage: boolean;
  passages: DocumentPassage[];
  related: { id: number; title: string; number: string | null; relation: string }[];
  versions: {
    version: number;
    current: boolean;
    fileName: string | null;
    fileType: string | null;
    fileSize: number | null;
    note: string | null;
    createdAt: string;
    createdBy: string | null;
    url: string | null;
  }[];
};
