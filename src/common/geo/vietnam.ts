/**
 * The box that holds Vietnam's land and islands, Hoàng Sa and Trường Sa included: from Lũng Cú
 * (23°23′N) down to the southern reefs of Trường Sa (about 6°N), from A Pa Chải (102°08′E) east
 * to Trường Sa (about 117°E). Coarse on purpose: it catches swapped or mistyped coordinates, not
 * points near a border.
 */
export const VIETNAM_BOUNDS = { minLat: 6, maxLat: 23.5, minLng: 102, maxLng: 117.5 } as const;

/** Why a map point is refused, or null when it is one. Messages name the coordinate. */
export function mapPointProblem(
  lat: number | null | undefined,
  lng: number | null | undefined,
): { field: 'lat' | 'lng'; message: string } | null {
  const hasLat = lat !== null && lat !== undefined;
  const hasLng = lng !== null && lng !== undefined;
  if (!hasLat && !hasLng) return null;
  if (!hasLat) return { field: 'lat', message: 'cần nhập vĩ độ cùng với kinh độ.' };
  if (!hasLng) return { field: 'lng', message: 'cần nhập kinh độ cùng với vĩ độ.' };
  const b = VIETNAM_BOUNDS;
  if (!Number.isFinite(lat) || lat < b.minLat || lat > b.maxLat)
    return {
      field: 'lat',
      message: `vĩ độ phải nằm trong lãnh thổ Việt Nam (từ ${b.minLat} đến ${String(b.maxLat).replace('.', ',')}).`,
    };
  if (!Number.isFinite(lng) || lng < b.minLng || lng > b.maxLng)
    return {
      field: 'lng',
      message: `kinh độ phải nằm trong lãnh thổ Việt Nam (từ ${b.minLng} đến ${String(b.maxLng).replace('.', ',')}).`,
    };
  return null;
}
