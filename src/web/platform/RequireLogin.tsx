import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from './useMe';

/** Shows its children to a signed-in user; sends anyone else to the login page. */
export function RequireLogin({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <Center mih="50vh">
        <Loader aria-label="Đang tải" />
      </Center>
    );
  }
  if (!me.data)
    return (
      <Navigate to="/dang-nhap" replace state={{ from: location.pathname + location.search }} />
    );
  return children;
}
