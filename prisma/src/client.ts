import { createRequire } from 'node:module';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { PrismaClient } from '../generated/sqlite/index.js';
import type { DatabaseTarget, Provider } from './database-url.js';

const require = createRequire(import.meta.url);

/**
 * The Prisma client type. Both generated clients come from the same models, so the
 * PostgreSQL client is used through the SQLite client's (identical) type.
 */
export type Db = PrismaClient;

const providers = new WeakMap<object, Provider>();

/**
 * Which database a client talks to, for the few raw SQL statements that differ (placeholders,
 * casts). Clients not opened by `openDatabase` are asked for the provider Prisma generated them for.
 */
export function providerOf(db: Db): Provider {
  const known = providers.get(db);
  if (known) return known;
  const generated = (db as unknown as { _activeProvider?: string })._activeProvider;
  return generated === 'postgresql' ? 'postgresql' : 'sqlite';
}

/** Opens the database with the engine-less client and the driver adapter for its provider. */
export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  if (target.provider === 'sqlite') {
    const { PrismaClient: SqliteClient } =
      require('../generated/sqlite/index.js') as typeof import('../generated/sqlite/index.js');
    const db = new SqliteClient({
      adapter: new PrismaBetterSQLite3({ url: target.location, timeout: 10_000 }),
    });
    // WAL lets the console read while calls write; NORMAL sync is safe with WAL.
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
    providers.set(db, 'sqlite');
    return db;
  }
  const { PrismaClient: PgClient } = require('../generated/postgresql/index.js') as {
    PrismaClient: new (options: { adapter: PrismaPg }) => unknown;
  };
  const db = new PgClient({ adapter: new PrismaPg({ connectionString: target.location }) }) as Db;
  await db.$connect();
  providers.set(db, 'postgresql');
  return db;
}
