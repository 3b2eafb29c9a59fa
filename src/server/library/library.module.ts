import type { AppModule } from '../platform/context';
import {
  abbreviationRoutes,
  collectionRoutes,
  documentRoutes,
  oaiRoutes,
  searchRoutes,
  statsRoutes,
  versionRoutes,
} from './library.routes';
import { bulkImportRoutes } from './library.bulk.routes';
import { runOcrJob } from './library.ocr';
import { recordSearch } from './library.stats';
import { seedLibrary } from './library.seed';

/** The library application. */
export const libraryModule: AppModule = {
  id: 'library',
  async routes(api, ctx) {
    searchRoutes(api, ctx);
    documentRoutes(api, ctx);
    collectionRoutes(api, ctx);
    statsRoutes(api, ctx);
    bulkImportRoutes(api, ctx);
    abbreviationRoutes(api, ctx);
    versionRoutes(api, ctx);
    await oaiRoutes(api, ctx);
  },
  seed: seedLibrary,
  subscribe(ctx) {
    ctx.events.on('library.ocr_queued', async (payload) => {
      await runOcrJob(ctx, Number(payload.jobId));
    });
    ctx.events.on('library.searched', async (payload) => {
      await recordSearch(
        ctx.db,
        String(payload.query),
        Number(payload.total),
        String(payload.searcher),
      );
    });
  },
};
