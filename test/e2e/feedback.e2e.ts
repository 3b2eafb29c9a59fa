import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
