import type { AppModule } from '../platform/context';
import { documentRoutes, oaiRoutes, searchRoutes } from './library.routes';
import { seedLibrary } from './library.seed';

/** The library application. */
export const libraryModule: AppModule = {
  id: 'library',
  async routes(api, ctx) {
    searchRoutes(api, ctx);
    documentRoutes(api, ctx);
    await oaiRoutes(api, ctx);
  },
  seed: seedLibrary,
};
