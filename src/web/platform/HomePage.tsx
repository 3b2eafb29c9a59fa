import { Center, Loader } from '@mantine/core';
import { PublicHomePage } from '../citizen/PublicHomePage';
import { LauncherPage } from './LauncherPage';
import { useMe } from './useMe';

/** The launcher for a signed-in user, the citizens' home page for everyone else. */
export function HomePage() {
  const me = useMe();
  if (me.isPending) {
    return (
      <Center mih="40vh">
        <Loader aria-label="Đang tải" />
      </Center>
    );
  }
  return me.data ? <LauncherPage /> : <PublicHomePage />;
}
