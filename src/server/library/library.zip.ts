import path from 'node:path/posix';
import yauzl from 'yauzl';
import { errors } from '../platform/http/errors';

/** What an archive may hold; checked on the sizes the archive declares, before any byte is read. */
export type ZipLimits = { maxEntries: number; maxEntryBytes: number; maxTotalBytes: number };

/** One file inside the archive, by its path ('/' separated, NFC). */
export type ZipFileEntry = {
  name: string;
  size: number;
  /** Why this entry cannot be read (encrypted, too large), in Vietnamese; null when readable. */
  problem: string | null;
};

/** Entries that archivers add on their own and nobody means to import. */
const NOISE = /(^|\/)(__MACOSX\/|\._|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/iu;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Megabytes for messages: 25 MB, 1,5 MB. */
export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1).replace('.', ',')} MB`;
}

/**
 * The entry name as people wrote it. Names flagged UTF-8 (or carrying the Unicode path field) are
 * decoded by yauzl; unflagged names that are valid UTF-8 are taken as UTF-8, which is what most
 * tools write today, and anything else falls back to yauzl's CP437.
 */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  const flagged = (entry.generalPurposeBitFlag & 0x800) !== 0;
  let name: string;
  if (!flagged && !entry.extraFields.some((f) => f.id === 0x7075)) {
    try {
      name = UTF8.decode(raw);
    } catch {
      name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
    }
  } else {
    name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
  }
  return name.replaceAll('\\', '/').normalize('NFC');
}

/**
 * A .zip archive held in memory, listed once. Entries whose path would leave the extraction folder
 * (`../`, absolute paths, drive letters, control characters) are never read: they are listed in
 * `unsafe` and the caller refuses the archive. Nothing is ever written to disk from here.
 */
export class ZipArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    /** Readable files by path. */
    readonly files: Map<string, ZipFileEntry>,
    /** Paths refused as unsafe. */
    readonly unsafe: string[],
    /** Problems with the archive as a whole (too many files, too large in all), in Vietnamese. */
    readonly problems: string[],
  ) {}

  /** Lists the archive; a buffer that is not a readable zip answers 400 on the field. */
  static async open(buffer: Buffer, field: string, limits: ZipLimits): Promise<ZipArchive> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.fromBufferPromise(buffer, {
        lazyEntries: true,
        autoClose: false,
        decodeStrings: false,
        validateEntrySizes: true,
      });
    } catch {
      throw errors.validation(field, 'không phải tệp nén .zip đọc được.');
    }
    // Folders and archiver noise are not counted as files, but their number is bounded too.
    const maxRecords = limits.maxEntries * 4 + 100;
    if (zip.entryCount > maxRecords) {
      zip.close();
      throw errors.validation(
        field,
        `tệp nén có ${zip.entryCount} mục, vượt quá giới hạn ${maxRecords} mục (tối đa ${limits.maxEntries} tệp).`,
      );
    }
    const entries = new Map<string, yauzl.Entry>();
    const files = new Map<string, ZipFileEntry>();
    const unsafe: string[] = [];
    const problems: string[] = [];
    let total = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entryName(entry);
        // eslint-disable-next-line no-control-regex
        if (yauzl.validateFileName(name) !== null || /[\u0000-\u001f]/u.test(name)) {
          unsafe.push(name);
          continue;
        }
        if (name.endsWith('/') || NOISE.test(name)) continue;
        total += entry.uncompressedSize;
        const problem = entry.isEncrypted()
          ? 'được đặt mật khẩu, không đọc được.'
          : entry.uncompressedSize > limits.maxEntryBytes
            ? `nặng ${megabytes(entry.uncompressedSize)}, vượt quá ${megabytes(limits.maxEntryBytes)} cho mỗi tệp.`
            : files.has(name)
              ? 'xuất hiện hai lần trong tệp nén.'
              : null;
        files.set(name, { name, size: entry.uncompressedSize, problem });
        entries.set(name, entry);
      }
    } catch {
      zip.close();
      throw errors.validation(field, 'tệp nén bị hỏng, không đọc được danh sách tệp.');
    }
    if (files.size > limits.maxEntries) {
      problems.push(`Tệp nén có ${files.size} tệp, vượt quá giới hạn ${limits.maxEntries} tệp.`);
    }
    if (total > limits.maxTotalBytes) {
      problems.push(
        `Tổng dung lượng sau giải nén ${megabytes(total)}, vượt quá giới hạn ${megabytes(limits.maxTotalBytes)}.`,
      );
    }
    return new ZipArchive(zip, entries, files, unsafe, problems);
  }

  /**
   * The entry a spreadsheet row names: the exact path, else the same path in another case, else
   * a bare file name that only one folder of the archive holds.
   */
  find(wanted: string): { entry: ZipFileEntry } | { problem: string } {
    const name = wanted.replaceAll('\\', '/').replace(/^\.\//u, '').normalize('NFC').trim();
    const exact = this.files.get(name);
    if (exact) return { entry: exact };
    const lower = name.toLowerCase();
    const all = [...this.files.values()];
    const sameCase = all.filter((f) => f.name.toLowerCase() === lower);
    if (sameCase.length === 1) return { entry: sameCase[0]! };
    if (!name.includes('/')) {
      const byBase = all.filter((f) => path.basename(f.name).toLowerCase() === lower);
      if (byBase.length === 1) return { entry: byBase[0]! };
      if (byBase.length > 1) {
        return {
          problem: `có ${byBase.length} tệp tên «${name}» ở các thư mục khác nhau trong tệp nén; hãy ghi cả đường dẫn.`,
        };
      }
    }
    return { problem: `không có tệp «${name}» trong tệp nén.` };
  }

  /** The bytes of a listed entry, never more than its declared size (yauzl checks it). */
  async read(name: string): Promise<Buffer> {
    const entry = this.entries.get(name);
    if (!entry) throw errors.notFound(`tệp «${name}» trong tệp nén`);
    const stream = await this.zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  close(): void {
    this.zip.close();
  }
}
