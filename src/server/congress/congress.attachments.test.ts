import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rawMultipart, storedFileCount } from '../../../test/files';
import { createTestContext, type TestContext } from '../../../test/harness';
import type { TestTree, TestUser } from '../../../test/factories';

type Card = {
  version: number;
  steps: { key: string; attachments: { key: string; name: string; size: number }[] }[];
};
type ErrorBody = { error: { code: string; field?: string; message: string } };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

let t: TestContext;
let tree: TestTree;
let cadre: TestUser;
let base: string;

beforeAll(async () => {
  t = await createTestContext();
  tree = await t.factory.tree('Đính Kèm');
  cadre = await t.factory.user('cadre', tree.communeA.code);
  base = `/api/v1/congress/units/${tree.communeA.code}`;
  const held = await cadre.client.post(`${base}/steps/congress_held`, {
    version: 0,
    date: '2025-10-20',
  });
  expect(held.status).toBe(200);
});
afterAll(() => t.close());

/** Sends one file by a raw multipart body, its name in filename* so any character gets through. */
function attach(step: string, name: string, bytes: Buffer, type = 'application/octet-stream') {
  return cadre.client.request<Card & ErrorBody>(
    'POST',
    `${base}/steps/${step}/attachments`,
    rawMultipart([{ name: 'file', fileName: name, type, bytes }]),
  );
}

const storedFiles = () => storedFileCount(t, 'congress');

async function attachmentsOf(step: string) {
  const card = await cadre.client.get<Card>(base);
  return card.body.steps.find((s) => s.key === step)?.attachments ?? [];
}

/** Runs a refused upload and checks that it left neither a stored file nor an attachment. */
async function refused(run: () => Promise<{ status: number; body: ErrorBody }>, status = 400) {
  const files = await storedFiles();
  const attached = (await attachmentsOf('congress_held')).length;
  const response = await run();
  expect(response.status).toBe(status);
  expect(await storedFiles()).toBe(files);
  expect(await attachmentsOf('congress_held')).toHaveLength(attached);
  return response.body.error;
}

describe('POST /api/v1/congress/units/:code/steps/:step/attachments', () => {
  it.each([
    ['U+0007', 'bien\u0007ban.pdf'],
    ['U+FFFF', 'bien-ban\uffff.pdf'],
    ['U+0009', 'bien\tban.pdf'],
    ['U+0000', 'bien\u0000ban.pdf'],
  ])('refuses a file name holding %s before storing anything', async (character, name) => {
    const error = await refused(() => attach('congress_held', name, PDF));
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'file' });
    expect(error.message).toContain(`(${character})`);
  });

  it('keeps a Vietnamese name with spaces and quotes', async () => {
    const name = `Biên bản "đại hội" (Đảng bộ xã) l'an 1.pdf`;
    const res = await attach('congress_held', name, PDF, 'application/pdf');
    expect(res.status).toBe(200);
    const step = res.body.steps.find((s) => s.key === 'congress_held');
    expect(step?.attachments.at(-1)?.name).toBe(name.normalize('NFC'));
  });

  it('refuses a step not yet recorded without storing the file', async () => {
    const error = await refused(() => attach('results_verified', 'ket-qua.pdf', PDF));
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'step' });
    expect(error.message).toContain('chưa được ghi nhận');
  });

  it('refuses a file whose content is not what its name says', async () => {
    const error = await refused(() =>
      attach('congress_held', 'bao-cao.pdf', HTML, 'application/pdf'),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', field: 'file' });
    expect(error.message).toContain('PDF');
  });

  it('removes the stored file when the database write fails after storing it', async () => {
    const db = t.ctx.db;
    const transaction = db.transaction.bind(db);
    const failing = vi.spyOn(db, 'transaction').mockImplementationOnce((work) =>
      transaction(async (tx) => {
        await work(tx);
        throw new Error('database went away');
      }),
    );
    await refused(() => attach('congress_held', 'that-bai.pdf', PDF), 500);
    expect(failing).toHaveBeenCalled();
    failing.mockRestore();
    const files = await storedFiles();
    expect((await attach('congress_held', 'luu-lai.pdf', PDF)).status).toBe(200);
    expect(await storedFiles()).toBe(files + 1);
  });
});

describe('GET /api/v1/congress/units/:code/steps/:step/attachments/:key', () => {
  async function download(name: string, bytes: Buffer, claimed: string) {
    const res = await attach('congress_held', name, bytes, claimed);
    expect(res.status).toBe(200);
    const file = res.body.steps.find((s) => s.key === 'congress_held')!.attachments.at(-1)!;
    const key = file.key.split('/').pop()!;
    return cadre.client.get(`${base}/steps/congress_held/attachments/${key}`);
  }

  it('serves a checked PDF as PDF, without sniffing', async () => {
    const file = await download('bien-ban.pdf', PDF, 'text/html');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves any other file as opaque bytes, whatever type the uploader claimed', async () => {
    const file = await download('trang.html', HTML, 'text/html');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; /u);
  });
});

describe('congress file exports', () => {
  it('are sent without sniffing', async () => {
    const leader = await t.factory.user('leader', tree.province.code);
    const report = await leader.client.get(
      `/api/v1/congress/report.docx?unit=${tree.province.code}`,
    );
    expect(report.status).toBe(200);
    expect(report.headers.get('x-content-type-options')).toBe('nosniff');
    const template = await leader.client.get('/api/v1/congress/import/template.xlsx');
    expect(template.status).toBe(200);
    expect(template.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
