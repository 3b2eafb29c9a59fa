import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRAL_CODE } from '@server/platform/units/units.service';
import { expectAccessible, loginThroughPage, startJourney, type Journey } from './browser';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(() => j.close());

describe('feedback journey', () => {
  it('a citizen submits, a cadre accepts, answers and publishes, the citizen looks up and rates', async () => {
    // The citizen, without an account.
    const citizen = await j.newPage();
    const page = citizen.page;
    await page.goto('/feedback/gui');
    await expectAccessible(page);
    await page.getByLabel('Lĩnh vực').first().click();
    await page.getByRole('option', { name: 'Giao thông, hạ tầng' }).click();
    await page.getByLabel('Tiêu đề').fill('Đường Trần Phú ngập sâu sau mưa');
    await page
      .getByLabel('Nội dung')
      .fill('Mỗi khi mưa lớn, đoạn trước số 120 ngập nửa mét, xe máy chết máy.');
    await page.getByLabel('Tỉnh/thành phố').first().fill('Đà Nẵng');
    await page.getByRole('option', { name: 'Thành phố Đà Nẵng' }).click();
    await page.getByLabel('Xã/phường').first().fill('Hải Châu');
    await page.getByRole('option', { name: 'Phường Hải Châu' }).click();
    await page.getByLabel('Họ và tên').fill('Võ Thị Mai');
    await page.getByLabel(/Tôi đồng ý/).check();
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();
    const codeText = page.getByTestId('tracking-code');
    await expect.poll(() => codeText.isVisible(), { timeout: 15_000 }).toBe(true);
    const code = (await codeText.textContent())?.trim() ?? '';
    expect(code).toMatch(/^PA-/);

    // The cadre of Phường Hải Châu.
    const cadre = await j.factory.user('cadre', '20242', {
      login: false,
      fullName: 'Phạm Thị Dung',
    });
    const staff = await j.newPage();
    const desk = staff.page;
    await loginThroughPage(desk, cadre.username, cadre.password);
    await desk.goto(`/feedback?q=${encodeURIComponent(code)}`);
    await desk.getByRole('link', { name: code }).click();
    await expect
      .poll(() => desk.getByText('Võ Thị Mai').isVisible(), { timeout: 15_000 })
      .toBe(true);
    const dialog = desk.getByRole('dialog');
    const step = async (action: string, fill?: () => Promise<void>) => {
      await desk.getByRole('button', { name: action, exact: true }).click();
      await fill?.();
      await dialog.getByRole('button', { name: action, exact: true }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
    };
    await step('Phân loại');
    await step('Thụ lý');
    await expect.poll(() => desk.getByTestId('case-status').textContent()).toBe('Đã thụ lý');
    await step('Bắt đầu xử lý');
    await step('Dự thảo trả lời', () =>
      dialog
        .getByLabel('Nội dung trả lời')
        .fill('Công ty thoát nước đã nạo vét cống đoạn trước số 120.'),
    );
    await step('Công bố trả lời');
    await expect.poll(() => desk.getByTestId('case-status').textContent()).toBe('Đã trả lời');

    // The citizen looks up the answer and rates it.
    await page.goto(`/feedback/tra-cuu?ma=${encodeURIComponent(code)}`);
    await expect
      .poll(() => page.getByTestId('answer').textContent(), { timeout: 15_000 })
      .toContain('nạo vét cống');
    expect(await page.content()).not.toContain('Võ Thị Mai');
    await expectAccessible(page);
    await page.getByRole('radio', { name: '5 sao' }).check();
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('Đã đánh giá');
    await citizen.context.close();
    await staff.context.close();
  });

  it('a cadre enters a case with channel, date of receipt and map point; statistics go to Excel', async () => {
    const cadre = await j.factory.user('cadre', '20242', { login: false, fullName: 'Lê Văn Hùng' });
    const { context, page } = await j.newPage();
    await context.grantPermissions(['geolocation'], { origin: j.baseUrl });
    await context.setGeolocation({ latitude: 16.0544, longitude: 108.2022 });
    await loginThroughPage(page, cadre.username, cadre.password);
    await page.goto('/feedback/nhap');
    const received = page.getByLabel('Ngày tiếp nhận');
    await expect.poll(() => received.inputValue()).toBe(localDate(0));
    await expectAccessible(page);
    await fillCase(page, 'Cột điện nghiêng trên đường Bạch Đằng');
    await page.getByLabel('Kênh tiếp nhận').first().click();
    await page.getByRole('option', { name: 'Điện thoại' }).click();
    await page.getByLabel('Thư điện tử (để nhận thông báo)').fill('hung.le@example.vn');
    await page.getByLabel(/Tôi đồng ý/).check();
    const send = page.getByRole('button', { name: 'Gửi', exact: true });

    await received.fill(localDate(2));
    await send.click();
    await expect
      .poll(() => page.getByText('Ngày tiếp nhận: không được sau ngày hôm nay.').count())
      .toBeGreaterThan(0);
    await received.fill('15/01/2026');
    await page.getByLabel('Vĩ độ').fill('48,85');
    await page.getByLabel('Kinh độ').fill('2,35');
    await send.click();
    await expect
      .poll(() => page.getByText(/Vĩ độ phải nằm trong lãnh thổ Việt Nam/).count())
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Dùng vị trí hiện tại' }).click();
    await expect.poll(() => page.getByLabel('Vĩ độ').inputValue()).toBe('16.054400');
    expect(await page.getByLabel('Kinh độ').inputValue()).toBe('108.202200');
    await send.click();
    const codeText = page.getByTestId('tracking-code');
    await expect.poll(() => codeText.isVisible(), { timeout: 15_000 }).toBe(true);
    const code = (await codeText.textContent())?.trim() ?? '';

    await page.goto(`/feedback?q=${encodeURIComponent(code)}`);
    await page.getByRole('link', { name: code }).click();
    const point = page.getByTestId('map-point');
    await expect
      .poll(() => point.textContent(), { timeout: 15_000 })
      .toContain('16,0544; 108,2022');
    const meta = await page.getByText(/· tiếp nhận/).textContent();
    expect(meta).toContain('Điện thoại');
    expect(meta).toContain('00:00 15/01/2026');

    await page.goto('/feedback/thong-ke');
    await expect
      .poll(() => page.getByText('Số ngày trả lời trung bình').isVisible(), { timeout: 15_000 })
      .toBe(true);
    await expectAccessible(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Xuất Excel thống kê' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('thong-ke-phan-anh-20242.xlsx');
    const book = new ExcelJS.Workbook();
    const bytes = await readFile(await download.path());
    await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    const summary = rowsOf(book, 'Tổng hợp');
    const stats = await page.request.get('/api/v1/feedback/stats?unitCode=20242');
    const figures = (await stats.json()) as {
      total: number;
      byChannel: { key: string; count: number }[];
    };
    expect(summary.get('Đơn vị (gồm các đơn vị trực thuộc)')).toBe('Phường Hải Châu');
    expect(summary.get('Tiếp nhận')).toBe(figures.total);
    expect(rowsOf(book, 'Theo kênh').get('Điện thoại')).toBe(
      figures.byChannel.find((c) => c.key === 'phone')?.count,
    );
    expect(JSON.stringify([...summary])).not.toContain('hung.le@example.vn');
    await context.close();
  });

  it('an administrator sets deadlines and reads the outbox', async () => {
    const admin = await j.factory.user('admin', CENTRAL_CODE, { login: false });
    // A citizen who leaves an e-mail address gets a receipt; without SMTP it stays in the outbox.
    const sent = await j.anonymous.post('/api/v1/feedback', {
      type: 'kien_nghi',
      field: 'moi_truong',
      title: 'Đề nghị thêm thùng rác ở công viên',
      content: 'Công viên bờ sông thiếu thùng rác, rác vứt bừa bãi sau mỗi dịp cuối tuần.',
      provinceCode: '48',
      communeCode: '20242',
      consent: true,
      petitioner: { email: 'thung.rac@example.vn' },
    });
    expect(sent.status).toBe(201);
    await j.ctx.events.settle();
    const { context, page } = await j.newPage();
    await loginThroughPage(page, admin.username, admin.password);
    await page.goto('/feedback/ngay-nghi');
    await page.getByRole('link', { name: 'Thời hạn', exact: true }).click();
    const accept = page.getByLabel('Phản ánh: Thụ lý');
    await expect.poll(() => accept.inputValue(), { timeout: 15_000 }).toBe('5');
    // The pointer still rests on the menu link it clicked; check the page as it is read.
    await page.mouse.move(0, 0);
    await expectAccessible(page);
    await accept.fill('4');
    await page.getByLabel(/được mở lại hồ sơ/).fill('20');
    await page.getByRole('button', { name: 'Lưu thời hạn' }).click();
    await expect.poll(() => page.getByText('Đã lưu thời hạn xử lý.').isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByLabel('Phản ánh: Thụ lý').inputValue()).toBe('4');
    expect(await page.getByLabel(/được mở lại hồ sơ/).inputValue()).toBe('20');

    await page.getByRole('button', { name: 'Tài khoản' }).click();
    await page.getByRole('menuitem', { name: 'Hộp thư đi' }).click();
    await expect
      .poll(() => page.getByText(/Đã tiếp nhận hồ sơ/).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    // The account menu closes with a transition; check the page once it is gone.
    await expect.poll(() => page.getByRole('menu').count()).toBe(0);
    await expectAccessible(page);
    await context.close();
  });
});

/** Fills what every case needs, in Phường Hải Châu. */
async function fillCase(page: Page, title: string): Promise<void> {
  await page.getByLabel('Lĩnh vực').first().click();
  await page.getByRole('option', { name: 'Giao thông, hạ tầng' }).click();
  await page.getByLabel('Tiêu đề').fill(title);
  await page
    .getByLabel('Nội dung')
    .fill('Cột điện nghiêng sau bão, dây điện võng thấp sát đầu người.');
  await page.getByLabel('Tỉnh/thành phố').first().fill('Đà Nẵng');
  await page.getByRole('option', { name: 'Thành phố Đà Nẵng' }).click();
  await page.getByLabel('Xã/phường').first().fill('Hải Châu');
  await page.getByRole('option', { name: 'Phường Hải Châu' }).click();
}

/** dd/mm/yyyy in Vietnam, some days from today. */
function localDate(daysAhead: number): string {
  const day = new Date(Date.now() + daysAhead * 86_400_000);
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(day);
}

/** A sheet's first column → second column. */
function rowsOf(book: ExcelJS.Workbook, name: string): Map<string, unknown> {
  const found = new Map<string, unknown>();
  book.getWorksheet(name)?.eachRow((row, n) => {
    if (n > 1) found.set(row.getCell(1).text, row.getCell(2).value);
  });
  return found;
}
