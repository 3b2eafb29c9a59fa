import { fold } from '@common/text/vietnamese';
import type { AppContext } from '../platform/context';
import type { CellValue, ColumnSpec, ParsedRow } from '../platform/import/import.parse';
import { findUnit, type Unit } from '../platform/units/units.service';
import {
  documentMetadataIn,
  DOCUMENT_TYPES,
  documentTypeOf,
  STATUS_LABELS,
  type DocumentMetadataIn,
  type DocumentStatus,
} from './library.schema';

/**
 * The metadata sheet of a bulk import: its Vietnamese columns, and the reading of one row into the
 * single upload's metadata, with each problem attached to its column.
 */
/** The columns of the metadata sheet; keys match the upload's metadata fields. */
export const BULK_COLUMNS: ColumnSpec[] = [
  {
    key: 'fileName',
    headers: ['Tên tệp', 'Tệp', 'Tên file', 'File'],
    type: 'text',
    required: true,
  },
  { key: 'title', headers: ['Tiêu đề', 'Tên tài liệu', 'Trích yếu'], type: 'text', required: true },
  { key: 'number', headers: ['Số ký hiệu', 'Số, ký hiệu', 'Số hiệu', 'Số'], type: 'text' },
  { key: 'docType', headers: ['Loại văn bản', 'Loại'], type: 'text', required: true },
  { key: 'issuer', headers: ['Cơ quan ban hành'], type: 'text' },
  { key: 'signer', headers: ['Người ký'], type: 'text' },
  { key: 'issuedOn', headers: ['Ngày ban hành'], type: 'date' },
  { key: 'effectiveOn', headers: ['Ngày hiệu lực', 'Ngày có hiệu lực'], type: 'date' },
  { key: 'status', headers: ['Tình trạng hiệu lực', 'Hiệu lực'], type: 'text' },
  { key: 'topics', headers: ['Chủ đề'], type: 'text' },
  { key: 'audience', headers: ['Đối tượng sử dụng', 'Đối tượng'], type: 'text' },
  { key: 'access', headers: ['Quyền truy cập', 'Truy cập', 'Quyền xem'], type: 'text' },
  { key: 'accessUnitCodes', headers: ['Đơn vị được xem', 'Mã đơn vị được xem'], type: 'text' },
  { key: 'embargoUntil', headers: ['Chưa công bố trước ngày'], type: 'date' },
  { key: 'description', headers: ['Tóm tắt', 'Mô tả'], type: 'text' },
  { key: 'subject', headers: ['Từ khoá', 'Từ khóa'], type: 'text' },
  { key: 'source', headers: ['Nguồn'], type: 'text' },
  { key: 'rights', headers: ['Bản quyền'], type: 'text' },
];

/** A filled-in example row of the template. */
export const BULK_EXAMPLE: Record<string, unknown> = {
  fileName: 'huong-dan-hoi-nghi.docx',
  title: 'Hướng dẫn tổ chức hội nghị khu dân cư',
  number: '12/HD-MTTQ-BTT',
  docType: 'Hướng dẫn',
  issuer: 'Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh',
  signer: 'Nguyễn Văn A',
  issuedOn: '2025-03-15',
  effectiveOn: '2025-03-15',
  status: 'Còn hiệu lực',
  topics: 'Khu dân cư; Hội nghị',
  audience: 'Ban công tác Mặt trận',
  access: 'Công khai',
  accessUnitCodes: '',
};

export const LABEL_OF: Record<string, string> = Object.fromEntries(
  BULK_COLUMNS.map((c) => [c.key, c.headers[0] ?? c.key]),
);

const STATUS_BY_FOLD = new Map<string, DocumentStatus>([
  ...Object.entries(STATUS_LABELS).map(([code, label]) => [fold(label), code as DocumentStatus]),
  ...Object.keys(STATUS_LABELS).map((code) => [code, code as DocumentStatus]),
  ['con', 'in_force'],
  ['con hieu luc toan bo', 'in_force'],
  ['het', 'expired'],
  ['khong ro hieu luc', 'unknown'],
] as [string, DocumentStatus][]);
const ACCESS_BY_FOLD = new Map<string, DocumentMetadataIn['access']>([
  ['cong khai', 'public'],
  ['public', 'public'],
  ['noi bo', 'internal'],
  ['noi bo mat tran', 'internal'],
  ['internal', 'internal'],
  ['han che', 'restricted'],
  ['restricted', 'restricted'],
]);

export function textOf(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).normalize('NFC').trim();
  return s === '' ? null : s;
}

function listOf(value: CellValue | undefined): string[] {
  return (textOf(value) ?? '')
    .split(/[;,\n]/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export type ProblemSeverity = 'error' | 'warning';

/** Collects the problems of one row. */
export type RowProblems = {
  add(column: string | null, message: string, severity?: ProblemSeverity): void;
};

/** Reads the metadata of one row into the upload's schema; each problem goes to its column. */
export async function metadataOf(
  ctx: AppContext,
  row: ParsedRow,
  unit: Unit,
  problems: RowProblems,
): Promise<DocumentMetadataIn | null> {
  const v = row.values;
  let ok = row.errors.length === 0;
  for (const e of row.errors) problems.add(e.column, e.message);

  const typeText = textOf(v.docType);
  const docType = typeText ? documentTypeOf(typeText) : undefined;
  if (typeText && !docType) {
    ok = false;
    problems.add(
      'docType',
      `loại văn bản «${typeText}» không có trong danh mục (${DOCUMENT_TYPES.join(', ')}).`,
    );
  }
  const statusText = textOf(v.status);
  // A blank status is left to the schema: not yet in force before a future effective date.
  const status = statusText ? STATUS_BY_FOLD.get(fold(statusText)) : undefined;
  if (statusText && !status) {
    ok = false;
    problems.add(
      'status',
      `«${statusText}» không phải tình trạng hiệu lực (${Object.values(STATUS_LABELS).join(', ')}).`,
    );
  }
  const accessText = textOf(v.access);
  const access = accessText ? ACCESS_BY_FOLD.get(fold(accessText)) : 'public';
  if (!access) {
    ok = false;
    problems.add(
      'access',
      `«${accessText}» không phải quyền truy cập (Công khai, Nội bộ, Hạn chế).`,
    );
  }
  const accessUnitCodes = listOf(v.accessUnitCodes).map((c) => c.toUpperCase());
  for (const code of accessUnitCodes) {
    if (!(await findUnit(ctx.db, code))) {
      ok = false;
      problems.add('accessUnitCodes', `không có đơn vị mã «${code}».`);
    }
  }
  if (access === 'restricted' && accessUnitCodes.length === 0) {
    ok = false;
    problems.add('accessUnitCodes', 'tài liệu hạn chế cần ít nhất một mã đơn vị được xem.');
  }
  if (!ok || !docType || (statusText && !status) || !access) return null;

  const parsed = documentMetadataIn.safeParse({
    title: textOf(v.title) ?? '',
    number: textOf(v.number),
    docType,
    issuer: textOf(v.issuer),
    signer: textOf(v.signer),
    issuedOn: textOf(v.issuedOn),
    effectiveOn: textOf(v.effectiveOn),
    status,
    unitCode: unit.code,
    topics: listOf(v.topics),
    audience: textOf(v.audience),
    access,
    accessUnitCodes,
    embargoUntil: textOf(v.embargoUntil),
    description: textOf(v.description),
    subject: textOf(v.subject),
    source: textOf(v.source),
    rights: textOf(v.rights),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      problems.add(key in LABEL_OF ? key : null, issue.message);
    }
    return null;
  }
  return parsed.data;
}
