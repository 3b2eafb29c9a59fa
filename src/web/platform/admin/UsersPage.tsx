import {
  Alert,
  Badge,
  Button,
  Container,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, query } from '../api';
import { formatDate, ROLE_LABELS } from '../format';

type User = {
  id: number;
  username: string;
  fullName: string;
  disabled: boolean;
  totpEnabled: boolean;
  roles: { unitCode: string; unitName: string; role: string }[];
  createdAt: string;
};

/** Administrators create accounts, reset passwords and disable accounts. */
export function UsersPage() {
  const client = useQueryClient();
  const [search, setSearch] = useState('');
  const users = useQuery({
    queryKey: ['admin-users', search],
    queryFn: () =>
      api<{ items: User[]; total: number }>(
        `/api/v1/admin/users${query({ q: search, limit: 100 })}`,
      ),
  });
  const [opened, { open, close }] = useDisclosure(false);
  const [form, setForm] = useState({
    username: '',
    fullName: '',
    password: '',
    unitCode: '',
    role: 'cadre',
  });
  const [error, setError] = useState<string | null>(null);

  const refresh = () => client.invalidateQueries({ queryKey: ['admin-users'] });

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api('/api/v1/admin/users', {
        json: {
          username: form.username,
          fullName: form.fullName,
          password: form.password,
          roles: [{ unitCode: form.unitCode, role: form.role }],
        },
      });
      close();
      notifications.show({ color: 'green', message: `Đã tạo tài khoản ${form.username}.` });
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function act(user: User, action: 'disable' | 'enable' | 'reset') {
    try {
      if (action === 'reset') {
        const password = window.prompt(`Mật khẩu mới cho ${user.username} (ít nhất 10 ký tự):`);
        if (!password) return;
        await api(`/api/v1/admin/users/${user.id}/reset-password`, { json: { password } });
      } else {
        await api(`/api/v1/admin/users/${user.id}/${action}`, { json: {} });
      }
      notifications.show({ color: 'green', message: 'Đã cập nhật.' });
      await refresh();
    } catch (e) {
      notifications.show({ color: 'red', message: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <Container size="xl">
      <Stack>
        <Group justify="space-between">
          <Title order={1} size="h2">
            Quản trị người dùng
          </Title>
          <Button onClick={open}>Tạo tài khoản</Button>
        </Group>
        <TextInput
          label="Tìm theo tên hoặc tên đăng nhập"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          maw={400}
        />
        <Table.ScrollContainer minWidth={700}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Tên đăng nhập</Table.Th>
                <Table.Th>Họ và tên</Table.Th>
                <Table.Th>Vai trò</Table.Th>
                <Table.Th>Ngày tạo</Table.Th>
                <Table.Th>Thao tác</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(users.data?.items ?? []).map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    {u.username} {u.disabled && <Badge color="gray">Đã khoá</Badge>}{' '}
                    {u.totpEnabled && <Badge color="green">2FA</Badge>}
                  </Table.Td>
                  <Table.Td>{u.fullName}</Table.Td>
                  <Table.Td>
                    {u.roles
                      .map((r) => `${ROLE_LABELS[r.role] ?? r.role} — ${r.unitName}`)
                      .join('; ')}
                  </Table.Td>
                  <Table.Td>{formatDate(u.createdAt)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <Button size="xs" variant="light" onClick={() => void act(u, 'reset')}>
                        Đặt lại mật khẩu
                      </Button>
                      <Button
                        size="xs"
                        variant="light"
                        color={u.disabled ? 'green' : 'gray'}
                        onClick={() => void act(u, u.disabled ? 'enable' : 'disable')}
                      >
                        {u.disabled ? 'Mở khoá' : 'Khoá'}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
      <Modal opened={opened} onClose={close} title="Tạo tài khoản">
        <form onSubmit={(e) => void create(e)}>
          <Stack>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label="Tên đăng nhập"
              required
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.currentTarget.value })}
            />
            <TextInput
              label="Họ và tên"
              required
              value={form.fullName}
              onChange={(e) => setForm({ ...form, fullName: e.currentTarget.value })}
            />
            <PasswordInput
              label="Mật khẩu ban đầu"
              required
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            />
            <TextInput
              label="Mã đơn vị"
              description="Ví dụ: TW, 48, 20242"
              required
              value={form.unitCode}
              onChange={(e) => setForm({ ...form, unitCode: e.currentTarget.value })}
            />
            <Select
              label="Vai trò"
              data={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
              value={form.role}
              onChange={(role) => setForm({ ...form, role: role ?? 'cadre' })}
            />
            <Button type="submit">Tạo</Button>
          </Stack>
        </form>
      </Modal>
    </Container>
  );
}
