import { defineConfig } from 'vitest/config';

// One runner for the whole workspace: unit tests sit beside their source (`*/src/**/*.test.ts`),
// cross-package integration and end-to-end suites live in `test/`.
export default defineConfig({
  test: {
    include: ['{cti-server,ivr-flows,prisma,agent-ui}/src/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
  },
});
