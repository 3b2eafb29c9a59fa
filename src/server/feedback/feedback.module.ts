import type { AppModule } from '../platform/context';
import { subscribeFeedbackAlerts } from './feedback.alerts';
import { feedbackRoutes } from './feedback.routes';
import { seedHolidays } from './feedback.settings';

/** The feedback application. */
export const feedbackModule: AppModule = {
  id: 'feedback',
  routes(api, ctx) {
    feedbackRoutes(api, ctx);
  },
  async seed(ctx) {
    await seedHolidays(ctx.db);
  },
  subscribe(ctx) {
    subscribeFeedbackAlerts(ctx);
  },
};
