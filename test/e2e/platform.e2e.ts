import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, loginThroughPage, startJourney, type Journey } from './browser';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(() => j.close());

describe('portal journey', () => {
  it('logs in, sees the launcher, picks a unit and logs out', async () => {
    const user = await j.factory.user('cadre', '48', { login: false, fullName: 'Lê Thị Thu' });
    const { page, context } = await j.newPage();

    await page.goto('/dang-nhap');
    await expectAccessible(page);
    await loginThroughPage(page, user.username, user.password);

    await expect
      .poll(() => page.getByRole('heading', { name: 'Xin chào, Lê Thị Thu' }).isVisible())
      .toBe(true);
    const tiles = page.getByRole('navigation', { name: 'Ứng dụng' }).getByRole('heading');
    await expect.poll(() => tiles.count()).toBe(5);
    await expect.poll(() => page.getByText('Thành phố Đà Nẵng').first().isVisible()).toBe(true);
    await expectAccessible(page);

    const picker = page.getByRole('combobox', { name: 'Đơn vị làm việc' });
    await picker.click();
    await picker.fill('Hải Châu');
    await page.getByRole('option', { name: 'Phường Hải Châu' }).click();
    await expect
      .poll(() => page.getByText('Đơn vị đang làm việc: Phường Hải Châu').isVisible())
      .toBe(true);
    const me = await page.request.get('/api/v1/me');
    expect(((await me.json()) as { activeUnitCode: string }).activeUnitCode).toBe('20242');

    await page.getByRole('button', { name: 'Tài khoản' }).click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await page.waitForURL('**/dang-nhap');
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
    await context.close();
  });

  it('keeps a temporary password on the account page until it is changed', async () => {
    const admin = await j.factory.admin();
    const created = await admin.client.post('/api/v1/admin/users', {
      username: 'tam.e2e',
      fullName: 'Phạm Văn Tạm',
      password: 'mat-khau-tam-thoi-1',
      roles: [{ unitCode: '48', role: 'cadre' }],
    });
    expect(created.status).toBe(201);
    const { page, context } = await j.newPage();
    await loginThroughPage(page, 'tam.e2e', 'mat-khau-tam-thoi-1');

    await page.waitForURL('**/tai-khoan');
    await expect
      .poll(() => page.getByText('Bạn cần đổi mật khẩu do quản trị viên cấp.').isVisible())
      .toBe(true);
    await page.goto('/feedback');
    await page.waitForURL('**/tai-khoan');
    await expectAccessible(page);

    await page.getByLabel('Mật khẩu hiện tại').fill('mat-khau-tam-thoi-1');
    await page.getByLabel('Mật khẩu mới (ít nhất 10 ký tự)').fill('mat-khau-rieng-cua-toi');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await page.waitForURL('**/feedback');
    const me = await page.request.get('/api/v1/me');
    expect(((await me.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(false);
    await context.close();
  });

  it('shows a clear message for a wrong password', async () => {
    const user = await j.factory.user('viewer', '01', { login: false });
    const { page, context } = await j.newPage();
    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập').fill(user.username);
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    await context.close();
  });
});
