import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

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

const PACKAGES = '{cti-server,ivr-flows,prisma,agent-ui}';
/** Tests beside their source that drive real sockets or outside programs (SIPp, espeak-ng). */
const SRC_INTEGRATION = `${PACKAGES}/src/**/*.integration.test.{ts,tsx}`;

// One runner for the whole workspace, three projects:
// - `unit`: tests beside their source (`*/src/**/*.test.ts`), pure code on fakes and simulated
//   clocks; no global set-up, no database server, no outside program. Runs in seconds.
// - `integration`: `test/**` plus `*/src/**/*.integration.test.ts`; the global set-up starts
//   PostgreSQL and synthesises the IVR prompts, and suites drive SIPp, Chromium, rtpengine and
//   network namespaces.
// - `integration-beside`: the integration files that need no RTP ports (BESIDE), run beside
//   `integration`.
// `pnpm test:unit`, `pnpm test:integration` (both integration projects); `vitest run --project
// <name> <file>` for one file.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
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
          exclude: ['**/node_modules/**', ...BESIDE],
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
        },
      },
    ],
  },
});
