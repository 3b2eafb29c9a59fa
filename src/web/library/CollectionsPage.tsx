import { Alert, Button, Grid, Group, NavLink, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../platform/api';
import { formatNumber } from '../platform/format';
import { activeUnit, useMe } from '../platform/useMe';
import { CollectionEditor, type ManagedCollection } from './CollectionEditor';

/** /library/bo-suu-tap — librarians create, edit and fill the collections of their units. */
export function CollectionsPage() {
  const me = useMe();
  const [selected, setSelected] = useState<number | null>(null);
  const [name, setName] = useState('');
  const list = useQuery({
    queryKey: ['library-collections'],
    queryFn: () => api<{ items: ManagedCollection[] }>('/api/v1/library/collections'),
  });
  const unit = me.data ? activeUnit(me.data) : null;
  const create = useMutation({
    mutationFn: () =>
      api<{ id: number }>('/api/v1/library/collections', {
        json: { name, unitCode: unit?.code ?? '' },
      }),
    onSuccess: (created) => {
      notifications.show({ color: 'green', message: 'Đã tạo bộ sưu tập.' });
      setName('');
      setSelected(created.id);
      void list.refetch();
    },
    onError: (e) => notifications.show({ color: 'red', message: e.message }),
  });
  const managed = (list.data?.items ?? []).filter((c) => c.canManage);
  const current = managed.find((c) => c.id === selected);
  return (
    <Stack maw={1200}>
      <Title order={1} size="h2">
        Quản lý bộ sưu tập
      </Title>
      <Text c="dimmed">
        Bộ sưu tập gom tài liệu theo cấp và chủ đề; người đọc chỉ thấy những tài liệu họ được xem.
      </Text>
      <Group align="end">
        <TextInput
          label={`Bộ sưu tập mới của ${unit?.name ?? 'đơn vị'}`}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          w={360}
        />
        <Button
          color="red.9"
          disabled={!name.trim() || !unit}
          loading={create.isPending}
          onClick={() => create.mutate()}
        >
          Tạo bộ sưu tập
        </Button>
      </Group>
      {list.isError && <Alert color="red">{list.error.message}</Alert>}
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <nav aria-label="Các bộ sưu tập bạn quản lý">
            {managed.map((c) => (
              <NavLink
                key={c.id}
                component="button"
                label={
                  <>
                    <Text size="sm" fw={600}>
                      {c.name}
                    </Text>
                    <Text size="xs" c="dark.7">
                      {c.unitName} · {formatNumber(c.documentCount)} tài liệu
                      {c.isPublic ? '' : ' · không công khai'}
                    </Text>
                  </>
                }
                active={c.id === selected}
                onClick={() => setSelected(c.id)}
              />
            ))}
            {list.data && managed.length === 0 && (
              <Text size="sm" c="dimmed">
                Bạn chưa quản lý bộ sưu tập nào.
              </Text>
            )}
          </nav>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {current ? (
            <CollectionEditor
              key={current.id}
              collection={current}
              onChanged={() => {
                void list.refetch();
              }}
            />
          ) : (
            <Text c="dimmed">Chọn một bộ sưu tập để sửa.</Text>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
