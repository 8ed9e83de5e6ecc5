import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let postgres: PostgresServer | undefined;

/** Starts the services shared by all suites: one PostgreSQL server (each suite makes its own database). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  postgres = await startPostgres();
  project.provide('postgresUrl', postgres.url);
  return async () => {
    await postgres?.stop();
  };
}
