import { useQuery } from '@tanstack/react-query';
import { api, query } from '../platform/api';
import type { CommuneProgress, ProgressResponse, RoundLevel, UnitCard } from './types';

/** Figures by province: of the communes' congresses (the default), or of the provinces' own. */
export function useProvinceProgress(round: RoundLevel = 'commune') {
  return useQuery({
    queryKey: ['congress-progress', 'province', round],
    queryFn: () =>
      api<ProgressResponse>(
        `/api/v1/congress/progress${query({ level: 'province', round: round === 'commune' ? undefined : round })}`,
      ),
    // Switching rounds keeps the page (and its selector) on screen while the figures load.
    placeholderData: (previous) => previous,
  });
}

export function useCommuneProgress(parent: string) {
  return useQuery({
    queryKey: ['congress-progress', 'commune', parent],
    queryFn: () =>
      api<ProgressResponse<CommuneProgress>>(
        `/api/v1/congress/progress${query({ level: 'commune', parent })}`,
      ),
  });
}

export function useUnitCard(code: string) {
  return useQuery({
    queryKey: ['congress-unit', code],
    queryFn: () => api<UnitCard>(`/api/v1/congress/units/${encodeURIComponent(code)}`),
  });
}
