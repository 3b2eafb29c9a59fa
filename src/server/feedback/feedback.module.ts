import type { AppModule } from '../platform/context';

/** The feedback application. */
export const feedbackModule: AppModule = {
  id: 'feedback',
  routes() {},
};
