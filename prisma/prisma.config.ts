process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= '/bin/false';
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= '/bin/false';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'schema.prisma',
  adapter: async () => new PrismaBetterSQLite3({ url: 'file::memory:' }),
});
