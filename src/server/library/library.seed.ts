import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { documentNumberKey, vietnameseSortKey } from '@common/text/vietnamese';
import { PROJECT_ROOT } from '../platform/config';
import type { AppContext } from '../platform/context';
import { rows } from '../platform/db/client';
import { CENTRAL_CODE } from '../platform/units/units.service';
import { indexDocument, reindexStale } from './library.index';
import { numberKeysOf } from './library.query';
import type { DocumentStatus } from './library.schema';
import { splitLegalText } from './library.structure';

export const LEGAL_DIR = path.join(PROJECT_ROOT, 'data', 'legal');

/** The abbreviations every installation starts with; administrators add more. */
export const DEFAULT_ABBREVIATIONS: [string, string][] = [
  ['MTTQ', 'Mặt trận Tổ quốc'],
  ['UBMTTQ', 'Ủy ban Mặt trận Tổ quốc'],
  ['UBND', 'Ủy ban nhân dân'],
  ['HĐND', 'Hội đồng nhân dân'],
  ['NĐ', 'nghị định'],
  ['NĐ-CP', 'nghị định chính phủ'],
  ['QĐ', 'quyết định'],
  ['NQ', 'nghị quyết'],
  ['CT', 'chỉ thị'],
  ['TT', 'thông tư'],
  ['BTT', 'Ban Thường trực'],
  ['UBTVQH', 'Ủy ban Thường vụ Quốc hội'],
  ['QH', 'Quốc hội'],
  ['CP', 'Chính phủ'],
  ['TTg', 'Thủ tướng'],
  ['CCB', 'cựu chiến binh'],
  ['LHPN', 'Liên hiệp Phụ nữ'],
  ['TNCS', 'Thanh niên Cộng sản'],
  ['KT-XH', 'kinh tế xã hội'],
];

/** Key of an abbreviation as typed in a query: folded letters only ("NĐ-CP" → "ndcp"). */
export function abbreviationKey(text: string): string {
  return documentNumberKey(text).replace(/\//gu, '');
}

type LegalHeader = { title: string; number: string; date: string; issuer: string; source: string };

/** Reads a file of data/legal: header lines, then a line of dashes, then the text. */
export function parseLegalFile(content: string): { header: LegalHeader; text: string } {
  const lines = content.split(/\r?\n/u);
  const rule = lines.findIndex((l) => /^-{5}$/u.test(l.trim()));
  const head = lines.slice(0, rule);
  const field = (name: string) =>
    head
      .find((l) => l.startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  return {
    header: {
      title: field('Title'),
      number: field('Number'),
      date: field('Date'),
      issuer: field('Issuer'),
      source: field('Source'),
    },
    text: lines.slice(rule + 1).join('\n'),
  };
}

/** Facts the headers do not state: type, topics, status; from the file name. */
function seedFacts(
  file: string,
  title: string,
): { docType: string; topics: string[]; status: DocumentStatus } {
  const docType = title.startsWith('Hiến pháp')
    ? 'Hiến pháp'
    : title.startsWith('Nghị định')
      ? 'Nghị định'
      : 'Luật';
  const topics: string[] = [];
  if (file.includes('mat-tran')) topics.push('Mặt trận Tổ quốc', 'Tổ chức bộ máy');
  if (file.includes('khieu-nai') || file.includes('to-cao') || file.includes('tiep-cong-dan')) {
    topics.push('Khiếu nại, tố cáo', 'Tiếp công dân');
  }
  if (file.includes('dan-chu')) topics.push('Dân chủ cơ sở');
  if (file.includes('tiep-can-thong-tin')) topics.push('Tiếp cận thông tin');
  if (file.includes('hien-phap')) topics.push('Hiến pháp');
  if (file.includes('van-thu')) topics.push('Văn thư, lưu trữ');
  // The original 2015 text of the Front law was amended in 2025; the consolidated text is current.
  const status: DocumentStatus = file.includes('mat-tran-to-quoc-viet-nam-2015')
    ? 'partly_in_force'
    : 'in_force';
  return { docType, topics, status };
}

function dates(date: string): { issuedOn: string | null; effectiveOn: string | null } {
  const all = [...date.matchAll(/\d{4}-\d{2}-\d{2}/gu)].map((m) => m[0]);
  return { issuedOn: all[0] ?? null, effectiveOn: all[1] ?? all[0] ?? null };
}

/**
 * Loads the legal texts of data/legal as public documents with their article structure.
 * Idempotent: a text already loaded (same slug) is left alone.
 */
export async function seedLibrary(ctx: AppContext): Promise<void> {
  await reindexStale(ctx.db);
  await ctx.db.execute(sql`
    INSERT INTO library_abbreviations (abbr_key, abbreviation, expansion)
    SELECT x.k, x.a, x.e FROM jsonb_to_recordset(${JSON.stringify(
      DEFAULT_ABBREVIATIONS.map(([a, e]) => ({ k: abbreviationKey(a), a, e })),
    )}::jsonb) AS x(k text, a text, e text)
    ON CONFLICT (abbr_key) DO NOTHING`);

  const files = readdirSync(LEGAL_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const existing = new Set(
    (
      await rows<{ slug: string }>(
        ctx.db,
        sql`SELECT slug FROM library_documents WHERE slug LIKE 'legal/%'`,
      )
    ).map((r) => r.slug),
  );
  const ids = new Map<string, number>();
  for (const file of files) {
    const slug = `legal/${file.replace(/\.txt$/u, '')}`;
    if (existing.has(slug)) continue;
    const content = readFileSync(path.join(LEGAL_DIR, file), 'utf8').normalize('NFC');
    const { header, text } = parseLegalFile(content);
    const facts = seedFacts(file, header.title);
    const { issuedOn, effectiveOn } = dates(header.date);
    const keys = numberKeysOf(header.number);
    const passages = splitLegalText(text);
    await ctx.db.transaction(async (tx) => {
      const [row] = await rows<{ id: number }>(
        tx,
        sql`
        INSERT INTO library_documents
          (slug, title, number, number_key, number_keys, doc_type, issuer, issued_on, effective_on, status,
           level, unit_code, unit_path, topics, audience, access, source, rights, file_key, file_name,
           file_type, file_size, sort_key)
        VALUES (${slug}, ${header.title}, ${header.number}, ${keys[0] ?? null},
          ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)), ${facts.docType},
          ${header.issuer}, ${issuedOn}, ${effectiveOn}, ${facts.status}, 'central', ${CENTRAL_CODE},
          ${CENTRAL_CODE}, ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(facts.topics)}::jsonb)),
          'Cán bộ và nhân dân', 'public', ${header.source},
          'Văn bản quy phạm pháp luật – không thuộc phạm vi bảo hộ quyền tác giả',
          ${`project:data/legal/${file}`}, ${file}, 'text/plain', ${Buffer.byteLength(content)},
          ${vietnameseSortKey(header.title)})
        RETURNING id`,
      );
      const id = Number(row!.id);
      ids.set(file, id);
      await tx.execute(sql`
        INSERT INTO library_document_versions (document_id, version, title, file_key, file_name, file_type, file_size, note)
        VALUES (${id}, 1, ${header.title}, ${`project:data/legal/${file}`}, ${file}, 'text/plain',
          ${Buffer.byteLength(content)}, 'Nạp từ dữ liệu gốc')`);
      await indexDocument(
        tx,
        id,
        {
          title: header.title,
          number: header.number,
          issuer: header.issuer,
          topics: facts.topics,
          description: null,
        },
        passages,
      );
    });
  }
  // The consolidated Front law amends the original 2015 text.
  await ctx.db.execute(sql`
    UPDATE library_documents c SET amends_ids = ARRAY[o.id]
    FROM library_documents o
    WHERE c.slug = 'legal/luat-mat-tran-to-quoc-viet-nam_hop-nhat-phap-dien_97-2025-QH15'
      AND o.slug = 'legal/luat-mat-tran-to-quoc-viet-nam-2015_75-2015-QH13' AND c.amends_ids = '{}'`);
}
