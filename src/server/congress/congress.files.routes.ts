import type { ApiServer, AppContext } from '../platform/context';

/** Excel export, Word report and Excel import of results. */
export function congressFileRoutes(_api: ApiServer, _ctx: AppContext): void {}
