import { Alert, Button, Checkbox, Group, NumberInput, SimpleGrid, Stack } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../platform/api';
import { RESULT_FIELDS, type ResultField, type Results, type UnitCard } from './types';
import { notifications } from '@mantine/notifications';

export type ResultsFormProps = {
  card: UnitCard;
  onChange: (card: UnitCard) => void;
  onConflict: () => void;
};

const empty = (): Results => ({
  ...(Object.fromEntries(RESULT_FIELDS.map(([f]) => [f, 0])) as Record<ResultField, number>),
  chairElected: false,
});

/** Results of the congress; the server refuses parts above their whole and warns on targets. */
export function ResultsForm({ card, onChange, onConflict }: ResultsFormProps) {
  const [values, setValues] = useState<Results>(card.results ?? empty());
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [warnings, setWarnings] = useState<UnitCard['warnings']>(card.warnings ?? []);
  const [busy, setBusy] = useState(false);
  const locked = card.verified || !card.can.edit;
  const fields = RESULT_FIELDS.filter(
    ([f]) => f !== 'communeChairs' || card.unit.level === 'province',
  );

  async function save() {
    setBusy(true);
    setError(null);
    try {
      const saved = await api<UnitCard>(`/api/v1/congress/units/${card.unit.code}/results`, {
        method: 'PUT',
        json: { ...values, version: card.version },
      });
      setWarnings(saved.warnings ?? []);
      onChange(saved);
      notifications.show({ color: 'green', message: 'Đã lưu kết quả đại hội.' });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') onConflict();
      setError({
        field: e instanceof ApiError ? e.field : undefined,
        message: e instanceof Error ? e.message : String(e),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack>
      {card.verified && (
        <Alert color="blue" data-testid="verified-notice">
          Kết quả đã được cấp trên xác nhận. Muốn sửa, cấp đã xác nhận phải mở lại kết quả.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {fields.map(([field, label]) => (
          <NumberInput
            key={field}
            label={label}
            min={0}
            allowDecimal={false}
            thousandSeparator="."
            decimalSeparator=","
            value={values[field]}
            disabled={locked}
            error={error?.field === field ? error.message : undefined}
            onChange={(v) =>
              setValues((old) => ({ ...old, [field]: typeof v === 'number' ? v : Number(v) || 0 }))
            }
          />
        ))}
      </SimpleGrid>
      <Checkbox
        label="Đã hiệp thương cử Chủ tịch"
        checked={values.chairElected}
        disabled={locked}
        onChange={(e) => {
          // Read the box now: React clears currentTarget before a state updater runs.
          const chairElected = e.currentTarget.checked;
          setValues((old) => ({ ...old, chairElected }));
        }}
      />
      {error && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      {warnings && warnings.length > 0 && (
        <Alert color="yellow" title="Chưa đạt chỉ tiêu (vẫn được lưu)">
          {warnings.map((w) => (
            <div key={w.code}>{w.message}</div>
          ))}
        </Alert>
      )}
      {!locked && (
        <Group>
          <Button color="red.9" onClick={() => void save()} loading={busy}>
            Lưu kết quả
          </Button>
        </Group>
      )}
    </Stack>
  );
}
