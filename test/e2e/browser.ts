import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createTestContext, type TestContext } from '../harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type Journey = TestContext & {
  browser: Browser;
  /** A new browser context (its own cookies) with a page, optionally in a time zone. */
  newPage(options?: { timezoneId?: string }): Promise<{ context: BrowserContext; page: Page }>;
};

/**
 * Starts the whole application on a fresh database (the built web interface included) and a
 * headless Chromium. Call in beforeAll; `close()` in afterAll.
 */
export async function startJourney(): Promise<Journey> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it`);
  const t = await createTestContext();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    ...t,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        baseURL: t.baseUrl,
        locale: 'vi-VN',
        timezoneId: options.timezoneId ?? 'Asia/Ho_Chi_Minh',
      });
      const page = await context.newPage();
      return { context, page };
    },
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

/** Logs in through the login page. */
export async function loginThroughPage(
  page: Page,
  username: string,
  password: string,
): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
}

/** Fails on serious or critical accessibility violations (axe-core, WCAG 2 A/AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes.slice(0, 3).map((n) => n.html.slice(0, 200));
      return `${v.id}: ${v.help} (${nodes.join(' | ')})`;
    });
  expect(serious).toEqual([]);
}
