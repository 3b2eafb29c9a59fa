import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRAL_CODE } from '@server/platform/units/units.service';
import { expectAccessible, loginThroughPage, startJourney, type Journey } from './browser';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(() => j.close());

describe('library management journeys', () => {
  it('an administrator adds an abbreviation and a search for it finds the expansion', async () => {
    const admin = await j.factory.user('admin', 'TW', { login: false });
    const { page } = await j.newPage();
    await loginThroughPage(page, admin.username, admin.password);
    await page.goto('/library/viet-tat');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Từ điển viết tắt' }).isVisible())
      .toBe(true);
    await page.getByLabel('Từ viết tắt').fill('TCD');
    await page.getByLabel('Dạng đầy đủ').fill('tiếp công dân');
    await page.getByRole('button', { name: 'Thêm' }).click();
    const row = page.getByRole('row', { name: /TCD.*tiếp công dân/u });
    await expect.poll(() => row.isVisible(), { timeout: 15_000 }).toBe(true);
    await expectAccessible(page);

    await page.goto('/library/tim-kiem?q=lu%E1%BA%ADt%20TCD');
    const first = page.getByTestId('search-result').first();
    await expect.poll(() => first.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await first.textContent()).toContain('Luật Tiếp công dân');
  });

  it('a librarian fills a collection and uploads a new version of a document', async () => {
    const tree = await j.factory.tree('Quản Lý');
    const cadre = await j.factory.user('cadre', tree.province.code, { login: false });
    const { page } = await j.newPage();
    await loginThroughPage(page, cadre.username, cadre.password);

    await page.goto('/library/bo-suu-tap');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Quản lý bộ sưu tập' }).isVisible())
      .toBe(true);
    await page.getByLabel(/Bộ sưu tập mới của/u).fill('Tủ sách tiếp dân');
    await page.getByRole('button', { name: 'Tạo bộ sưu tập' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Tủ sách tiếp dân' }).isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    await page.getByLabel('Tìm tài liệu để thêm').fill('khiếu nại');
    await page.getByRole('button', { name: 'Tìm tài liệu' }).click();
    const add = page.getByRole('button', { name: 'Thêm «Luật Khiếu nại» vào bộ sưu tập' });
    await expect.poll(() => add.isVisible(), { timeout: 15_000 }).toBe(true);
    await add.click();
    const items = page.getByRole('table', { name: 'Tài liệu trong bộ sưu tập' });
    await expect.poll(() => items.textContent(), { timeout: 15_000 }).toContain('Luật Khiếu nại');
    await page.getByLabel('Tên bộ sưu tập').fill('Tủ sách tiếp công dân');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await expect
      .poll(() => page.getByRole('button', { name: /Tủ sách tiếp công dân/u }).isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    await expectAccessible(page);

    // A document of the librarian's unit, then its second version through the document page.
    const form = new FormData();
    form.set(
      'metadata',
      JSON.stringify({ title: 'Lịch tiếp dân', docType: 'Kế hoạch', unitCode: tree.province.code }),
    );
    form.set('file', new Blob([Buffer.from('Điều 1. Tiếp dân thứ hai hằng tuần.')]), 'lich-v1.txt');
    const api = await j.factory.user('cadre', tree.province.code);
    const created = await api.client.request<{ id: number }>('POST', '/api/v1/library/documents', {
      body: form,
    });
    await page.goto(`/library/documents/${created.body.id}`);
    await page.getByRole('button', { name: 'Tải lên phiên bản mới' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tải lên phiên bản mới' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'lich-v2.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Điều 1. Tiếp dân thứ hai và thứ năm hằng tuần.'),
    });
    await dialog.getByLabel('Ghi chú').fill('Thêm ngày thứ năm');
    await dialog.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
    await expect
      .poll(() => page.getByText('thứ hai và thứ năm hằng tuần').isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect(await page.getByRole('link', { name: 'Tải lich-v1.txt' }).getAttribute('href')).toBe(
      `/api/v1/library/documents/${created.body.id}/versions/1/file`,
    );
    await expect.poll(() => page.getByText('Hiện hành').isVisible()).toBe(true);
    await expectAccessible(page);
  });

  it('a national librarian uploads a document that amends a law; both pages show the link', async () => {
    // Only the Central Committee's library may amend a national law (a province's may not).
    const cadre = await j.factory.user('cadre', CENTRAL_CODE, { login: false });
    const { page } = await j.newPage();
    await loginThroughPage(page, cadre.username, cadre.password);
    await page.goto('/library/tai-len');
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles({
        name: 'huong-dan.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Điều 1. Hướng dẫn thi hành việc khiếu nại ở xã.'),
      });
    await page.getByLabel('Tiêu đề').fill('Hướng dẫn sửa đổi thủ tục khiếu nại');
    // No status chosen: a text taking effect next year is "not yet in force".
    const nextYear = new Date().getUTCFullYear() + 1;
    await page.getByLabel('Ngày hiệu lực').fill(`${nextYear}-01-01`);
    const picker = page.getByRole('combobox', { name: 'Sửa đổi, bổ sung văn bản' });
    await picker.fill('02/2011/QH13');
    const option = page.getByRole('option', { name: /Luật Khiếu nại/u });
    await expect.poll(() => option.isVisible(), { timeout: 15_000 }).toBe(true);
    await option.click();
    await page.getByRole('button', { name: 'Tải lên và lập chỉ mục' }).click();
    await page.waitForURL(/\/library\/documents\/\d+$/u);
    const related = page.getByText(/Được văn bản này sửa đổi/u);
    await expect.poll(() => related.isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByText('Chưa có hiệu lực').first().isVisible()).toBe(true);
    await expectAccessible(page);
    await page.getByRole('link', { name: /Luật Khiếu nại/u }).click();
    const back = page.getByText(/Sửa đổi, bổ sung văn bản này/u);
    await expect.poll(() => back.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await back.textContent()).toContain('Hướng dẫn sửa đổi thủ tục khiếu nại');
  });
});
