// Prisma CLI config. kefu runs Prisma engine-less (driver adapters + wasm query compiler) and
// offline: these two variables stop the CLI from downloading native engines it does not need.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= '/bin/false';

import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'schema.prisma',
  // Only `migrate diff` uses the CLI's engine here; it needs no real database.
  adapter: async () => new PrismaBetterSQLite3({ url: 'file::memory:' }),
});
