// pnpm seed [--customers N] [--if-empty]
import { openDatabase } from '../client.js';
import { resolveDatabase } from '../database-url.js';
import { migrate } from '../migrate.js';
import { SeedRefusedError, seedDemo } from '../seed/seed-demo.js';

const args = process.argv.slice(2);
const countArg = args.indexOf('--customers');
const customers = countArg >= 0 ? Number(args[countArg + 1]) : undefined;
if (customers !== undefined && !(Number.isInteger(customers) && customers > 0)) {
  console.error('--customers takes a positive whole number');
  process.exit(2);
}

const target = resolveDatabase();
await migrate(target);
const db = await openDatabase(target);
try {
  if (args.includes('--if-empty') && (await db.user.count()) > 0) {
    console.log('Database already seeded; leaving it as it is.');
  } else {
    const started = Date.now();
    await seedDemo(db, { customers, log: (line) => console.log(`  ${line}`) });
    console.log(`Seeded demo data in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    console.log(
      'Logins (demo only): agents 1001–1020 / demo-<ext> (web and SIP), sup1 / demo-sup1, mkt1 / demo-mkt1, admin / demo-admin',
    );
  }
} catch (err) {
  if (err instanceof SeedRefusedError) {
    console.error(`Seed refused: ${err.message}`);
    process.exitCode = 1;
  } else throw err;
} finally {
  await db.$disconnect();
}
