import { toNfc } from '@common/text/vietnamese';

/** One passage of a document: an article of a legal text, a page of a PDF, a sheet, or a block. */
export type Passage = {
  kind: 'preamble' | 'article' | 'page' | 'sheet' | 'text';
  anchor: string;
  label: string;
  title: string | null;
  headings: string[];
  articleNo: string | null;
  pageNo: number | null;
  body: string;
};

/** A passage as stored: the columns of library_passages. */
export type PassageRow = {
  ord: number;
  kind: Passage['kind'];
  anchor: string;
  label: string;
  title: string | null;
  headings: string[];
  article_no: string | null;
  page_no: number | null;
  body: string;
};

/** The passage a stored row holds. */
export function passageOfRow(p: PassageRow): Passage {
  return {
    kind: p.kind,
    anchor: p.anchor,
    label: p.label,
    title: p.title,
    headings: p.headings,
    articleNo: p.article_no,
    pageNo: p.page_no,
    body: p.body,
  };
}

/** Text as extracted from a file: pages for PDF, sheets for workbooks, one block otherwise. */
export type ExtractedText = { unit: 'page' | 'sheet' | 'text'; parts: string[] };

const PART = /^Phần\s+(thứ\s+)?[\p{L}\dIVXLC]+\b/iu;
const CHAPTER = /^Chương\s+([IVXLC]+|\d+)\b\.?\s*(.*)$/iu;
const SECTION = /^Mục\s+(\d+)\b\.?\s*(.*)$/iu;
const ARTICLE = /^Điều\s+(\d+[a-zđ]?)\s*[.:]?\s*(.*)$/iu;
const RULE = /^-{3,}$/u;
const UPPER_TITLE = /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u;

type Heading = { level: 0 | 1 | 2; text: string };

/** A line of extracted text and the page it stands on (null when the text has no pages). */
type PageLine = { text: string; page: number | null };

function linesOf(text: string, page: number | null): PageLine[] {
  return toNfc(text)
    .split(/\r?\n/u)
    .map((l) => ({ text: l.trim(), page }));
}

/**
 * Splits a legal text into its articles, keeping the part/chapter/section headings above each.
 * Text before the first article is the preamble. A text without any "Điều" stays one block.
 */
export function splitLegalText(text: string): Passage[] {
  return splitLegalLines(linesOf(text, null));
}

/** The same split over the pages of a PDF: each article keeps the page where it starts. */
export function splitLegalPages(pages: string[]): Passage[] {
  return splitLegalLines(pages.flatMap((text, i) => linesOf(text, i + 1)));
}

function splitLegalLines(lines: PageLine[]): Passage[] {
  const passages: Passage[] = [];
  const stack: Heading[] = [];
  let current: Passage | null = null;
  let preamble: string[] = [];
  let preamblePage: number | null = null;
  let pendingHeading: Heading | null = null;
  const seen = new Map<string, number>();

  const pushHeading = (level: Heading['level'], text: string) => {
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
    const heading = { level, text };
    stack.push(heading);
    pendingHeading = heading;
  };

  for (const { text: line, page } of lines) {
    if (line === '' || RULE.test(line)) continue;
    const article = ARTICLE.exec(line);
    if (article) {
      const no = article[1]!.toLowerCase();
      const count = (seen.get(no) ?? 0) + 1;
      seen.set(no, count);
      current = {
        kind: 'article',
        anchor: count === 1 ? `dieu-${no}` : `dieu-${no}-${count}`,
        label: `Điều ${article[1]}`,
        title: article[2] ? article[2] : null,
        headings: stack.map((h) => h.text),
        articleNo: no,
        pageNo: page,
        body: '',
      };
      passages.push(current);
      pendingHeading = null;
      continue;
    }
    const chapter = CHAPTER.exec(line);
    const section = SECTION.exec(line);
    if (PART.test(line) && line.length < 120) {
      pushHeading(0, line);
      continue;
    }
    if (chapter && line.length < 200) {
      pushHeading(1, line.replace(/\.$/u, ''));
      continue;
    }
    if (section && line.length < 200) {
      pushHeading(2, line.replace(/\.$/u, ''));
      continue;
    }
    // A heading's name often stands on its own line in capitals: "NHỮNG QUY ĐỊNH CHUNG".
    const heading = pendingHeading as Heading | null;
    if (heading && UPPER_TITLE.test(line) && line.length < 200) {
      heading.text = `${heading.text}. ${line}`;
      pendingHeading = null;
      continue;
    }
    pendingHeading = null;
    if (current) {
      if (
        current.title === null &&
        current.body === '' &&
        line.length < 200 &&
        !/^\d+\./u.test(line)
      ) {
        current.title = line;
      } else {
        current.body = current.body ? `${current.body}\n${line}` : line;
      }
    } else {
      if (preamble.length === 0) preamblePage = page;
      preamble.push(line);
    }
  }
  // Headings collected after an article were recorded by reference; freeze them as strings.
  const result: Passage[] = [];
  if (preamble.length) {
    result.push({
      kind: passages.length ? 'preamble' : 'text',
      anchor: passages.length ? 'loi-noi-dau' : 'noi-dung',
      label: passages.length ? 'Lời nói đầu' : 'Nội dung',
      title: null,
      headings: [],
      articleNo: null,
      pageNo: preamblePage,
      body: preamble.join('\n'),
    });
    preamble = [];
  }
  return [...result, ...passages];
}

/** Passages for extracted text: legal structure when the text has articles, else its pages. */
export function passagesFor(extracted: ExtractedText): Passage[] {
  const legal =
    extracted.unit === 'page'
      ? splitLegalPages(extracted.parts)
      : splitLegalText(extracted.parts.join('\n'));
  if (legal.some((p) => p.kind === 'article')) return legal;
  if (extracted.unit === 'text') return legal.length ? legal : [];
  return extracted.parts
    .map((body, i): Passage => {
      const no = i + 1;
      const page = extracted.unit === 'page';
      return {
        kind: page ? 'page' : 'sheet',
        anchor: page ? `trang-${no}` : `bang-${no}`,
        label: page ? `Trang ${no}` : `Bảng ${no}`,
        title: null,
        headings: [],
        articleNo: null,
        pageNo: page ? no : null,
        body: body.trim(),
      };
    })
    .filter((p) => p.body !== '');
}

/** The text a passage is indexed and shown with: its label, title and body. */
export function passageText(p: Passage): string {
  return [p.kind === 'article' ? `${p.label}. ${p.title ?? ''}` : '', p.body]
    .filter(Boolean)
    .join('\n');
}

/**
 * A clause (Khoản, "1.") or a point (Điểm, "a)") inside an article: its own anchor, label and the
 * lines of the article body it spans, [from, to). A clause's span includes its points.
 */
export type PassagePart = {
  kind: 'clause' | 'point';
  anchor: string;
  /** "Khoản 2", "Điểm a". */
  label: string;
  /** How a citation names it: "khoản 2 Điều 8", "điểm a khoản 2 Điều 8". */
  citation: string;
  clauseNo: string | null;
  pointNo: string | null;
  from: number;
  to: number;
};

/** Point letters in the order Vietnamese legal drafting uses (no f, j, w, z). */
const POINT_LETTERS = 'a b c d đ e g h i k l m n o p q r s t u v x y'.split(' ');
const CLAUSE_LINE = /^(\d{1,3})\.\s+\S/u;
const POINT_LINE = /^([a-zđ])\)\s*\S/u;

/** The fragment of a point letter: "a" → "a", "đ" → "dd" (kept apart from "d"). */
export function pointSlug(letter: string): string {
  return letter === 'đ' ? 'dd' : letter;
}

/**
 * The clauses and points of an article body (lines as stored, one per line). Numbers and letters
 * must follow in order (1, 2, 3…; a, b, c, d, đ…) so that a numbered list inside a point or a
 * quoted text is not taken for a new clause.
 */
export function partsOf(articleAnchor: string, articleLabel: string, body: string): PassagePart[] {
  const lines = body.split('\n');
  const parts: PassagePart[] = [];
  let clause: PassagePart | null = null;
  let point: PassagePart | null = null;
  let nextLetter = 0;
  const close = (part: PassagePart | null, at: number) => {
    if (part) part.to = at;
  };
  for (const [i, line] of lines.entries()) {
    const clauseMatch = CLAUSE_LINE.exec(line);
    if (clauseMatch && !/^\d+\.\d/u.test(line)) {
      const no = Number(clauseMatch[1]);
      const current = clause;
      const expected: number = current ? Number(current.clauseNo) + 1 : 1;
      if (no === expected) {
        close(point, i);
        close(clause, i);
        point = null;
        nextLetter = 0;
        clause = {
          kind: 'clause',
          anchor: `${articleAnchor}-khoan-${no}`,
          label: `Khoản ${no}`,
          citation: `khoản ${no} ${articleLabel}`,
          clauseNo: String(no),
          pointNo: null,
          from: i,
          to: lines.length,
        };
        parts.push(clause);
        continue;
      }
    }
    const pointMatch = POINT_LINE.exec(line);
    if (pointMatch && pointMatch[1] === POINT_LETTERS[nextLetter]) {
      close(point, i);
      const letter = pointMatch[1]!;
      const owner = clause;
      point = {
        kind: 'point',
        anchor: `${owner ? owner.anchor : articleAnchor}-diem-${pointSlug(letter)}`,
        label: `Điểm ${letter}`,
        citation: `điểm ${letter} ${owner ? owner.citation : articleLabel}`,
        clauseNo: owner ? owner.clauseNo : null,
        pointNo: letter,
        from: i,
        to: lines.length,
      };
      parts.push(point);
      nextLetter += 1;
    }
  }
  return parts;
}

/** The text of one part: its lines of the article body. */
export function partText(body: string, part: Pick<PassagePart, 'from' | 'to'>): string {
  return body.split('\n').slice(part.from, part.to).join('\n');
}
