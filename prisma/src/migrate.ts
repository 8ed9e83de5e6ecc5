// kefu's migration runner: applies prisma/migrations/<provider>/*.sql in order, once each,
// inside a transaction, and remembers them in _kefu_migrations with a checksum. It exists
// because Prisma's `migrate deploy` needs a native engine that cannot be installed offline.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseTarget } from './database-url.js';
import { migrationsDir } from './paths.js';

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

interface MigrationDriver {
  applied(): Promise<Map<string, string>>;
  apply(m: Migration): Promise<void>;
  close(): Promise<void>;
}

const TABLE = `CREATE TABLE IF NOT EXISTS "_kefu_migrations" (
  "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)`;

function loadMigrations(provider: DatabaseTarget['provider']): Migration[] {
  const dir = path.join(migrationsDir, provider);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const sql = readFileSync(path.join(dir, file), 'utf8');
      return {
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

function sqliteDriver(file: string): MigrationDriver {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(TABLE);
  return {
    applied: async () =>
      new Map(
        (
          db.prepare('SELECT name, checksum FROM _kefu_migrations').all() as {
            name: string;
            checksum: string;
          }[]
        ).map((r) => [r.name, r.checksum]),
      ),
    apply: async (m) => {
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO _kefu_migrations (name, checksum, applied_at) VALUES (?, ?, ?)').run(
          m.name,
          m.checksum,
          new Date().toISOString(),
        );
      })();
    },
    close: async () => {
      db.close();
    },
  };
}

async function postgresDriver(url: string): Promise<MigrationDriver> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(TABLE);
  return {
    applied: async () =>
      new Map(
        (
          await client.query<{ name: string; checksum: string }>(
            'SELECT name, checksum FROM _kefu_migrations',
          )
        ).rows.map((r) => [r.name, r.checksum]),
      ),
    apply: async (m) => {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO _kefu_migrations (name, checksum, applied_at) VALUES ($1, $2, $3)', [
          m.name,
          m.checksum,
          new Date().toISOString(),
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    },
    close: () => client.end(),
  };
}

/** Applies pending migrations; returns the names applied. Refuses edited, already-applied ones. */
export async function migrate(target: DatabaseTarget): Promise<string[]> {
  const driver =
    target.provider === 'sqlite' ? sqliteDriver(target.location) : await postgresDriver(target.location);
  try {
    const applied = await driver.applied();
    const done: string[] = [];
    for (const m of loadMigrations(target.provider)) {
      const previous = applied.get(m.name);
      if (previous === m.checksum) continue;
      if (previous) throw new Error(`migration ${m.name} was edited after it was applied (checksum differs)`);
      await driver.apply(m);
      done.push(m.name);
    }
    return done;
  } finally {
    await driver.close();
  }
}
