import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Suites that mostly wait (a phone idle for 5 minutes behind NAT) start first: at the end of
 * the run they would hold a worker while the other one has nothing left to do.
 */
class LongWaitsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waits = (f: TestSpecification) => f.moduleId.includes('nat-idle-phone');
    return [...sorted.filter(waits), ...sorted.filter((f) => !waits(f))];
  }
}

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
    sequence: { sequencer: LongWaitsFirst },
  },
});
