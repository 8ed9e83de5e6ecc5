// pnpm seed [--customers N] [--if-empty]
import { openDatabase } from '../client.js';
import { resolveDatabase } from '../database-url.js';
import { migrate } from '../migrate.js';
import { appendBulkCustomers } from '../seed/bulk-customers.js';
import { DEMO_CUSTOMERS, DEMO_TRAFFIC_DAYS, SeedRefusedError, seedDemo } from '../seed/seed-demo.js';

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
    const total = customers ?? DEMO_CUSTOMERS;
    await seedDemo(db, {
      customers: Math.min(total, DEMO_CUSTOMERS),
      trafficDays: DEMO_TRAFFIC_DAYS,
      log: (line) => console.log(`  ${line}`),
    });
    if (total > DEMO_CUSTOMERS) {
      // Beyond the demo set: customers and phones only, through the driver (fast path).
      await appendBulkCustomers(target, DEMO_CUSTOMERS, total, (done) => {
        if (done % 100_000 === 0) console.log(`  bulk customers: ${done + DEMO_CUSTOMERS}/${total}`);
      });
      console.log(`  bulk customers: ${total}`);
    }
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
