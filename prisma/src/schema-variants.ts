/**
 * The PostgreSQL variant of schema.prisma: same models, other provider and client output.
 * One source of truth for both databases; the SQLite file is the one developers edit.
 */
export function toPostgresSchema(sqliteSchema: string): string {
  const pg = sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = env("DATABASE_URL")')
    .replace('output     = "./generated/sqlite"', 'output     = "."');
  if (pg === sqliteSchema)
    throw new Error('schema.prisma: expected the sqlite datasource and generator lines');
  return pg;
}
