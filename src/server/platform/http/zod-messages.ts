import { z } from 'zod';

/**
 * Plain Vietnamese for zod's issues, shown to people after «Trường «x»: …». Zod's own Vietnamese
 * locale speaks of types ("mong đợi string, nhận được undefined"); these messages say what to
 * fix. A message given in a schema (`.min(1, 'không được để trống.')`) still wins.
 */

/** Enum choices listed in a message; longer lists end with "…". */
const MAX_CHOICES = 5;

type Issue = z.core.$ZodRawIssue;

const TYPE_MESSAGES: Record<string, string> = {
  string: 'phải là chuỗi ký tự.',
  number: 'phải là số.',
  int: 'phải là số nguyên.',
  bigint: 'phải là số nguyên.',
  boolean: 'phải là true hoặc false.',
  array: 'phải là một danh sách.',
  object: 'phải là một nhóm trường (đối tượng JSON).',
  date: 'ngày không hợp lệ (định dạng YYYY-MM-DD).',
  file: 'phải là một tệp.',
};

const FORMAT_MESSAGES: Record<string, string> = {
  date: 'ngày không hợp lệ (định dạng YYYY-MM-DD).',
  datetime: 'thời điểm không hợp lệ (định dạng YYYY-MM-DDTHH:MM:SS kèm múi giờ, vd. +07:00).',
  time: 'giờ không hợp lệ (định dạng HH:MM).',
  email: 'địa chỉ e-mail không hợp lệ.',
  url: 'địa chỉ web không hợp lệ.',
  uuid: 'mã không hợp lệ.',
};

function choice(value: unknown): string {
  return typeof value === 'string' ? `«${value}»` : String(value);
}

function choices(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_CHOICES).map(choice).join(', ');
  return values.length > MAX_CHOICES ? `${shown}, …` : shown;
}

function isEmpty(input: unknown): boolean {
  return input === undefined || input === null;
}

function sizeUnit(origin: string | undefined): string | null {
  if (origin === 'string') return 'ký tự';
  if (origin === 'array' || origin === 'set') return 'mục';
  if (origin === 'file') return 'byte';
  return null;
}

/** The message for one issue, or undefined to leave it to zod. */
export function vietnameseIssueMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (isEmpty(issue.input)) return 'không được để trống.';
      if (issue.expected === 'number' && typeof issue.input === 'number')
        return Number.isNaN(issue.input) ? 'phải là số.' : 'phải là số hợp lệ.';
      if (issue.expected === 'date' || issue.expected === 'Date')
        return 'ngày không hợp lệ (định dạng YYYY-MM-DD).';
      return TYPE_MESSAGES[issue.expected] ?? 'sai kiểu dữ liệu.';
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      const unit = sizeUnit(issue.origin);
      if (issue.origin === 'string' && min <= 1) return 'không được để trống.';
      if (issue.origin === 'array' && min <= 1) return 'cần ít nhất một mục.';
      if (unit) return `cần ít nhất ${min} ${unit}.`;
      if (issue.origin === 'date') return 'ngày quá sớm.';
      return issue.inclusive ? `phải từ ${min} trở lên.` : `phải lớn hơn ${min}.`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const unit = sizeUnit(issue.origin);
      if (unit) return `tối đa ${max} ${unit}.`;
      if (issue.origin === 'date') return 'ngày quá muộn.';
      return issue.inclusive ? `tối đa là ${max}.` : `phải nhỏ hơn ${max}.`;
    }
    case 'invalid_format':
      return FORMAT_MESSAGES[issue.format] ?? 'không đúng định dạng.';
    case 'not_multiple_of':
      return `phải là bội số của ${issue.divisor}.`;
    case 'invalid_value':
      if (isEmpty(issue.input)) return 'không được để trống.';
      if (issue.values.length === 1) return `phải là ${choice(issue.values[0])}.`;
      return `giá trị không hợp lệ; chọn một trong: ${choices(issue.values)}.`;
    case 'unrecognized_keys':
      return `có trường không được nhận: ${choices(issue.keys)}.`;
    case 'invalid_union':
      return isEmpty(issue.input) ? 'không được để trống.' : 'giá trị không hợp lệ.';
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return 'giá trị không hợp lệ.';
    default:
      return undefined;
  }
}

/** Installs the messages for every zod schema of the process. */
export function installVietnameseMessages(): void {
  z.config({ ...z.locales.vi(), customError: vietnameseIssueMessage });
}
