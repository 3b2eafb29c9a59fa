import { defineConfig } from 'vitest/config';
import { alias } from './vitest.config.ts';

/** Browser journeys: Debian's Chromium driven by playwright-core against the built web app. */
export default defineConfig({
  resolve: { alias },
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
