import { useQuery } from '@tanstack/react-query';
import { api, query } from '../platform/api';
import type { Unit } from './types';

/** Provinces, or the communes of one province, from the public units API. */
export function useUnits(parent: string | null) {
  return useQuery({
    queryKey: ['feedback-units', parent ?? 'provinces'],
    queryFn: () =>
      api<{ items: Unit[] }>(
        `/api/v1/units${query(parent ? { parent, limit: 500 } : { level: 'province', limit: 100 })}`,
      ).then((r) => r.items),
    staleTime: 3_600_000,
    enabled: parent !== '',
  });
}
