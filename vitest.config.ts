import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Suites that mostly wait (a phone idle for 5 minutes behind NAT) start first: at the end of
 * the run they would hold a worker while another has nothing left to do. On CI's 2 cores vitest
 * runs one worker (its default is the cores less one), so the order only matters on larger
 * hosts: running the integration files two at a time needs each server's RTP port range apart
 * from the others' first (two embedded media planes walking the same range collide).
 */
class LongWaitsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waits = (f: TestSpecification) => f.moduleId.includes('nat-idle-phone');
    return [...sorted.filter(waits), ...sorted.filter((f) => !waits(f))];
  }
}

const PACKAGES = '{cti-server,ivr-flows,prisma,agent-ui}';
/** Tests beside their source that drive real sockets or outside programs (SIPp, espeak-ng). */
const SRC_INTEGRATION = `${PACKAGES}/src/**/*.integration.test.{ts,tsx}`;

// One runner for the whole workspace, two projects:
// - `unit`: tests beside their source (`*/src/**/*.test.ts`), pure code on fakes and simulated
//   clocks; no global set-up, no database server, no outside program. Runs in seconds.
// - `integration`: `test/**` plus `*/src/**/*.integration.test.ts`; the global set-up starts
//   PostgreSQL and synthesises the IVR prompts, and suites drive SIPp, Chromium, rtpengine and
//   network namespaces.
// `vitest run --project unit` (or `integration`); plain `vitest run` runs both.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The sequencer is one for the whole run (vitest reads it from the root config only).
    sequence: { sequencer: LongWaitsFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${PACKAGES}/src/**/*.test.{ts,tsx}`],
          exclude: ['**/node_modules/**', SRC_INTEGRATION],
          // Files share a worker's module cache instead of a fresh process each: a third of the
          // time on two cores. So a unit test file leaves nothing global behind (fake timers
          // restored in afterEach, no stubbed globals or environment).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts', SRC_INTEGRATION],
          // Only this project's set-up: vitest runs the root config's globalSetup on every run.
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
