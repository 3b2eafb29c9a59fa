import type { RouteObject } from 'react-router';

/** Screens of the congress application, mounted under /congress. */
export const congressRoutes: RouteObject[] = [];
