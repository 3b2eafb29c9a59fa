import type { AppModule } from '../platform/context';
import { subscribeFeedbackAlerts } from './feedback.alerts';
import { open311Routes } from './feedback.open311';
import { seedFeedbackDemo } from './feedback.demo';
import { feedbackRoutes } from './feedback.routes';
import { seedHolidays } from './feedback.settings';

/** The feedback application. */
export const feedbackModule: AppModule = {
  id: 'feedback',
  routes(api, ctx) {
    feedbackRoutes(api, ctx);
    open311Routes(api, ctx);
  },
  async seed(ctx) {
    await seedHolidays(ctx.db);
  },
  async demo(ctx) {
    const created = await seedFeedbackDemo(ctx);
    if (created) ctx.log.info({ created }, 'feedback demo cases created');
  },
  subscribe(ctx) {
    subscribeFeedbackAlerts(ctx);
  },
};
