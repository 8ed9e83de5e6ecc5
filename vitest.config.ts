import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Integration files that can run beside the others, in their own project `integration-beside`,
 * which `pnpm test:integration` runs next to `integration` (scripts/test-integration.mjs says
 * why): the file that mostly waits (a phone idle behind NAT for 5 minutes, in namespaces of its
 * own), and the HTTP API files, which build the app without SIP or media and so never touch the
 * RTP port range. An API file that starts a whole server with SIP (`startCtiStack`) stays with
 * the one-at-a-time files.
 */
const API_DIR = 'test/api';
const BESIDE = [
  'test/net/nat-idle-phone.test.ts',
  ...readdirSync(API_DIR)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => `${API_DIR}/${name}`)
    .filter((file) => !readFileSync(file, 'utf8').includes('startCtiStack')),
];

/**
 * `pnpm test:integration` runs the integration project in two lanes side by side, `calls` and
 * `browsers`, each one file at a time with ports of its own (test/support/lane.ts);
 * KEFU_TEST_LANE picks a lane's files. Unset (a file run by hand), the project is every file.
 * Lane `browsers`: the files that drive Chromium (the e2e files, the WebRTC media tests), so
 * only one does at a time and Chromium's audio and timers keep time on two cores, and the ACD
 * files (SIPp phones, little CPU), which even out the lanes: in a full run the browser files
 * took 9 minutes, the rest 12. Lane `calls`: every other file.
 */
const BROWSERS_LANE = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.test.ts') && !name.startsWith('node_modules'))
  .map((name) => `test/${name}`)
  .filter(
    (file) =>
      file.startsWith('test/acd/') || /launchConsoleBrowser|browser-phone/.test(readFileSync(file, 'utf8')),
  );
const LANE = process.env.KEFU_TEST_LANE;

/**
 * Files that mostly wait (the 5-minute NAT idle) start first: at the end they would hold a
 * worker while the others are done. The sequencer is the run's (vitest reads it from the root
 * config only); it only moves those files to the front.
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

// One runner for the whole workspace, three projects:
// - `unit`: tests beside their source (`*/src/**/*.test.ts`), pure code on fakes and simulated
//   clocks; no global set-up, no database server, no outside program. Runs in seconds.
// - `integration`: `test/**` plus `*/src/**/*.integration.test.ts`; the global set-up starts
//   PostgreSQL and synthesises the IVR prompts, and suites drive SIPp, Chromium, rtpengine and
//   network namespaces. Run in two lanes (BROWSERS_LANE and the rest) by `pnpm test:integration`.
// - `integration-beside`: the integration files that need no RTP ports (BESIDE), run beside
//   `integration`.
// `pnpm test:unit`, `pnpm test:integration` (both integration projects, three vitest runs side by
// side); `vitest run --project <name> <file>` for one file.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
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
          include: LANE === 'browsers' ? BROWSERS_LANE : ['test/**/*.test.ts', SRC_INTEGRATION],
          exclude: ['**/node_modules/**', ...BESIDE, ...(LANE === 'calls' ? BROWSERS_LANE : [])],
          // Only this project's set-up: vitest runs the root config's globalSetup on every run.
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-beside',
          include: BESIDE,
          globalSetup: ['test/support/global-setup.ts'],
          // Its own SIP port slots (test/support/lane.ts), also when run by hand beside a lane.
          env: { KEFU_TEST_LANE: 'beside' },
          // `pnpm test:integration` runs these at the lowest CPU priority beside both lanes: a
          // test that needs 20 s of CPU can wait a minute for it while the lanes' files are busy
          // (fuzzing, SIP floods, two browsers). Four times the default, so a wait for the CPU
          // is not a failure; a test that hangs still fails.
          testTimeout: 120_000,
        },
      },
    ],
  },
});
