import { DateInput } from '@mantine/dates';
import { parseVietnameseDate } from './dates';

export type VnDateInputProps = {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  disabled?: boolean;
  required?: boolean;
};

/** A calendar date typed or picked as dd/mm/yyyy and handed over as 'YYYY-MM-DD'. */
export function VnDateInput({ label, value, onChange, disabled, required }: VnDateInputProps) {
  return (
    <DateInput
      label={label}
      placeholder="dd/mm/yyyy"
      valueFormat="DD/MM/YYYY"
      dateParser={parseVietnameseDate}
      value={value}
      onChange={(v) => onChange(v ? String(v).slice(0, 10) : null)}
      clearable
      disabled={disabled}
      required={required}
    />
  );
}
