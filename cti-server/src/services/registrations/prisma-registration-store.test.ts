import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '@kefu/db';
import { SimulatedClock } from '../../clock/index.js';
import { LocationService } from '../../registrar/location-service.js';
import { parseNameAddr } from '../../sip/message/name-addr.js';
import type { Endpoint } from '../../sip/transport/transport.js';
import { createPrismaRegistrationStore } from './prisma-registration-store.js';

const NATTED: Endpoint = {
  protocol: 'UDP',
  address: '203.0.113.7',
  port: 61234,
  local: { address: '192.0.2.10', port: 5060 },
};
const WS: Endpoint = { protocol: 'WS', address: '10.0.0.9', port: 40000, connectionId: 'ws-7' };

/** A fresh migrated SQLite database (no seed: registrations refer to nothing). */
async function sqliteDb(): Promise<{ db: Db; drop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-registrations-'));
  const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
  await migrate(target);
  const db = await openDatabase(target);
  return {
    db,
    drop: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('registrations in the database', () => {
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await drop?.();
    drop = undefined;
  });

  it('stores what the location service writes and restores it in a new process, UDP only', async () => {
    const database = await sqliteDb();
    drop = database.drop;
    const { db } = database;
    const clock = new SimulatedClock(Date.UTC(2026, 11, 4, 9));
    const store = createPrismaRegistrationStore(db);
    const before = new LocationService({ clock, store });
    const register = (aor: string, contact: string, flow: Endpoint, expiresIn = 300) =>
      before.apply(aor, [{ contact: parseNameAddr(contact), expiresIn, q: 1 }], {
        callId: `${aor}@phone`,
        cseq: 2,
        flow,
        userAgent: 'Desk/1',
      });
    register('1001', '<sip:1001@192.168.1.20:5060>;+sip.instance="<urn:uuid:1>";reg-id=1', NATTED);
    register('1002', '<sip:x@abc.invalid;transport=ws>', WS);
    register('1004', '<sip:1004@198.51.100.4>', { protocol: 'UDP', address: '198.51.100.4', port: 5060 }, 60);
    await before.flushStore();
    expect(await db.registration.findMany({ orderBy: { aor: 'asc' }, select: { aor: true } })).toEqual([
      { aor: '1001' },
      { aor: '1002' },
      { aor: '1004' },
    ]);
    expect(await db.registration.findFirst({ where: { aor: '1001' } })).toMatchObject({
      bindingKey: 'instance:<urn:uuid:1>|1',
      transport: 'UDP',
      sourceAddress: '203.0.113.7',
      sourcePort: 61234,
      localAddress: '192.0.2.10',
      instanceId: '<urn:uuid:1>',
      regId: 1,
      cseq: 2,
      expiresAt: new Date(clock.now() + 300_000),
    });
    // A row nobody can read back is skipped, not fatal.
    await db.registration.create({
      data: {
        aor: '1009',
        bindingKey: 'uri:bad',
        contact: '<not a uri',
        transport: 'UDP',
        sourceAddress: '10.0.0.1',
        sourcePort: 5060,
        callId: 'c',
        cseq: 1,
        expiresAt: new Date(clock.now() + 300_000),
        updatedAt: new Date(clock.now()),
      },
    });
    before.dispose();

    clock.advance(120_000);
    const unreadable: string[] = [];
    const after = new LocationService({
      clock,
      store: createPrismaRegistrationStore(db, (row) => unreadable.push(row.aor)),
    });
    expect(await after.restore()).toEqual({ restored: 1, dropped: 1, expired: 1 });
    expect(unreadable).toEqual(['1009']);
    expect(after.lookup('1001')).toMatchObject([{ flow: NATTED, instanceId: '<urn:uuid:1>', regId: 1 }]);
    expect((await db.registration.findMany({ select: { aor: true } })).map((r) => r.aor).sort()).toEqual([
      '1001',
      '1009',
    ]);

    // An AOR's set is replaced whole; unregistering deletes its row.
    after.remove('1001', after.lookup('1001')[0]!);
    await after.flushStore();
    expect(await db.registration.count({ where: { aor: '1001' } })).toBe(0);
    after.dispose();
  });

  it('writes a burst of thousands of phones refreshing in one batch', async () => {
    const database = await sqliteDb();
    drop = database.drop;
    const clock = new SimulatedClock(Date.UTC(2026, 11, 4, 9));
    const store = createPrismaRegistrationStore(database.db);
    let saves = 0;
    const errors: unknown[] = [];
    const locations = new LocationService({
      clock,
      store: { ...store, save: (changes) => (saves++, store.save(changes)) },
      onStoreError: (error) => errors.push(error),
    });
    for (let i = 0; i < 2500; i++) {
      const flow: Endpoint = { protocol: 'UDP', address: '10.1.0.1', port: 20000 + i };
      const contact = parseNameAddr(`<sip:${5000 + i}@10.1.0.1:${20000 + i}>`);
      locations.apply(String(5000 + i), [{ contact, expiresIn: 300, q: 1 }], {
        callId: `c${i}`,
        cseq: 1,
        flow,
      });
    }
    await locations.flushStore();
    expect(errors).toEqual([]);
    expect(saves).toBe(1);
    expect(await database.db.registration.count()).toBe(2500);
    locations.dispose();
  });
});
