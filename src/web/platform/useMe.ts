import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from './api';

export type RoleGrant = {
  role: string;
  unitCode: string;
  unitName: string;
  unitLevel: 'central' | 'province' | 'commune';
};
export type Me = {
  id: number;
  username: string;
  fullName: string;
  roles: RoleGrant[];
  activeUnitCode: string | null;
  activeUnitName: string | null;
  csrfToken: string;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  isAdmin: boolean;
};

/** The signed-in user, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api<Me>('/api/v1/me');
        setCsrfToken(me.csrfToken);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useRefreshMe() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['me'] });
}

/** The unit the user works in now: the one picked, or the highest one they hold a role at. */
export function activeUnit(me: Me): { code: string; name: string } {
  const levels = { central: 0, province: 1, commune: 2 };
  const home = [...me.roles].sort((a, b) => levels[a.unitLevel] - levels[b.unitLevel])[0];
  const picked = me.roles.find((r) => r.unitCode === me.activeUnitCode);
  if (me.activeUnitCode && !picked)
    return { code: me.activeUnitCode, name: me.activeUnitName ?? '' };
  return { code: home?.unitCode ?? '', name: home?.unitName ?? '' };
}
