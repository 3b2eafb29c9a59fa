import type { AppModule } from '../platform/context';

/** The congress application. */
export const congressModule: AppModule = {
  id: 'congress',
  routes() {},
};
