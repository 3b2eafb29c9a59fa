import { Button, Fieldset, Grid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

type Props = {
  lat: string;
  lng: string;
  onChange: (point: { lat: string; lng: string }) => void;
  errors: { lat?: string; lng?: string };
};

const GEO_ERRORS: Record<number, string> = {
  1: 'Trình duyệt không được phép lấy vị trí. Hãy cho phép trong cài đặt hoặc nhập tay.',
  2: 'Không xác định được vị trí hiện tại. Hãy nhập tay.',
  3: 'Lấy vị trí quá lâu. Hãy thử lại hoặc nhập tay.',
};

/** Optional map point: latitude and longitude typed in, or taken from the device's position. */
export function MapPointInput({ lat, lng, onChange, errors }: Props) {
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const geolocation = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;

  function locate() {
    if (!geolocation) return;
    setLocating(true);
    setProblem(null);
    geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange({
          lat: position.coords.latitude.toFixed(6),
          lng: position.coords.longitude.toFixed(6),
        });
      },
      (error) => {
        setLocating(false);
        setProblem(GEO_ERRORS[error.code] ?? 'Không lấy được vị trí. Hãy nhập tay.');
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  return (
    <Fieldset legend="Vị trí trên bản đồ (không bắt buộc)" variant="unstyled">
      <Grid align="end">
        <Grid.Col span={{ base: 6, sm: 4 }}>
          <TextInput
            label="Vĩ độ"
            description="Ví dụ 16,0678"
            inputMode="decimal"
            value={lat}
            onChange={(e) => onChange({ lat: e.currentTarget.value, lng })}
            error={errors.lat}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, sm: 4 }}>
          <TextInput
            label="Kinh độ"
            description="Ví dụ 108,2208"
            inputMode="decimal"
            value={lng}
            onChange={(e) => onChange({ lat, lng: e.currentTarget.value })}
            error={errors.lng}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <Button
            variant="default"
            onClick={locate}
            loading={locating}
            disabled={!geolocation}
            fullWidth
          >
            Dùng vị trí hiện tại
          </Button>
        </Grid.Col>
      </Grid>
      {problem && (
        <Text size="sm" c="red.8" mt="xs" role="status">
          {problem}
        </Text>
      )}
    </Fieldset>
  );
}
