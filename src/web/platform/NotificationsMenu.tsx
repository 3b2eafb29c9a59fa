import { ActionIcon, Badge, Indicator, Menu, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from './api';
import { formatDateTime } from './format';

function BellIcon() {
  return (
    <svg
      width="22"
      height="22"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

type Notification = {
  id: number;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
};

export function NotificationsMenu() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['notifications'],
    queryFn: () => api<{ items: Notification[]; unread: number }>('/api/v1/notifications?limit=15'),
    refetchInterval: 60_000,
  });
  const unread = list.data?.unread ?? 0;
  async function open(n: Notification) {
    if (!n.readAt) await api(`/api/v1/notifications/${n.id}/read`, { method: 'POST', json: {} });
    await client.invalidateQueries({ queryKey: ['notifications'] });
    if (n.link) await navigate(n.link);
  }
  return (
    <Menu position="bottom-end" width={340} shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" size="lg" aria-label={`Thông báo, ${unread} chưa đọc`}>
          <Indicator
            disabled={unread === 0}
            label={unread > 99 ? '99+' : unread}
            size={16}
            color="red"
          >
            <BellIcon />
          </Indicator>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Thông báo {unread > 0 && <Badge size="xs">{unread} mới</Badge>}</Menu.Label>
        {(list.data?.items ?? []).length === 0 && (
          <Text size="sm" c="dimmed" p="sm">
            Chưa có thông báo.
          </Text>
        )}
        {(list.data?.items ?? []).map((n) => (
          <Menu.Item key={n.id} onClick={() => void open(n)} fw={n.readAt ? 400 : 700}>
            <Text size="sm">{n.title}</Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(n.createdAt)}
            </Text>
          </Menu.Item>
        ))}
        {unread > 0 && (
          <Menu.Item
            c="blue"
            onClick={() =>
              void api('/api/v1/notifications/read-all', { method: 'POST', json: {} }).then(() =>
                client.invalidateQueries({ queryKey: ['notifications'] }),
              )
            }
          >
            Đánh dấu tất cả đã đọc
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
