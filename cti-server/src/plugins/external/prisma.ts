import fp from 'fastify-plugin';
import { openDatabase, resolveDatabase, type Db } from '@kefu/db';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export interface PrismaPluginOptions {
  /** An already-open client (tests share one); otherwise DATABASE_URL / the data dir decide. */
  db?: Db;
  databaseUrl?: string;
}

export default fp<PrismaPluginOptions>(
  async (app, opts) => {
    const owned = !opts.db;
    const db = opts.db ?? (await openDatabase(resolveDatabase(opts.databaseUrl)));
    app.decorate('db', db);
    if (owned) app.addHook('onClose', async () => db.$disconnect());
  },
  { name: 'prisma' },
);
