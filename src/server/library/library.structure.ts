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

/** Text as extracted from a file: pages for PDF, sheets for workbooks, one block otherwise. */
export type ExtractedText = { unit: 'page' | 'sheet' | 'text'; parts: string[] };

const PART = /^Phần\s+(thứ\s+)?[\p{L}\dIVXLC]+\b/iu;
const CHAPTER = /^Chương\s+([IVXLC]+|\d+)\b\.?\s*(.*)$/iu;
const SECTION = /^Mục\s+(\d+)\b\.?\s*(.*)$/iu;
const ARTICLE = /^Điều\s+(\d+[a-zđ]?)\s*[.:]?\s*(.*)$/iu;
const RULE = /^-{3,}$/u;
const UPPER_TITLE = /^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u;

type Heading = { level: 0 | 1 | 2; text: string };

/**
 * Splits a legal text into its articles, keeping the part/chapter/section headings above each.
 * Text before the first article is the preamble. A text without any "Điều" stays one block.
 */
export function splitLegalText(text: string): Passage[] {
  const lines = toNfc(text)
    .split(/\r?\n/u)
    .map((l) => l.trim());
  const passages: Passage[] = [];
  const stack: Heading[] = [];
  let current: Passage | null = null;
  let preamble: string[] = [];
  let pendingHeading: Heading | null = null;
  const seen = new Map<string, number>();

  const pushHeading = (level: Heading['level'], text: string) => {
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
    const heading = { level, text };
    stack.push(heading);
    pendingHeading = heading;
  };

  for (const line of lines) {
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
        pageNo: null,
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
      pageNo: null,
      body: preamble.join('\n'),
    });
    preamble = [];
  }
  return [...result, ...passages];
}

/** Passages for extracted text: legal structure when the text has articles, else its pages. */
export function passagesFor(extracted: ExtractedText): Passage[] {
  const whole = extracted.parts.join('\n');
  const legal = splitLegalText(whole);
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
