// Writes the next migration for both providers: the SQL that takes the last migrated schema
// (migrations/schema.snapshot.prisma) to the current schema.prisma, via `prisma migrate diff`.
// Applied later by src/migrate.ts (Prisma's own `migrate deploy` cannot run offline here).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrationsDir, schemaPath, schemaSnapshotPath } from '../paths.js';
import { runPrisma } from '../prisma-cli.js';
import { toPostgresSchema } from '../schema-variants.js';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
if (!name) {
  console.error('usage: pnpm --filter @kefu/db migration:new <name>');
  process.exit(2);
}

const work = path.join(tmpdir(), `kefu-migration-${process.pid}`);
mkdirSync(work, { recursive: true });
const write = (file: string, text: string): string => {
  const full = path.join(work, file);
  writeFileSync(full, text);
  return full;
};

const current = readFileSync(schemaPath, 'utf8');
const previous = existsSync(schemaSnapshotPath) ? readFileSync(schemaSnapshotPath, 'utf8') : null;
const sqliteDir = path.join(migrationsDir, 'sqlite');
const seq = String(existsSync(sqliteDir) ? readdirSync(sqliteDir).length + 1 : 1).padStart(4, '0');

for (const provider of ['sqlite', 'postgresql'] as const) {
  const variant = (s: string): string => (provider === 'sqlite' ? s : toPostgresSchema(s));
  const to = write(`to-${provider}.prisma`, variant(current));
  const from = previous
    ? ['--from-schema-datamodel', write(`from-${provider}.prisma`, variant(previous))]
    : ['--from-empty'];
  const sql = runPrisma(['migrate', 'diff', ...from, '--to-schema-datamodel', to, '--script'], {
    DATABASE_URL: 'postgresql://localhost/unused',
  }).replace(/^Loaded Prisma config.*\n/m, '');
  if (!/\S/.test(sql.replace(/^--.*$/gm, ''))) {
    console.log(`${provider}: schema unchanged, no migration written`);
    process.exit(0);
  }
  const dir = path.join(migrationsDir, provider);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${seq}_${name}.sql`);
  writeFileSync(file, sql.trimStart());
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
copyFileSync(schemaPath, schemaSnapshotPath);
