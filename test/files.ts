import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TestContext } from './harness';

/** Files the disk storage holds under one folder (library, feedback, congress), at any depth. */
export async function storedFileCount(t: TestContext, folder: string): Promise<number> {
  const root = path.join(t.ctx.config.dataDir, 'files', folder);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}

/** One part of a hand-built multipart body: a text field, or a file. */
export type RawPart =
  | { name: string; value: string }
  | {
      name: string;
      /** Sent in filename*, percent-encoded, so any character gets through as it is. */
      fileName?: string;
      /** Sent as is in filename="…", as a browser writes it (quotes as %22). */
      plainFileName?: string;
      type: string;
      bytes: Buffer;
    };

/**
 * A multipart/form-data body built by hand, for names FormData would clean up before sending.
 * Returns what a request needs: the body and its content type.
 */
export function rawMultipart(parts: RawPart[], boundary = 'ranh-gioi-thu-nghiem') {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if ('value' in part) {
      chunks.push(Buffer.from(`${head}\r\n\r\n${part.value}\r\n`, 'utf8'));
      continue;
    }
    if (part.fileName !== undefined) {
      const encoded = encodeURIComponent(part.fileName).replaceAll("'", '%27');
      head += `; filename*=UTF-8''${encoded}`;
    } else {
      head += `; filename="${part.plainFileName ?? ''}"`;
    }
    chunks.push(Buffer.from(`${head}\r\nContent-Type: ${part.type}\r\n\r\n`, 'utf8'));
    chunks.push(part.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: new Uint8Array(Buffer.concat(chunks)),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
