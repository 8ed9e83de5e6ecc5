// Generates one engine-less Prisma client per provider from the single schema.prisma.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { postgresSchemaPath, schemaPath } from '../paths.js';
import { runPrisma } from '../prisma-cli.js';
import { toPostgresSchema } from '../schema-variants.js';

mkdirSync(path.dirname(postgresSchemaPath), { recursive: true });
writeFileSync(
  postgresSchemaPath,
  `// GENERATED from prisma/schema.prisma by src/cli/generate.ts — do not edit.\n${toPostgresSchema(readFileSync(schemaPath, 'utf8'))}`,
);
runPrisma(['generate', '--schema', schemaPath]);
runPrisma(['generate', '--schema', postgresSchemaPath], { DATABASE_URL: 'postgresql://localhost/unused' });
console.log('Prisma clients generated (sqlite, postgresql).');
