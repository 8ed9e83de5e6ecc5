import path from 'node:path';
import { repoRoot } from './paths.js';

export type Provider = 'sqlite' | 'postgresql';

export interface DatabaseTarget {
  provider: Provider;
  /** For sqlite: absolute file path (or ':memory:'); for postgresql: the connection string. */
  location: string;
}

/** Where kefu keeps its files (SQLite database, recordings, prompts). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR ?? path.join(repoRoot, 'data'));
}

/**
 * DATABASE_URL picks the database: `postgres://…`/`postgresql://…` for PostgreSQL,
 * `file:…` (or unset → `<DATA_DIR>/kefu.db`) for the embedded SQLite default.
 */
export function resolveDatabase(url = process.env.DATABASE_URL): DatabaseTarget {
  if (!url) return { provider: 'sqlite', location: path.join(dataDir(), 'kefu.db') };
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: 'postgresql', location: url };
  if (url.startsWith('file:')) {
    const file = url.slice('file:'.length);
    return { provider: 'sqlite', location: file === ':memory:' ? file : path.resolve(file) };
  }
  throw new Error(`DATABASE_URL must start with file:, postgres:// or postgresql:// (got "${url}")`);
}
