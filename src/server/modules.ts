import { congressModule } from './congress/congress.module';
import { feedbackModule } from './feedback/feedback.module';
import { libraryModule } from './library/library.module';
import type { AppModule } from './platform/context';
import { platformModule } from './platform/platform.module';

/**
 * Every application of the platform. To add one: create src/server/<app>/<app>.module.ts
 * exporting an AppModule and list it here; its migrations go in migrations/ under its number
 * range and its screens in src/web/<app>/.
 */
const applications: AppModule[] = [feedbackModule, libraryModule, congressModule];

export const modules: AppModule[] = [platformModule(() => applications), ...applications];
