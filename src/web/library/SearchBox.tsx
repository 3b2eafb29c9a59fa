import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';

/** The longest query the search API takes. */
const MAX_QUERY_LENGTH = 500;

/** The one query box of the library: words with or without marks, "phrases", numbers. */
export function SearchBox({ initial = '', size = 'md' }: { initial?: string; size?: 'md' | 'lg' }) {
  const [q, setQ] = useState(initial);
  const navigate = useNavigate();
  return (
    <form
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        void navigate(`/library/tim-kiem?q=${encodeURIComponent(q.trim())}`);
      }}
    >
      <Group gap="xs" wrap="nowrap">
        <TextInput
          flex={1}
          size={size}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          placeholder='Ví dụ: luat khieu nai, "thời hiệu khiếu nại", 30/2020/NĐ-CP'
          aria-label="Tìm trong thư viện"
          name="q"
          maxLength={MAX_QUERY_LENGTH}
        />
        <Button type="submit" size={size} color="red.9">
          Tìm
        </Button>
      </Group>
    </form>
  );
}
