import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { packageDir } from './paths.js';

const require = createRequire(import.meta.url);

/**
 * Runs the Prisma CLI without letting it download engine binaries (this project runs
 * engine-less: driver adapters + the wasm query compiler; see prisma.config.ts).
 */
export function runPrisma(args: string[], env: Record<string, string> = {}): string {
  const cli = require.resolve('prisma/build/index.js');
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    env: {
      ...process.env,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
      PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
      CHECKPOINT_DISABLE: '1',
      ...env,
    },
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}
