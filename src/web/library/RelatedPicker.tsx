import { MultiSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, query } from '../platform/api';
import type { SearchResult } from './types';

type Option = { value: string; label: string };

type RelatedPickerProps = {
  label: string;
  value: number[];
  onChange: (ids: number[]) => void;
  error?: string;
};

/** Picks documents of the library by title or number (for amends and replaces links). */
export function RelatedPicker({ label, value, onChange, error }: RelatedPickerProps) {
  const [search, setSearch] = useState('');
  const [known, setKnown] = useState<Option[]>([]);
  const found = useQuery({
    queryKey: ['library-search', search.trim()],
    queryFn: () => api<SearchResult>(`/api/v1/library/search${query({ q: search.trim() })}`),
    enabled: search.trim().length >= 2,
  });
  const options = new Map(known.map((o) => [o.value, o]));
  for (const item of found.data?.items ?? []) {
    const option = {
      value: String(item.id),
      label: item.number ? `${item.title} (${item.number})` : item.title,
    };
    options.set(option.value, option);
  }
  return (
    <MultiSelect
      label={label}
      placeholder="Gõ tên hoặc số ký hiệu văn bản"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      data={[...options.values()]}
      value={value.map(String)}
      onChange={(ids) => {
        setKnown(ids.map((id) => options.get(id)).filter((o): o is Option => o !== undefined));
        onChange(ids.map(Number));
      }}
      nothingFoundMessage={search.trim().length >= 2 ? 'Không tìm thấy văn bản' : undefined}
      error={error}
    />
  );
}
