import type { RouteObject } from 'react-router';

/** Screens of the library application, mounted under /library. */
export const libraryRoutes: RouteObject[] = [];
