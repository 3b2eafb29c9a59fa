import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rows } from '@server/platform/db/client';
import { createTestContext, type TestContext } from '../../../test/harness';

type Upload = { token: string; fileName: string; contentType: string };
type ErrorBody = { error: { code: string; field?: string; message: string } };

let t: TestContext;
let png: Buffer;

beforeAll(async () => {
  t = await createTestContext();
  png = await sharp({
    create: { width: 4, height: 4, channels: 3, background: { r: 200, g: 30, b: 30 } },
  })
    .png()
    .toBuffer();
});
afterAll(() => t.close());

/** Sends one file by a raw multipart body, its name in filename* so any character gets through. */
function upload(name: string, bytes: Buffer) {
  const boundary = 'ranh-gioi-phan-anh';
  const encoded = encodeURIComponent(name).replaceAll("'", '%27');
  const head = [
    `--${boundary}`,
    `Content-Disposition: form-data; name="file"; filename*=UTF-8''${encoded}`,
    'Content-Type: image/png',
    '',
    '',
  ].join('\r\n');
  const body = Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return t.anonymous.request<Upload & ErrorBody>('POST', '/api/v1/feedback/uploads', {
    body: new Uint8Array(body),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** Files the disk storage holds under feedback/, at any depth. */
async function storedFileCount(): Promise<number> {
  const root = path.join(t.ctx.config.dataDir, 'files', 'feedback');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}

async function uploadCount(): Promise<number> {
  const [row] = await rows<{ n: number }>(
    t.ctx.db,
    sql`SELECT count(*)::int AS n FROM feedback_attachments`,
  );
  return row!.n;
}

/** Runs a refused upload and checks that it left neither a row nor a stored file. */
async function refused(run: () => Promise<{ status: number; body: ErrorBody }>, status = 400) {
  const [uploads, files] = [await uploadCount(), await storedFileCount()];
  const response = await run();
  expect(response.status).toBe(status);
  expect(await uploadCount()).toBe(uploads);
  expect(await storedFileCount()).toBe(files);
  return response.body.error;
}

describe('POST /api/v1/feedback/uploads', () => {
  it.each([
    ['U+0007', 'anh\u0007hien-truong.png'],
    ['U+0009', 'anh\thien-truong.png'],
    ['U+0000', 'anh\u0000hien-truong.png'],
    ['U+007F', 'anh-hien-truong\u007f.png'],
    ['U+FFFE', 'anh-hien-truong\ufffe.png'],
  ])('refuses a file name holding %s, naming «file»', async (character, name) => {
    const error = await refused(() => upload(name, png));
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'file' });
    expect(error.message).toContain(`(${character})`);
  });

  it('keeps a Vietnamese name with spaces and quotes', async () => {
    const name = `Ảnh "hiện trường" ngõ 3 l'ô 1.png`;
    const res = await upload(name, png);
    expect(res.status).toBe(201);
    expect(res.body.fileName).toBe(name.normalize('NFC'));
  });

  it('gives back the quotes a browser escapes as %22 in the file name', async () => {
    // What Chromium sends for «Ảnh "mới".png»: the name in UTF-8, quotes written as %22.
    const boundary = 'ranh-gioi-trinh-duyet';
    const head = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="Ảnh %22mới%22.png"',
      'Content-Type: image/png',
      '',
      '',
    ].join('\r\n');
    const body = Buffer.concat([
      Buffer.from(head, 'utf8'),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await t.anonymous.request<Upload>('POST', '/api/v1/feedback/uploads', {
      body: new Uint8Array(body),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.status).toBe(201);
    expect(res.body.fileName).toBe('Ảnh "mới".png');
  });

  it('removes the stored file when saving its row fails', async () => {
    const failing = vi.spyOn(t.ctx.db, 'insert').mockImplementationOnce(() => {
      throw new Error('database went away');
    });
    await refused(() => upload('that-bai.png', png), 500);
    expect(failing).toHaveBeenCalled();
    failing.mockRestore();
    const files = await storedFileCount();
    expect((await upload('luu-lai.png', png)).status).toBe(201);
    expect(await storedFileCount()).toBe(files + 1);
  });
});

describe('GET /api/v1/feedback/export.xlsx', () => {
  it('is sent without sniffing', async () => {
    const tree = await t.factory.tree('Xuất Tệp');
    const cadre = await t.factory.user('cadre', tree.province.code);
    const file = await cadre.client.get('/api/v1/feedback/export.xlsx');
    expect(file.status).toBe(200);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
