// `pnpm test:integration`: the integration files as three vitest runs side by side.
//
// - lane `calls` and lane `browsers` (project `integration`, vitest.config.ts says which file is
//   in which): each runs its files one at a time, and each has its own RTP port range and SIP
//   port slots (test/support/lane.ts), so a file of one lane never takes the ports of the file
//   running in the other. Within a lane files stay one at a time: the lane's test servers walk
//   one RTP range. The browser files are one lane so that at most one drives Chromium at a time.
// - `integration-beside` (a phone idle behind NAT for 5 minutes, in namespaces of its own, and
//   the HTTP API files, which build the app without SIP and never open an RTP port): two files
//   at a time (the idle wait beside the API files), at the lowest CPU priority.
// One after the other the lanes cost about 22 minutes on CI's two cores; side by side they take
// about as long as the longest lane: the call and browser files mostly wait on SIP timers, media
// and pages (half to three quarters of a core each), and the API files take the CPU they leave.
//
// The calls lane's report streams; the others' are printed when all have ended, then how long
// each took. The exit status fails if any run fails, and as a CI log is often read from its
// tail, the names of the failed files and tests of every run are repeated last of all.
import { spawn } from 'node:child_process';
import process from 'node:process';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

// The package's CLI entry (its `bin`; `exports` does not list it).
const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const extra = process.argv.slice(2);

function run(name, project, { lane, workers, buffered, lowPriority = false }) {
  const args = [
    'run',
    '--project',
    project,
    `--maxWorkers=${workers}`,
    ...extra,
    // Files named on the command line may all be in one run: the others find none.
    ...(extra.length ? ['--passWithNoTests'] : []),
  ];
  const started = Date.now();
  const child = spawn(process.execPath, [vitest, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      // A piped run would lose its colours though its report ends on a terminal.
      ...(process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1' } : {}),
      ...process.env,
      KEFU_TEST_LANE: lane,
    },
  });
  // The API files use the CPU the lanes leave (those mostly wait on timers, SIP and browsers):
  // at the lowest priority they never slow them down, which on two cores they did by a third.
  // Set before the child starts its workers and database, which inherit it.
  if (lowPriority) setPriority(child.pid, 19);
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
    if (!buffered) process.stdout.write(d);
  });
  child.stderr.on('data', (d) => {
    output += d;
    if (!buffered) process.stderr.write(d);
  });
  const done = new Promise((resolve) =>
    child.on('exit', (code, signal) =>
      resolve({
        name,
        code: code ?? (signal ? 1 : 0),
        output,
        seconds: Math.round((Date.now() - started) / 1000),
      }),
    ),
  );
  return { child, done };
}

const runs = [
  run('integration (lane calls)', 'integration', { lane: 'calls', workers: 1, buffered: false }),
  run('integration (lane browsers)', 'integration', { lane: 'browsers', workers: 1, buffered: true }),
  run('integration-beside', 'integration-beside', {
    lane: 'beside',
    workers: 2,
    buffered: true,
    lowPriority: true,
  }),
];
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const r of runs) r.child.kill(signal);
  });
}

const results = await Promise.all(runs.map((r) => r.done));
for (const r of results.slice(1))
  process.stdout.write(`\n── ${r.name} (ran beside the calls lane) ──\n${r.output}\n`);
process.stdout.write(`\n${results.map((r) => `${r.name}: ${r.seconds} s`).join(', ')}\n`);
for (const r of results) {
  if (r.code === 0) continue;
  // Vitest marks each failed file and test with FAIL or ×; colours stripped to match.
  // eslint-disable-next-line no-control-regex
  const plain = r.output.replace(/\u001b\[[0-9;]*m/g, '');
  const failed = [
    ...new Set(
      plain
        .split('\n')
        .filter((l) => /^\s*(FAIL\s|×\s)/.test(l))
        .map((l) => l.trim()),
    ),
  ];
  process.stderr.write(
    `${r.name}: failed (exit ${r.code})\n${failed
      .slice(0, 40)
      .map((l) => `  ${l}\n`)
      .join('')}`,
  );
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
