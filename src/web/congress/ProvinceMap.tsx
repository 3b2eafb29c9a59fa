import { Box, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { geoMercator, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../platform/api';
import { formatPercent } from '../platform/format';
import type { Progress } from './types';

type Feature = {
  type: 'Feature';
  id: string;
  properties: { code: string; name: string };
  geometry: unknown;
};
type Collection = { type: 'FeatureCollection'; features: Feature[] };

const WIDTH = 420;
const HEIGHT = 760;

/** Colour of a share done: red below 50 %, amber to 80 %, green above. */
export function colourFor(percent: number | undefined): string {
  if (percent === undefined) return '#e9ecef';
  if (percent >= 95) return '#087f5b';
  if (percent >= 80) return '#40c057';
  if (percent >= 65) return '#fab005';
  if (percent >= 50) return '#fd7e14';
  return '#e03131';
}

const LEGEND: [string, string][] = [
  ['#e03131', 'dưới 50%'],
  ['#fd7e14', '50–65%'],
  ['#fab005', '65–80%'],
  ['#40c057', '80–95%'],
  ['#087f5b', 'từ 95%'],
];

/**
 * The 34 provinces coloured by the share of communes that held their congress. Each province is a
 * link reachable with Tab and opened with Enter; the table next to the map holds the same figures.
 */
export function ProvinceMap({ items }: { items: Progress[] }) {
  const navigate = useNavigate();
  const [focus, setFocus] = useState<string | null>(null);
  const geo = useQuery({
    queryKey: ['congress-map'],
    queryFn: () => api<Collection>('/api/v1/congress/map'),
    staleTime: Infinity,
  });
  const byCode = useMemo(() => new Map(items.map((p) => [p.code, p])), [items]);
  const paths = useMemo(() => {
    if (!geo.data) return [];
    const projection = geoMercator().fitSize(
      [WIDTH, HEIGHT],
      geo.data as unknown as GeoPermissibleObjects,
    );
    const path = geoPath(projection);
    return geo.data.features.map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      d: path(f as unknown as GeoPermissibleObjects) ?? '',
    }));
  }, [geo.data]);
  const focused = focus ? byCode.get(focus) : undefined;
  return (
    <Box>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxHeight: 640 }}
        role="group"
        aria-label="Bản đồ tỷ lệ đại hội theo tỉnh, thành phố"
      >
        {paths.map((p) => {
          const progress = byCode.get(p.code);
          const label = progress
            ? `${p.name}: ${formatPercent(progress.percent)} đã đại hội`
            : `${p.name}: không có số liệu`;
          return (
            <path
              key={p.code}
              d={p.d}
              fill={colourFor(progress?.percent)}
              stroke={focus === p.code ? '#000' : '#fff'}
              strokeWidth={focus === p.code ? 2 : 0.6}
              tabIndex={progress ? 0 : -1}
              role="link"
              aria-label={label}
              style={{ cursor: progress ? 'pointer' : 'default', outline: 'none' }}
              onFocus={() => setFocus(p.code)}
              onBlur={() => setFocus(null)}
              onMouseEnter={() => setFocus(p.code)}
              onMouseLeave={() => setFocus(null)}
              onClick={() => progress && void navigate(`/congress/tinh/${p.code}`)}
              onKeyDown={(e) => {
                if ((e.key === 'Enter' || e.key === ' ') && progress) {
                  e.preventDefault();
                  void navigate(`/congress/tinh/${p.code}`);
                }
              }}
            >
              <title>{label}</title>
            </path>
          );
        })}
      </svg>
      <Text size="sm" mih={22} aria-live="polite">
        {focused
          ? `${focused.name}: ${focused.done}/${focused.total} đơn vị (${formatPercent(focused.percent)}), chậm ${focused.late}`
          : 'Chọn một tỉnh để xem chi tiết.'}
      </Text>
      <Group gap="xs" mt="xs" aria-label="Chú giải màu">
        {LEGEND.map(([colour, text]) => (
          <Group key={colour} gap={4}>
            <Box w={14} h={14} bg={colour} style={{ borderRadius: 2 }} aria-hidden />
            <Text size="xs">{text}</Text>
          </Group>
        ))}
      </Group>
    </Box>
  );
}
