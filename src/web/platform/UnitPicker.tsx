import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, query } from './api';
import { activeUnit, useRefreshMe, type Me } from './useMe';

type UnitList = { items: { code: string; name: string; level: string }[]; total: number };

/**
 * Lets a user above commune level pick the unit to work in: their own unit or any unit below it.
 * Hidden for users who only hold roles at communes.
 */
export function UnitPicker({ me }: { me: Me }) {
  const refreshMe = useRefreshMe();
  const [search, setSearch] = useState('');
  const current = activeUnit(me);
  const top = me.roles.find((r) => r.unitLevel !== 'commune');
  const units = useQuery({
    queryKey: ['unit-picker', top?.unitCode, search],
    enabled: Boolean(top),
    queryFn: () =>
      top?.unitLevel === 'central'
        ? api<UnitList>(`/api/v1/units${query({ q: search, limit: 50 })}`)
        : api<UnitList>(`/api/v1/units${query({ parent: top?.unitCode, q: search, limit: 50 })}`),
  });
  if (!top) return null;
  const options = new Map<string, string>();
  for (const r of me.roles) options.set(r.unitCode, r.unitName);
  for (const u of units.data?.items ?? []) options.set(u.code, u.name);
  if (current.code && !options.has(current.code))
    options.set(current.code, current.name || current.code);
  return (
    <Select
      aria-label="Đơn vị làm việc"
      placeholder="Chọn đơn vị"
      searchable
      nothingFoundMessage="Không có đơn vị phù hợp"
      data={[...options].map(([value, label]) => ({ value, label }))}
      value={current.code}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      onChange={(code) => {
        if (!code) return;
        void api('/api/v1/me/active-unit', { method: 'PUT', json: { unitCode: code } }).then(() =>
          refreshMe(),
        );
      }}
      w={{ base: 180, sm: 280 }}
      size="sm"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
