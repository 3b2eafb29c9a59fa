import type { RouteObject } from 'react-router';

/** Screens of the feedback application, mounted under /feedback. */
export const feedbackRoutes: RouteObject[] = [];
