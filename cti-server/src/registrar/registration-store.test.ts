import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import { parseNameAddr } from '../sip/message/name-addr.js';
import type { Endpoint } from '../sip/transport/transport.js';
import {
  LocationService,
  type Binding,
  type BindingUpdate,
  type RestoreSummary,
} from './location-service.js';
import { NatKeepalive } from './nat-keepalive.js';
import {
  MemoryRegistrationStore,
  fromRecord,
  toRecord,
  type RegistrationStore,
} from './registration-store.js';

/** A desk phone behind NAT: its Contact is private, its REGISTER came from the router. */
const NATTED: Endpoint = {
  protocol: 'UDP',
  address: '203.0.113.7',
  port: 61234,
  local: { address: '192.0.2.10', port: 5060 },
};
const UDP: Endpoint = { protocol: 'UDP', address: '10.0.0.5', port: 5062 };
const TCP: Endpoint = { protocol: 'TCP', address: '10.0.0.6', port: 40100, connectionId: 'tcp-1' };
const WSS: Endpoint = { protocol: 'WSS', address: '10.0.0.9', port: 40000, connectionId: 'ws-1' };

function update(contact: string, expiresIn = 300, q = 1): BindingUpdate {
  return { contact: parseNameAddr(contact), expiresIn, q };
}

/** One process's location service on `store`: its own clock reading, its own change log. */
function processOn(store: RegistrationStore, clock: SimulatedClock) {
  const errors: Array<[string, unknown]> = [];
  const locations = new LocationService({
    clock,
    store,
    onStoreError: (error, what) => errors.push([what, error]),
  });
  const changes: Array<[string, string[]]> = [];
  locations.delegate = { onChange: (aor, contacts) => changes.push([aor, contacts.map((c) => c.uri)]) };
  return { locations, changes, errors };
}

/** Let the store's promises settle after the clock fired a write. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function register(locations: LocationService, aor: string, contact: string, flow: Endpoint, cseq = 1) {
  const result = locations.apply(aor, [update(contact)], {
    callId: `${aor}-call`,
    cseq,
    flow,
    userAgent: 'Desk/1',
  });
  expect(result.ok).toBe(true);
}

describe('registrations kept in a store', () => {
  it('writes behind the REGISTER: nothing before the delay, then one batch with the latest set of each AOR', async () => {
    const clock = new SimulatedClock(1_000_000);
    const store = new MemoryRegistrationStore();
    const { locations } = processOn(store, clock);
    register(locations, '1001', '<sip:1001@192.168.1.20:5060>', NATTED, 1);
    register(locations, '1001', '<sip:1001@192.168.1.20:5060>', NATTED, 2);
    register(locations, '1002', '<sip:1002@10.0.0.5:5062>', UDP);
    expect(store.saves).toBe(0);

    clock.advance(100);
    await settle();
    expect(store.saves).toBe(1);
    expect([...store.records.keys()].sort()).toEqual(['1001', '1002']);
    const [row] = store.records.get('1001')!.values();
    expect(row).toMatchObject({
      contact: '<sip:1001@192.168.1.20:5060>',
      transport: 'UDP',
      sourceAddress: '203.0.113.7',
      sourcePort: 61234,
      localAddress: '192.0.2.10',
      localPort: 5060,
      connectionId: null,
      cseq: 2,
      userAgent: 'Desk/1',
      expiresAt: 1_000_000 + 300_000,
    });

    // Unregistering and expiring are written the same way: the AOR's rows go.
    locations.remove('1002', 'sip:1002@10.0.0.5:5062');
    clock.advance(100);
    await settle();
    expect([...store.records.keys()]).toEqual(['1001']);
    clock.advance(300_000);
    await settle();
    expect(store.records.size).toBe(0);
    locations.dispose();
  });

  it('restores UDP bindings after a restart, NAT source included, drops connection-bound and expired ones from the store', async () => {
    const clock = new SimulatedClock(5_000_000);
    const store = new MemoryRegistrationStore();
    const before = processOn(store, clock);
    register(before.locations, '1001', '<sip:1001@192.168.1.20:5060>', NATTED);
    register(before.locations, '1002', '<sip:1002@10.0.0.5:5062>', UDP);
    // 1002's console over WebSocket and 1003's TCP phone: only their connection reaches them.
    register(before.locations, '1002', '<sip:abc@df7jal23ls0d.invalid;transport=ws>', WSS);
    register(before.locations, '1003', '<sip:1003@10.0.0.6:5060;transport=tcp>', TCP);
    before.locations.apply('1004', [update('<sip:1004@10.0.0.8>', 60)], { callId: 'x', cseq: 1, flow: UDP });
    await before.locations.flushStore();
    expect(store.records.size).toBe(4);
    // The process dies: no unregistration, no close, its timers are gone with it.
    before.locations.dispose();

    clock.advance(90_000); // down for 90 s: 1004's binding (60 s) expired meanwhile
    const after = processOn(store, clock);
    const summary: RestoreSummary = await after.locations.restore();

    expect(summary).toEqual({ restored: 2, dropped: 2, expired: 1 });
    expect(after.locations.lookup('1001')).toMatchObject([
      {
        uri: 'sip:1001@192.168.1.20:5060',
        flow: NATTED,
        callId: '1001-call',
        cseq: 1,
        userAgent: 'Desk/1',
        expiresAt: 5_000_000 + 300_000,
      },
    ]);
    expect(after.locations.lookup('1002').map((b) => b.uri)).toEqual(['sip:1002@10.0.0.5:5062']);
    expect(after.locations.lookup('1003')).toEqual([]);
    // Restored AORs are announced as a REGISTER would be (the ACD's phone state follows).
    expect(after.changes.sort()).toEqual([
      ['1001', ['sip:1001@192.168.1.20:5060']],
      ['1002', ['sip:1002@10.0.0.5:5062']],
    ]);
    // The store now holds what survived, nothing else.
    const stored = [...store.records.values()].flatMap((byKey) => [...byKey.values()]);
    expect(stored.map((r) => `${r.aor} ${r.transport}`).sort()).toEqual(['1001 UDP', '1002 UDP']);
    expect(after.errors).toEqual([]);

    // Restored bindings keep their expiry on the clock, and a refresh goes on from their CSeq.
    expect(
      after.locations.apply('1001', [update('<sip:1001@192.168.1.20:5060>')], {
        callId: '1001-call',
        cseq: 1,
        flow: NATTED,
      }),
    ).toEqual({ ok: false, reason: 'out-of-order' });
    clock.advance(300_000 - 90_000);
    expect(after.locations.aors()).toEqual([]);
    after.locations.dispose();
  });

  it('resumes NAT keep-alives to a restored phone behind NAT, over the flow it registered from', async () => {
    const clock = new SimulatedClock();
    const store = new MemoryRegistrationStore();
    const before = processOn(store, clock);
    register(before.locations, '1001', '<sip:1001@192.168.1.20:5060>', NATTED);
    await before.locations.flushStore();
    before.locations.dispose();

    const after = processOn(store, clock);
    await after.locations.restore();
    const pinged: Endpoint[] = [];
    const keepalive = new NatKeepalive({
      locations: after.locations,
      clock,
      intervalSeconds: 20,
      pingUdp: (b: Binding) => pinged.push(b.flow),
      pingConnection: () => expect.fail('no connection survives a restart'),
    });
    keepalive.start();
    clock.advance(20_000);
    expect(pinged).toEqual([NATTED]);
    keepalive.stop();
    after.locations.dispose();
  });

  it('logs a failed write, never throws it at the REGISTER, and writes the AOR again later', async () => {
    const clock = new SimulatedClock();
    const inner = new MemoryRegistrationStore();
    let failing = true;
    const store: RegistrationStore = {
      load: (now) => inner.load(now),
      removeExpired: (now) => inner.removeExpired(now),
      save: async (changes) => {
        if (failing) throw new Error('database is down');
        await inner.save(changes);
      },
    };
    const { locations, errors } = processOn(store, clock);
    register(locations, '1001', '<sip:1001@10.0.0.5:5062>', UDP);
    clock.advance(100);
    await settle();
    expect(errors).toEqual([['save', new Error('database is down')]]);
    expect(locations.lookup('1001')).toHaveLength(1);

    failing = false;
    clock.advance(200); // the retry waits twice as long after a failure
    await settle();
    expect(inner.records.get('1001')?.size).toBe(1);
    locations.dispose();
  });

  it('restores nothing when the store cannot be read, and says so', async () => {
    const clock = new SimulatedClock();
    const broken: RegistrationStore = {
      load: () => Promise.reject(new Error('no such table')),
      save: () => Promise.resolve(),
      removeExpired: () => Promise.resolve(0),
    };
    const { locations, errors } = processOn(broken, clock);
    expect(await locations.restore()).toEqual({ restored: 0, dropped: 0, expired: 0 });
    expect(errors.map(([what]) => what)).toEqual(['load']);
  });

  it('a graceful stop writes what waits, then nothing more (connections closing at the stop stay stored)', async () => {
    const clock = new SimulatedClock();
    const store = new MemoryRegistrationStore();
    const { locations } = processOn(store, clock);
    register(locations, '1002', '<sip:abc@df7jal23ls0d.invalid;transport=ws>', WSS);
    await locations.closeStore();
    expect(store.records.get('1002')?.size).toBe(1);
    locations.removeFlow('ws-1');
    clock.advance(1_000);
    await settle();
    expect(store.records.get('1002')?.size).toBe(1);
    locations.dispose();
  });

  it('keeps a binding whole through its record: display name, params, instance, reg-id, connection', () => {
    const clock = new SimulatedClock(42);
    const locations = new LocationService({ clock });
    locations.apply(
      '1005',
      [
        update(
          '"Desk 5" <sip:1005@192.168.1.30:5070;transport=tcp>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";reg-id=1;q=0.7',
          120,
          0.7,
        ),
      ],
      { callId: 'c5', cseq: 9, flow: TCP, userAgent: 'Desk/5' },
    );
    const [binding] = locations.lookup('1005');
    const record = toRecord(binding!);
    expect(record.bindingKey).toBe('instance:<urn:uuid:00000000-0000-1000-8000-000A95A0E128>|1');
    expect(fromRecord(record)).toEqual(binding);
    expect(() => fromRecord({ ...record, transport: 'SCTP' as never })).toThrow();
    locations.dispose();
  });
});
