import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** Absolute locations inside the `prisma/` package, independent of the caller's cwd. */
export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(packageDir, '..');
export const schemaPath = path.join(packageDir, 'schema.prisma');
export const postgresSchemaPath = path.join(packageDir, 'generated', 'postgresql', 'schema.prisma');
export const migrationsDir = path.join(packageDir, 'migrations');
export const schemaSnapshotPath = path.join(migrationsDir, 'schema.snapshot.prisma');
