import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestTree, TestUser } from '../factories';
import { expectAccessible, loginThroughPage, startJourney, type Journey } from './browser';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(() => j.close());

type Card = {
  version: number;
  verified: boolean;
  plannedDate: string | null;
  steps: { key: string; date: string | null }[];
};

/** A figure of the dashboard as a number: "1.234/3.321" → [1234, 3321]. */
async function figure(page: Page, testId: string): Promise<number[]> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  return text.split('/').map((part) => Number(part.replace(/\D/g, '')));
}

async function openDashboard(page: Page): Promise<void> {
  await page.goto('/congress');
  await expect
    .poll(() => page.getByTestId('figure-done').isVisible(), { timeout: 15_000 })
    .toBe(true);
}

/** Opens the step's dialog from its row, types the date as dd/mm/yyyy and confirms. */
async function recordStep(page: Page, step: string, date: string, action = 'Ghi nhận') {
  const row = page.getByTestId(`step-${step}`);
  await row
    .getByRole('button', { name: action === 'Xác nhận' ? 'Xác nhận kết quả' : action })
    .click();
  const dialog = page.getByRole('dialog');
  const input = dialog.getByLabel('Ngày thực hiện');
  await input.fill(date);
  // Leaving the field closes the calendar that typing opened.
  await input.blur();
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
  await expect.poll(() => row.getByText('Xong', { exact: true }).isVisible()).toBe(true);
}

async function cardOf(page: Page, code: string): Promise<Card> {
  const response = await page.request.get(`/api/v1/congress/units/${code}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as Card;
}

describe('congress journey', () => {
  let tree: TestTree;

  it('a commune records its congress and results, the province verifies, the nation sees it', async () => {
    tree = await j.factory.tree('Hành Trình');
    const communeCadre = await j.factory.user('cadre', tree.communeA.code, {
      login: false,
      fullName: 'Nguyễn Thị Hồng',
    });
    const provinceCadre = await j.factory.user('cadre', tree.province.code, {
      login: false,
      fullName: 'Trần Văn Bình',
    });
    const central = await j.factory.user('viewer', 'TW', {
      login: false,
      fullName: 'Lê Minh Tâm',
    });

    // The nation before.
    const nation = await j.newPage();
    await loginThroughPage(nation.page, central.username, central.password);
    await openDashboard(nation.page);
    const [doneBefore, total] = await figure(nation.page, 'figure-done');
    const [verifiedBefore] = await figure(nation.page, 'figure-verified');

    // The commune cadre: from the dashboard to the unit card, steps, results, report.
    const commune = await j.newPage();
    const page = commune.page;
    await loginThroughPage(page, communeCadre.username, communeCadre.password);
    await openDashboard(page);
    await page.getByRole('link', { name: 'Hồ sơ đại hội của đơn vị' }).click();
    await page.waitForURL(`**/congress/don-vi/${tree.communeA.code}`);
    await expect
      .poll(() => page.getByRole('heading', { name: tree.communeA.name }).isVisible(), {
        timeout: 15_000,
      })
      .toBe(true);
    await expectAccessible(page);
    await recordStep(page, 'plan_issued', '01/08/2025');
    await recordStep(page, 'congress_held', '20/10/2025');
    const fill = async (label: string, value: number) =>
      page.getByLabel(label, { exact: true }).fill(String(value));
    await fill('Đại biểu chính thức', 120);
    await fill('Đại biểu có mặt', 115);
    await fill('Ủy viên được hiệp thương cử', 35);
    await fill('Ủy viên nữ', 12);
    await fill('Ủy viên dưới 35 tuổi', 4);
    await fill('Ban Thường trực', 3);
    await page.getByLabel('Đã hiệp thương cử Chủ tịch').check();
    await page.getByRole('button', { name: 'Lưu kết quả' }).click();
    await expect.poll(async () => (await cardOf(page, tree.communeA.code)).steps.length).toBe(8);
    await expect.poll(() => page.getByLabel('Ủy viên nữ', { exact: true }).inputValue()).toBe('12');
    await recordStep(page, 'results_reported', '22/10/2025');
    await expectAccessible(page);
    const reported = await cardOf(page, tree.communeA.code);
    expect(reported.steps.find((s) => s.key === 'congress_held')?.date).toBe('2025-10-20');
    expect(reported.steps.find((s) => s.key === 'results_reported')?.date).toBe('2025-10-22');

    // The province cadre: from the dashboard to the province, the commune, and verifies.
    const province = await j.newPage();
    const desk = province.page;
    await loginThroughPage(desk, provinceCadre.username, provinceCadre.password);
    await openDashboard(desk);
    await desk.getByRole('link', { name: `Các xã của ${tree.province.name}` }).click();
    await desk.waitForURL(`**/congress/tinh/${tree.province.code}`);
    const communeRow = desk.getByTestId(`commune-${tree.communeA.code}`);
    await expect.poll(() => communeRow.textContent(), { timeout: 15_000 }).toContain('20/10/2025');
    await expectAccessible(desk);
    await communeRow.getByRole('link', { name: tree.communeA.name }).click();
    await desk.waitForURL(`**/congress/don-vi/${tree.communeA.code}`);
    await recordStep(desk, 'results_verified', '24/10/2025', 'Xác nhận');
    await expect.poll(() => desk.getByText('Đã xác nhận kết quả').isVisible()).toBe(true);
    expect(await desk.getByRole('button', { name: 'Mở lại kết quả' }).isVisible()).toBe(true);

    // The nation after: one more commune held and verified.
    await openDashboard(nation.page);
    await expect.poll(() => figure(nation.page, 'figure-done')).toEqual([doneBefore! + 1, total]);
    await expect.poll(() => figure(nation.page, 'figure-verified')).toEqual([verifiedBefore! + 1]);
    await expectAccessible(nation.page);

    await nation.context.close();
    await commune.context.close();
    await province.context.close();
  });

  it('after the province verified, the commune card offers no reopen and no undo', async () => {
    const communeCadre = await j.factory.user('cadre', tree.communeA.code, { login: false });
    const { page, context } = await j.newPage();
    await loginThroughPage(page, communeCadre.username, communeCadre.password);
    await page.goto(`/congress/don-vi/${tree.communeA.code}`);
    await expect
      .poll(() => page.getByTestId('verified-notice').isVisible(), { timeout: 15_000 })
      .toBe(true);
    expect(await page.getByText('Đã xác nhận kết quả').isVisible()).toBe(true);
    await expect
      .poll(() => page.getByTestId('step-results_verified').textContent())
      .toContain('Xong');
    expect(await page.getByRole('button', { name: /Mở lại/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Hủy bước' }).count()).toBe(0);
    const verifiedRow = page.getByTestId('step-results_verified');
    expect(await verifiedRow.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Lưu kết quả' }).count()).toBe(0);
    await expectAccessible(page);
    // The API refuses what the screen does not offer.
    const card = await cardOf(page, tree.communeA.code);
    const reopen = await page.request.post(`/api/v1/congress/units/${tree.communeA.code}/reopen`, {
      data: { version: card.version },
      headers: { 'x-csrf-token': await csrfOf(page) },
    });
    expect(reopen.status()).toBe(403);
    expect((await cardOf(page, tree.communeA.code)).verified).toBe(true);
    await context.close();
  });

  it('a commune sees no undo for a step its province recorded', async () => {
    const other = await j.factory.tree('Cấp Trên');
    const provinceCadre = await j.factory.user('cadre', other.province.code);
    const card = await provinceCadre.client.post<Card>(
      `/api/v1/congress/units/${other.communeB.code}/steps/plan_issued`,
      { version: 0, date: '2025-08-01' },
    );
    expect(card.status).toBe(200);
    const communeCadre = await j.factory.user('cadre', other.communeB.code, { login: false });
    const { page, context } = await j.newPage();
    await loginThroughPage(page, communeCadre.username, communeCadre.password);
    await page.goto(`/congress/don-vi/${other.communeB.code}`);
    const row = page.getByTestId('step-plan_issued');
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('01/08/2025');
    expect(await row.getByRole('button', { name: 'Hủy bước' }).count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Đính kèm' }).count()).toBe(0);
    // Its own step can still be undone from the screen.
    await recordStep(page, 'documents_drafted', '15/08/2025');
    const own = page.getByTestId('step-documents_drafted');
    await own.getByRole('button', { name: 'Hủy bước' }).click();
    await expect.poll(() => own.getByText('Chưa', { exact: true }).isVisible()).toBe(true);
    await context.close();
  });
});

describe('congress dashboard rounds', () => {
  it('switches the dashboard to the provinces own congresses and back', async () => {
    const central = await j.factory.user('viewer', 'TW', { login: false });
    const { page, context } = await j.newPage();
    await loginThroughPage(page, central.username, central.password);
    await openDashboard(page);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Tiến độ đại hội MTTQ cấp xã' }).isVisible())
      .toBe(true);
    await page.getByText('Đại hội cấp tỉnh', { exact: true }).click();
    await page.waitForURL('**/congress?round=province');
    await expect
      .poll(() => page.getByRole('heading', { name: 'Tiến độ đại hội MTTQ cấp tỉnh' }).isVisible())
      .toBe(true);
    const api = await page.request.get('/api/v1/congress/progress?level=province&round=province');
    const { national } = (await api.json()) as { national: { done: number; total: number } };
    expect(national.total).toBeGreaterThanOrEqual(34);
    await expect.poll(() => figure(page, 'figure-done')).toEqual([national.done, national.total]);
    await expectAccessible(page);
    await page.getByText('Đại hội cấp xã', { exact: true }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'Tiến độ đại hội MTTQ cấp xã' }).isVisible())
      .toBe(true);
    await context.close();
  });
});

describe('congress dates in the browser', () => {
  for (const timezoneId of ['UTC', 'Asia/Ho_Chi_Minh']) {
    it(`keeps 31/10/2025 as typed for a browser in ${timezoneId}, in the API and the export`, async () => {
      const tree = await j.factory.tree('Ngày Tháng');
      const cadre = await j.factory.user('cadre', tree.communeA.code, { login: false });
      const { page, context } = await j.newPage({ timezoneId });
      // The browser really is in that zone: UTC+0, or UTC+7 all year round.
      const offset = await page.evaluate(() => new Date(2025, 9, 31).getTimezoneOffset());
      expect(offset).toBe(timezoneId === 'UTC' ? 0 : -420);
      await loginThroughPage(page, cadre.username, cadre.password);
      await page.goto(`/congress/don-vi/${tree.communeA.code}`);
      const planned = page.getByLabel('Ngày dự kiến tổ chức');
      await expect.poll(() => planned.isVisible(), { timeout: 15_000 }).toBe(true);
      await planned.fill('31/10/2025');
      await planned.blur();
      await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
      await expect
        .poll(async () => (await cardOf(page, tree.communeA.code)).plannedDate)
        .toBe('2025-10-31');
      await recordStep(page, 'congress_held', '31/10/2025');

      await page.reload();
      await expect.poll(() => planned.inputValue(), { timeout: 15_000 }).toBe('31/10/2025');
      const held = page.getByTestId('step-congress_held');
      await expect.poll(() => held.textContent()).toContain('31/10/2025');
      const card = await cardOf(page, tree.communeA.code);
      expect(card.plannedDate).toBe('2025-10-31');
      expect(card.steps.find((s) => s.key === 'congress_held')?.date).toBe('2025-10-31');

      // The province exports its communes (the commune's own session cannot see that table).
      const provinceCadre = await j.factory.user('cadre', tree.province.code);
      const sheet = await communesSheet(provinceCadre, tree.province.code);
      const row = sheet.find((r) => r[0] === tree.communeA.code);
      expect(row?.slice(2, 4)).toEqual(['31/10/2025', '31/10/2025']);
      await context.close();
    });
  }
});

/** The CSRF token of the page's session, as the web interface holds it. */
async function csrfOf(page: Page): Promise<string> {
  const me = await page.request.get('/api/v1/me');
  return ((await me.json()) as { csrfToken: string }).csrfToken;
}

/** The communes sheet of a province as rows of cell values, downloaded with the user's session. */
async function communesSheet(user: TestUser, provinceCode: string): Promise<unknown[][]> {
  const jar = (user.client as unknown as { cookies: Map<string, string> }).cookies;
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await fetch(
    `${j.baseUrl}/api/v1/congress/export.xlsx?table=communes&parent=${provinceCode}`,
    { headers: { cookie } },
  );
  expect(response.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await response.arrayBuffer());
  const rows: unknown[][] = [];
  wb.worksheets[0]?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}
