import type { TestProject } from 'vitest/node';
import { PromptLibrary } from '@kefu/cti-server/prompts/index';
import { startPostgres, type PostgresServer } from './postgres-server.js';
import { SHARED_PROMPTS_DIR } from './shared-prompts.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let postgres: PostgresServer | undefined;

/**
 * The `integration` project's global set-up (the `unit` project has none): starts the services
 * its suites share, one PostgreSQL server (each suite makes its own database) and the IVR
 * prompts, synthesised once (espeak-ng) for every test server.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prompts = new PromptLibrary({ dataDir: SHARED_PROMPTS_DIR, dir: SHARED_PROMPTS_DIR });
  [postgres] = await Promise.all([startPostgres(), prompts.build()]);
  project.provide('postgresUrl', postgres.url);
  return async () => {
    await postgres?.stop();
  };
}
