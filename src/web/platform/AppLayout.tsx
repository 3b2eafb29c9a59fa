import {
  AppShell,
  Anchor,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, setCsrfToken } from './api';
import { ROLE_LABELS } from './format';
import { NotificationsMenu } from './NotificationsMenu';
import { UnitPicker } from './UnitPicker';
import { activeUnit, useMe } from './useMe';

export type NavItem = { label: string; to: string };

/** The account page, where a user with a temporary password replaces it. */
const ACCOUNT_PATH = '/tai-khoan';

/** The frame of every staff screen: header with unit, notices and account; optional side menu. */
export function AppLayout({ nav = [] }: { nav?: NavItem[] }) {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const [opened, { toggle, close }] = useDisclosure(false);
  const user = me.data;

  async function logout() {
    await api('/api/v1/auth/logout', { method: 'POST', json: {} }).catch(() => undefined);
    setCsrfToken(undefined);
    client.clear();
    await navigate('/dang-nhap', { replace: true });
  }

  // A temporary password opens nothing but the form that replaces it (the server agrees).
  const mustChange = user?.mustChangePassword ?? false;
  if (mustChange && location.pathname !== ACCOUNT_PATH) {
    const from = location.pathname + location.search;
    return <Navigate to={ACCOUNT_PATH} replace state={{ from }} />;
  }
  const unit = user ? activeUnit(user) : null;
  const mainRole = user?.roles[0];
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={
        nav.length ? { width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined
      }
      padding="md"
    >
      <a href="#noi-dung" className="skip-link">
        Bỏ qua, tới nội dung chính
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {nav.length > 0 && (
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label="Mở trình đơn"
              />
            )}
            <Anchor component={Link} to="/" fw={700} c="red.8" underline="never" size="lg">
              Mặt trận số
            </Anchor>
          </Group>
          {user && (
            <Group gap="xs" wrap="nowrap">
              {!mustChange && <UnitPicker me={user} />}
              {!mustChange && <NotificationsMenu />}
              <Menu position="bottom-end">
                <Menu.Target>
                  <UnstyledButton aria-label="Tài khoản">
                    <Stack gap={0} visibleFrom="sm">
                      <Text size="sm" fw={600}>
                        {user.fullName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {mainRole
                          ? `${ROLE_LABELS[mainRole.role] ?? mainRole.role} · ${unit?.name ?? ''}`
                          : ''}
                      </Text>
                    </Stack>
                    <Text hiddenFrom="sm" size="sm" fw={600}>
                      {user.username}
                    </Text>
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item component={Link} to={ACCOUNT_PATH}>
                    Tài khoản và bảo mật
                  </Menu.Item>
                  {user.isAdmin && !mustChange && (
                    <>
                      <Menu.Item component={Link} to="/quan-tri/nguoi-dung">
                        Quản trị người dùng
                      </Menu.Item>
                      <Menu.Item component={Link} to="/quan-tri/nhat-ky">
                        Nhật ký hệ thống
                      </Menu.Item>
                      <Menu.Item component={Link} to="/quan-tri/thu-di">
                        Hộp thư đi
                      </Menu.Item>
                    </>
                  )}
                  <Menu.Divider />
                  <Menu.Item onClick={() => void logout()} color="red">
                    Đăng xuất
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          )}
          {!user && (
            <Button component={Link} to="/dang-nhap" variant="light" size="sm">
              Đăng nhập cán bộ
            </Button>
          )}
        </Group>
      </AppShell.Header>
      {nav.length > 0 && (
        <AppShell.Navbar p="sm" aria-label="Trình đơn ứng dụng">
          {nav.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={location.pathname === item.to}
              onClick={close}
            />
          ))}
        </AppShell.Navbar>
      )}
      <AppShell.Main id="noi-dung" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
