import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, loginThroughPage, startJourney, type Journey } from './browser';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(() => j.close());

describe('library journey', () => {
  it('a citizen searches without marks, opens the result at the right article and downloads it', async () => {
    const { page } = await j.newPage();
    await page.goto('/library');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Thư viện số cộng đồng' }).isVisible())
      .toBe(true);
    await expectAccessible(page);

    await page.getByLabel('Tìm trong thư viện').fill('thoi hieu khieu nai');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.waitForURL(/\/library\/tim-kiem\?q=thoi/);
    const first = page.getByTestId('search-result').first();
    await expect.poll(() => first.isVisible(), { timeout: 15_000 }).toBe(true);
    // The snippet marks the original accented words.
    expect(await first.locator('mark').first().textContent()).toMatch(/[Tt]hời|hiệu|khiếu|nại/);
    await expectAccessible(page);

    const link = first.getByRole('link', { name: 'Luật Khiếu nại' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/library\/documents\/\d+#dieu-\d+$/);
    await link.click();
    const anchor = href.split('#')[1]!;
    const article = page.locator(`section#${anchor}`);
    await expect.poll(() => article.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await article.getByRole('heading').textContent()).toMatch(/Thời hiệu khiếu nại/);
    await expect
      .poll(() => article.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight))
      .toBe(true);
    await expectAccessible(page);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Tải về/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('luat-khieu-nai-2011_02-2011-QH13.txt');
    const saved = await download.path();
    expect(await readFile(saved, 'utf8')).toContain('Điều 9. Thời hiệu khiếu nại');

    // The permalink of an article opens the same document at that article.
    const id = href.match(/documents\/(\d+)/)![1];
    await page.goto(`/library/documents/${id}/dieu/2`);
    await expect
      .poll(() => page.locator('section#dieu-2').isVisible(), { timeout: 15_000 })
      .toBe(true);

    // A point of a clause has its own permalink: the page scrolls to it, marks it, names it.
    await page.goto(`/library/documents/${id}/dieu/8/khoan/4/diem/b`);
    const point = page.locator('#dieu-8-khoan-4-diem-b');
    await expect.poll(() => point.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await point.textContent()).toMatch(/^b\) Trường hợp nhiều người khiếu nại bằng đơn/u);
    await expect.poll(() => point.getAttribute('data-highlighted')).toBe('true');
    await expect
      .poll(() => point.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight))
      .toBe(true);
    expect(await page.getByTestId('citation-bar').textContent()).toContain(
      'Điểm b khoản 4 Điều 8 Luật Khiếu nại số 02/2011/QH13',
    );
    await expectAccessible(page);

    // A permalink to an article the document lacks says so, and still shows the document.
    await page.goto(`/library/documents/${id}/dieu/999`);
    const missing = page.getByTestId('missing-target');
    await expect.poll(() => missing.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await missing.textContent()).toContain('Tài liệu này không có Điều 999.');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Luật Khiếu nại');
    await expect.poll(() => page.locator('section#dieu-2').isVisible()).toBe(true);
    await expectAccessible(page);
  });

  it('names a refused search parameter by its label, and a missing document plainly', async () => {
    const { page } = await j.newPage();
    await page.goto(`/library/tim-kiem?q=${'a'.repeat(501)}`);
    const tooLong = page.getByText(/^Từ khoá: /u);
    await expect.poll(() => tooLong.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByText('Trường «').count()).toBe(0);
    // Once the request has failed, nothing says it is still searching.
    await expect.poll(() => page.getByText('Đang tìm…').count()).toBe(0);
    await expectAccessible(page);

    await page.goto('/library/tim-kiem?q=luat&year=abc');
    await expect
      .poll(() => page.getByText(/^Năm ban hành: /u).isVisible(), { timeout: 15_000 })
      .toBe(true);

    await page.goto('/library/documents/abc');
    await expect
      .poll(() => page.getByText('Không tìm thấy tài liệu').isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect(await page.getByText('Trường «').count()).toBe(0);
    await expectAccessible(page);
  });

  it('a cadre imports documents in bulk: dry run shows problems by row, then apply', async () => {
    const tree = await j.factory.tree('Nhập Hàng Loạt');
    const cadre = await j.factory.user('cadre', tree.province.code, { login: false });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh mục');
    sheet.addRow(['Tên tệp', 'Tiêu đề', 'Loại văn bản', 'Quyền truy cập']);
    sheet.addRow(['mot.txt', 'Thông báo lịch tiếp dân', 'Công văn', 'Công khai']);
    sheet.addRow(['hai.txt', 'Bài vè cổ động', 'Vè', 'Công khai']);
    const zip = new JSZip();
    zip.file('mot.txt', 'Điều 1. Lịch tiếp dân ở nhà văn hóa thôn Đông Lỗ vào sáng thứ bảy.');
    zip.file('hai.txt', 'Bài vè.');

    const { page } = await j.newPage();
    await loginThroughPage(page, cadre.username, cadre.password);
    await page.goto('/library/nhap-hang-loat');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Nhập tài liệu hàng loạt' }).isVisible())
      .toBe(true);
    const inputs = page.locator('input[type=file]');
    await inputs.nth(0).setInputFiles({
      name: 'danh-muc.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
    });
    await inputs.nth(1).setInputFiles({
      name: 'tep.zip',
      mimeType: 'application/zip',
      buffer: await zip.generateAsync({ type: 'nodebuffer' }),
    });
    await page.getByRole('button', { name: 'Chạy thử (chưa ghi)' }).click();
    const problems = page.getByRole('table', { name: 'Các vấn đề theo dòng' });
    await expect.poll(() => problems.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await problems.textContent()).toMatch(/Loại văn bản.*«Vè» không có trong danh mục/);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Nhập các dòng không lỗi' }).click();
    const done = page.getByRole('status', { name: 'Đã nhập xong' });
    await expect.poll(() => done.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await done.textContent()).toMatch(/Đã thêm: 1.*Bỏ qua vì có lỗi: 1/);
    await expectAccessible(page);
  });
  it('offers the staff screens only to librarians; the statistics chart reads dd/mm/yyyy with a legend', async () => {
    const staffLinks = [
      'Tải lên (cán bộ)',
      'Nhập hàng loạt (cán bộ)',
      'Thống kê (cán bộ)',
      'Bộ sưu tập (cán bộ)',
      'Từ viết tắt',
    ];
    const { page } = await j.newPage();
    await page.goto('/library');
    const menu = page.getByRole('navigation', { name: 'Trình đơn ứng dụng' });
    await expect.poll(() => menu.getByRole('link', { name: 'Tra cứu' }).isVisible()).toBe(true);
    for (const name of staffLinks) {
      expect(await menu.getByRole('link', { name, exact: true }).count()).toBe(0);
    }

    // Something to chart today: a search.
    expect((await fetch(`${j.baseUrl}/api/v1/library/search?q=khieu%20nai`)).status).toBe(200);
    await j.ctx.events.settle();

    const tree = await j.factory.tree('Thống Kê Thư Viện');
    const cadre = await j.factory.user('cadre', tree.province.code, { login: false });
    const { page: staff } = await j.newPage();
    await loginThroughPage(staff, cadre.username, cadre.password);
    await staff.goto('/library');
    const staffMenu = staff.getByRole('navigation', { name: 'Trình đơn ứng dụng' });
    for (const name of staffLinks) {
      await expect
        .poll(() => staffMenu.getByRole('link', { name, exact: true }).isVisible())
        .toBe(true);
    }

    await staffMenu.getByRole('link', { name: 'Thống kê (cán bộ)' }).click();
    const chart = staff.getByLabel('Biểu đồ lượt xem, lượt tải và lượt tìm theo ngày');
    await expect.poll(() => chart.isVisible(), { timeout: 15_000 }).toBe(true);
    await expect
      .poll(() => chart.locator('.recharts-cartesian-axis-tick-value').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const ticks = await chart.locator('.recharts-cartesian-axis-tick-value').allTextContents();
    expect(ticks.some((t) => /^\d{2}\/\d{2}\/\d{4}$/u.test(t))).toBe(true);
    expect(ticks.some((t) => /^\d{4}-\d{2}-\d{2}$/u.test(t))).toBe(false);
    const legend = await chart.textContent();
    for (const label of ['Lượt xem', 'Lượt tải', 'Lượt tìm']) expect(legend).toContain(label);
    // Checked at rest: the pointer left on the link just clicked would measure its hover colours.
    await staff.mouse.move(0, 0);
    await expectAccessible(staff);
  });
});
