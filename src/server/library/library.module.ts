import type { AppModule } from '../platform/context';
import { documentRoutes, searchRoutes } from './library.routes';
import { seedLibrary } from './library.seed';

/** The library application. */
export const libraryModule: AppModule = {
  id: 'library',
  routes(api, ctx) {
    searchRoutes(api, ctx);
    documentRoutes(api, ctx);
  },
  seed: seedLibrary,
};
