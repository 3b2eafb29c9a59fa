import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startJourney, type Journey } from './browser';

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
  });
});
