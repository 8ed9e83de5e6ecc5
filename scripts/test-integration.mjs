// `pnpm test:integration`: the integration project and the files that can run beside it
// (`integration-beside`: a phone idle behind NAT for 5 minutes, and the HTTP API files) as two
// vitest runs side by side.
//
// Why two processes: the integration files run one at a time (each test server walks the same
// RTP port range from 20000, so two at once collide), and vitest serialises projects that set
// their own worker count within one run. The files beside them never open an RTP port: the
// waiting one runs in network namespaces of its own and uses almost no CPU while it waits, the
// API files build the app without SIP. One after the other they cost about 9 minutes.
//
// The run beside's report is printed when it ends; the exit status fails if either run fails.
// A CI log is often read from its tail, so the names of the failed tests of both runs are
// repeated last of all.
import { spawn } from 'node:child_process';
import process from 'node:process';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

// The package's CLI entry (its `bin`; `exports` does not list it).
const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const extra = process.argv.slice(2);

function run(project, { buffered, lowPriority = false }) {
  // Files named on the command line may all be in one of the projects: the other finds none.
  const args = ['run', '--project', project, ...extra, ...(extra.length ? ['--passWithNoTests'] : [])];
  const child = spawn(process.execPath, [vitest, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A piped run would lose its colours though its report ends on a terminal.
    env: process.stdout.isTTY && !process.env.NO_COLOR ? { FORCE_COLOR: '1', ...process.env } : process.env,
  });
  // The files beside use the CPU the one-at-a-time files leave (they mostly wait on timers, SIP
  // and browsers): at the lowest priority they never slow those down, which on two cores they
  // did by a third. Set before the child starts its workers and database, which inherit it.
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
    child.on('exit', (code, signal) => resolve({ project, code: code ?? (signal ? 1 : 0), output })),
  );
  return { child, done };
}

const waits = run('integration-beside', { buffered: true, lowPriority: true });
const main = run('integration', { buffered: false });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    waits.child.kill(signal);
    main.child.kill(signal);
  });
}

const [mainResult, waitsResult] = await Promise.all([main.done, waits.done]);
process.stdout.write(
  `\n── integration-beside (ran beside the integration files) ──\n${waitsResult.output}\n`,
);
for (const r of [mainResult, waitsResult]) {
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
    `${r.project}: failed (exit ${r.code})\n${failed
      .slice(0, 40)
      .map((l) => `  ${l}\n`)
      .join('')}`,
  );
}
process.exit(mainResult.code !== 0 || waitsResult.code !== 0 ? 1 : 0);
