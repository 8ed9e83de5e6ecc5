import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import {
  migrate,
  openDatabase,
  seedDemo,
  type Db,
  type DatabaseTarget,
  type Provider,
  type SeedOptions,
} from '@kefu/db';

export const PROVIDERS: Provider[] = ['sqlite', 'postgresql'];

export interface TestDatabase {
  db: Db;
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A fresh, migrated and demo-seeded database of the given provider, private to one suite. */
export async function createTestDatabase(
  provider: Provider,
  customers = 60,
  seed: Omit<SeedOptions, 'customers'> = {},
): Promise<TestDatabase> {
  let target: DatabaseTarget;
  let cleanup: () => Promise<void>;
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'kefu-sqlite-'));
    target = { provider, location: path.join(dir, 'kefu.db') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = inject('postgresUrl');
    const name = `kefu_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await withClient(admin, (c) => c.query(`CREATE DATABASE ${name}`));
    target = { provider, location: admin.replace(/\/postgres$/, `/${name}`) };
    cleanup = async () => {
      await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    };
  }
  await migrate(target);
  const db = await openDatabase(target);
  await seedDemo(db, { ...seed, customers });
  return {
    db,
    target,
    drop: async () => {
      await db.$disconnect();
      await cleanup();
    },
  };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
