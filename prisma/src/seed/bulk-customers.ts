// Bulk customers for load work (`pnpm seed --customers 1000000`): customers and their phone
// numbers only, written with the database driver directly. Prisma's createMany is correct but
// ~50× slower for a million rows; the columns here mirror schema.prisma (Customer, PhoneNumber).
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseTarget } from '../database-url.js';
import { generateCustomer, type GeneratedCustomer } from './customers.js';
import { SeededRandom } from './random.js';

const DAY = 86_400_000;
const BATCH = 5_000;

function* batches(from: number, to: number): Generator<GeneratedCustomer[]> {
  const rnd = new SeededRandom(from * 7919 + 1);
  for (let start = from; start < to; start += BATCH) {
    const batch: GeneratedCustomer[] = [];
    for (let i = start; i < Math.min(to, start + BATCH); i++) batch.push(generateCustomer(i, rnd));
    yield batch;
  }
}

/** Appends generated customers [from, to) with their phones; returns how many were written. */
export async function appendBulkCustomers(
  target: DatabaseTarget,
  from: number,
  to: number,
  onProgress: (done: number) => void = () => {},
): Promise<number> {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  if (target.provider === 'sqlite') {
    const db = new Database(target.location);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const customer = db.prepare(
      `INSERT INTO "Customer" (id, kind, accountNumber, name, companyName, segment, email, city, language,
        lifecycleStage, stageEnteredAt, vipTier, valueQuadrant, personality, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const phone = db.prepare(
      `INSERT INTO "PhoneNumber" (id, e164, raw, type, label, customerId, isPrimary) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const created = iso(now).replace('Z', '+00:00');
    const write = db.transaction((batch: GeneratedCustomer[]) => {
      for (const c of batch) {
        customer.run(
          c.id,
          c.kind,
          c.accountNumber,
          c.name,
          c.companyName,
          c.segment,
          c.email,
          c.city,
          c.language,
          c.lifecycleStage,
          iso(now - c.stageDaysAgo * DAY).replace('Z', '+00:00'),
          c.vipTier,
          c.valueQuadrant,
          c.personality,
          created,
          created,
        );
        c.phones.forEach((p, k) =>
          phone.run(`ph_${c.id}_${k}`, p.e164, p.raw, p.type, p.label, c.id, p.isPrimary ? 1 : 0),
        );
      }
    });
    let done = 0;
    for (const batch of batches(from, to)) {
      write(batch);
      onProgress((done += batch.length));
    }
    db.close();
    return done;
  }

  const client = new pg.Client({ connectionString: target.location });
  await client.connect();
  let done = 0;
  try {
    for (const batch of batches(from, to)) {
      const col = <K extends keyof GeneratedCustomer>(k: K) => batch.map((c) => c[k]);
      await client.query(
        `INSERT INTO "Customer" (id, kind, "accountNumber", name, "companyName", segment, email, city, language,
           "lifecycleStage", "stageEnteredAt", "vipTier", "valueQuadrant", personality, "createdAt", "updatedAt")
         SELECT id, kind::"CustomerKind", acc, name, company, segment, email, city, language,
           stage::"LifecycleStage", entered, vip, quadrant::"ValueQuadrant", personality::"Personality", now(), now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::text[], $10::text[], $11::timestamptz[], $12::int[], $13::text[], $14::text[])
           AS t(id, kind, acc, name, company, segment, email, city, language, stage, entered, vip, quadrant, personality)`,
        [
          col('id'),
          col('kind'),
          col('accountNumber'),
          col('name'),
          col('companyName'),
          col('segment'),
          col('email'),
          col('city'),
          col('language'),
          col('lifecycleStage'),
          batch.map((c) => iso(now - c.stageDaysAgo * DAY)),
          col('vipTier'),
          col('valueQuadrant'),
          col('personality'),
        ],
      );
      const phones = batch.flatMap((c) =>
        c.phones.map((p, k) => ({ ...p, id: `ph_${c.id}_${k}`, customerId: c.id })),
      );
      await client.query(
        `INSERT INTO "PhoneNumber" (id, e164, raw, type, label, "customerId", "isPrimary")
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[])`,
        [
          phones.map((p) => p.id),
          phones.map((p) => p.e164),
          phones.map((p) => p.raw),
          phones.map((p) => p.type),
          phones.map((p) => p.label),
          phones.map((p) => p.customerId),
          phones.map((p) => p.isPrimary),
        ],
      );
      onProgress((done += batch.length));
    }
  } finally {
    await client.end();
  }
  return done;
}
