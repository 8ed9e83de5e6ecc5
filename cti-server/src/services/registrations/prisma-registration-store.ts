import type { Db } from '@kefu/db';
import type { Binding } from '../../registrar/location-service.js';
import {
  fromRecord,
  toRecord,
  type RegistrationRecord,
  type RegistrationStore,
} from '../../registrar/registration-store.js';

type RegistrationRow = Awaited<ReturnType<Db['registration']['findMany']>>[number];

/**
 * Phones' registrations in the database (`Registration`, one row per binding, keyed by AOR and
 * binding key). The location service calls `save` at most once per write-behind batch, with
 * every AOR changed since: one transaction, one DELETE of those AORs' rows and one multi-row
 * INSERT of their live sets, whatever the number of phones that refreshed meanwhile.
 */
export function createPrismaRegistrationStore(
  db: Db,
  /** A stored row that cannot be read back (skipped; it is deleted when it expires). */
  onUnreadable?: (row: { aor: string; bindingKey: string }, error: unknown) => void,
): RegistrationStore {
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
      const rows = [...changes.values()].flat().map((b) => rowOf(toRecord(b)));
      await db.$transaction([
        db.registration.deleteMany({ where: { aor: { in: [...changes.keys()] } } }),
        db.registration.createMany({ data: rows }),
      ]);
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
