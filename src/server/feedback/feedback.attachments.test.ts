import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rows } from '@server/platform/db/client';
import { rawMultipart, storedFileCount } from '../../../test/files';
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
  return t.anonymous.request<Upload & ErrorBody>(
    'POST',
    '/api/v1/feedback/uploads',
    rawMultipart([{ name: 'file', fileName: name, type: 'image/png', bytes }]),
  );
}

const storedFiles = () => storedFileCount(t, 'feedback');

async function uploadCount(): Promise<number> {
  const [row] = await rows<{ n: number }>(
    t.ctx.db,
    sql`SELECT count(*)::int AS n FROM feedback_attachments`,
  );
  return row!.n;
}

/** Runs a refused upload and checks that it left neither a row nor a stored file. */
async function refused(run: () => Promise<{ status: number; body: ErrorBody }>, status = 400) {
  const [uploads, files] = [await uploadCount(), await storedFiles()];
  const response = await run();
  expect(response.status).toBe(status);
  expect(await uploadCount()).toBe(uploads);
  expect(await storedFiles()).toBe(files);
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
    const res = await t.anonymous.request<Upload>(
      'POST',
      '/api/v1/feedback/uploads',
      rawMultipart([
        { name: 'file', plainFileName: 'Ảnh %22mới%22.png', type: 'image/png', bytes: png },
      ]),
    );
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
    const files = await storedFiles();
    expect((await upload('luu-lai.png', png)).status).toBe(201);
    expect(await storedFiles()).toBe(files + 1);
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
