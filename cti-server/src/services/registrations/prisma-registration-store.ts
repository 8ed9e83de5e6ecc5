import { providerOf, type Db } from '@kefu/db';
import type { Binding } from '../../registrar/location-service.js';
import {
  fromRecord,
  toRecord,
  type RegistrationRecord,
  type RegistrationStore,
} from '../../registrar/registration-store.js';

type RegistrationRow = Awaited<ReturnType<Db['registration']['findMany']>>[number];

/** The columns of `Registration` and how PostgreSQL must read each bound value. */
const COLUMNS = {
  aor: 'text',
  bindingKey: 'text',
  contact: 'text',
  q: 'double precision',
  transport: 'text',
  sourceAddress: 'text',
  sourcePort: 'integer',
  localAddress: 'text',
  localPort: 'integer',
  connectionId: 'text',
  callId: 'text',
  cseq: 'integer',
  instanceId: 'text',
  regId: 'integer',
  userAgent: 'text',
  expiresAt: 'timestamp(3)',
  updatedAt: 'timestamp(3)',
} as const satisfies Record<keyof RegistrationRow, string>;
const NAMES = Object.keys(COLUMNS) as Array<keyof RegistrationRow>;
/** Rows per INSERT and AORs per DELETE: far below SQLite's 32,766 bound values. */
const ROWS_PER_STATEMENT = 400;

/**
 * Phones' registrations in the database (`Registration`, one row per binding, keyed by AOR and
 * binding key). The location service calls `save` at most once per write-behind batch, with
 * every AOR changed since: one transaction of plain SQL, a DELETE of those AORs' rows and a
 * multi-row INSERT of their live sets, whatever the number of phones that refreshed meanwhile.
 * Plain SQL as in `services/write-queue.ts`: a typed Prisma query is compiled and interpreted on
 * the main thread each time, which cost about 25 ms for one AOR and seconds for a few thousand.
 */
export function createPrismaRegistrationStore(
  db: Db,
  /** A stored row that cannot be read back (skipped; it is deleted when it expires). */
  onUnreadable?: (row: { aor: string; bindingKey: string }, error: unknown) => void,
): RegistrationStore {
  const provider = providerOf(db);
  const placeholder = (values: unknown[], value: unknown, type: string): string => {
    values.push(value);
    return provider === 'sqlite' ? '?' : `CAST($${values.length} AS ${type})`;
  };
  const statements = (changes: ReadonlyMap<string, readonly Binding[]>) => {
    const out: Array<{ sql: string; values: unknown[] }> = [];
    const aors = [...changes.keys()];
    for (let i = 0; i < aors.length; i += ROWS_PER_STATEMENT) {
      const values: unknown[] = [];
      const list = aors.slice(i, i + ROWS_PER_STATEMENT).map((aor) => placeholder(values, aor, 'text'));
      out.push({ sql: `DELETE FROM "Registration" WHERE "aor" IN (${list.join(', ')})`, values });
    }
    const rows = [...changes.values()].flat().map((b) => rowOf(toRecord(b)));
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const values: unknown[] = [];
      const tuples = rows
        .slice(i, i + ROWS_PER_STATEMENT)
        .map((row) => `(${NAMES.map((c) => placeholder(values, row[c], COLUMNS[c])).join(', ')})`);
      out.push({
        sql: `INSERT INTO "Registration" (${NAMES.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
        values,
      });
    }
    return out;
  };
  return {
    async load(now) {
      const rows = await db.registration.findMany({ where: { expiresAt: { gt: new Date(now) } } });
      const bindings: Binding[] = [];
      for (const row of rows) {
        try {
          bindings.push(fromRecord(recordOf(row)));
        } catch (error) {
          onUnreadable?.(row, error);
        }
      }
      return bindings;
    },
    async save(changes) {
      if (changes.size === 0) return;
      await db.$transaction(statements(changes).map((s) => db.$executeRawUnsafe(s.sql, ...s.values)));
    },
    async removeExpired(now) {
      const { count } = await db.registration.deleteMany({ where: { expiresAt: { lte: new Date(now) } } });
      return count;
    },
  };
}

function rowOf(record: RegistrationRecord): RegistrationRow {
  return { ...record, expiresAt: new Date(record.expiresAt), updatedAt: new Date(record.updatedAt) };
}

function recordOf(row: RegistrationRow): RegistrationRecord {
  return {
    ...row,
    transport: row.transport as RegistrationRecord['transport'],
    expiresAt: row.expiresAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}
