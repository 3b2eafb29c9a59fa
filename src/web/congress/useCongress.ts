import { useQuery } from '@tanstack/react-query';
import { api, query } from '../platform/api';
import type { CommuneProgress, ProgressResponse, UnitCard } from './types';

export function useProvinceProgress() {
  return useQuery({
    queryKey: ['congress-progress', 'province'],
    queryFn: () => api<ProgressResponse>('/api/v1/congress/progress?level=province'),
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
