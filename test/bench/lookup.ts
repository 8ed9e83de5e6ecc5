// pnpm bench:lookup [--customers 1000000] [--samples 20000] [--db file:/path/to.db]
// Caller lookup by phone on a large customer base, in-process: the service function alone and
// the whole HTTP route through Fastify inject (auth + validation + serialisation included).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, resolveDatabase } from '@kefu/db';
import { lookupByPhone } from '@kefu/cti-server/services/crm/customer-service';
import { buildTestApp, loginAs } from '../support/api-app.js';
import { summarize } from './stats.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const repo = path.resolve(import.meta.dirname, '..', '..');
const customers = Number(arg('customers', '1000000'));
const samples = Number(arg('samples', '20000'));
const url = arg('db', `file:${path.join(repo, 'data', `bench-${customers}.db`)}`);
const target = resolveDatabase(url);
if (target.provider !== 'sqlite') throw new Error('this benchmark measures the embedded SQLite default');

let db = await openDatabase(target);
const have = existsSync(target.location) ? await db.customer.count().catch(() => 0) : 0;
if (have < customers) {
  await db.$disconnect();
  if (existsSync(target.location))
    throw new Error(`${target.location} has ${have} customers; delete it to re-seed`);
  console.log(`seeding ${customers} customers into ${target.location} (one-off)…`);
  execFileSync('pnpm', ['--filter', '@kefu/db', 'seed', '--customers', String(customers)], {
    cwd: repo,
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: url },
  });
  db = await openDatabase(target);
}

// Sample real numbers, spread over the table, and ask for them in the formats carriers use.
const rows = await db.$queryRawUnsafe<{ e164: string; raw: string }[]>(
  `SELECT e164, raw FROM PhoneNumber WHERE rowid % ${Math.max(1, Math.floor((customers * 1.2) / samples))} = 0 LIMIT ${samples}`,
);
const formats = rows.map((r, i) => [r.e164, r.raw, `00${r.e164.slice(1)}`][i % 3] ?? r.e164);

const region = 'CN';
for (const q of formats.slice(0, 200)) await lookupByPhone(db, q, region); // warm-up
let misses = 0;
const direct: number[] = [];
for (const q of formats) {
  const t0 = performance.now();
  const r = await lookupByPhone(db, q, region);
  direct.push(performance.now() - t0);
  if (r.matches.length === 0) misses++;
}

const app = await buildTestApp(db);
const { headers } = await loginAs(app, '1001');
const viaHttp: number[] = [];
for (const q of formats) {
  const t0 = performance.now();
  const res = await app.inject({ url: `/api/customers/lookup?phone=${encodeURIComponent(q)}`, headers });
  viaHttp.push(performance.now() - t0);
  if (res.statusCode !== 200) misses++;
}
await app.close();

const size =
  statSync(target.location).size +
  (existsSync(`${target.location}-wal`) ? statSync(`${target.location}-wal`).size : 0);
console.log(
  `\nlookup?phone= on ${customers.toLocaleString()} customers (${rows.length} sampled numbers, SQLite ${(size / 1048576).toFixed(0)} MiB)`,
);
console.log(summarize('service (normalise + query)', direct));
console.log(summarize('HTTP route via inject (auth incl.)', viaHttp));
console.log(`misses: ${misses} (expected 0)`);
