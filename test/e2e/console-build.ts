// The e2e suites drive the built console (agent-ui/dist) served by the CTI server.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const agentUiDir = path.resolve(import.meta.dirname, '..', '..', 'agent-ui');
export const consoleDist = path.join(agentUiDir, 'dist');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the console when dist/ is missing or older than its sources (vite, a few seconds). */
export function ensureConsoleBuilt(): string {
  const index = path.join(consoleDist, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(agentUiDir, 'src')),
    statSync(path.join(agentUiDir, 'index.html')).mtimeMs,
  );
  if (!existsSync(index) || statSync(index).mtimeMs < sources) {
    // vitest runs with NODE_ENV=test: Vite would then bundle React's development build.
    execFileSync('pnpm', ['--filter', '@kefu/agent-ui', 'build'], {
      stdio: 'pipe',
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
  return consoleDist;
}
