import type { AppModule } from '../platform/context';

/** The library application. */
export const libraryModule: AppModule = {
  id: 'library',
  routes() {},
};
