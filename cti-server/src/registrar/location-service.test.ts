import { describe, expect, it } from 'vitest';
import { parseNameAddr } from '../sip/message/name-addr.js';
import { SimulatedClock } from '../clock/index.js';
import type { Endpoint } from '../sip/transport/transport.js';
import { LocationService, type Binding, type BindingUpdate } from './location-service.js';

const UDP: Endpoint = { protocol: 'UDP', address: '10.0.0.5', port: 5062 };
const WS = (id: string): Endpoint => ({
  protocol: 'WSS',
  address: '10.0.0.9',
  port: 40000,
  connectionId: id,
});

function update(contact: string, expiresIn = 300, q = 1): BindingUpdate {
  return { contact: parseNameAddr(contact), expiresIn, q };
}

function setup() {
  const clock = new SimulatedClock();
  const locations = new LocationService({ clock });
  const changes: Array<[string, string[]]> = [];
  locations.delegate = { onChange: (aor, contacts) => changes.push([aor, contacts.map((c) => c.uri)]) };
  return { clock, locations, changes };
}

describe('LocationService', () => {
  it('adds bindings and returns them best q first with flow, Call-ID and CSeq', () => {
    const { locations, changes } = setup();
    const result = locations.apply(
      '1001',
      [update('<sip:1001@10.0.0.5:5062>;q=0.5', 300, 0.5), update('<sip:1001@10.0.0.6>', 300, 0.9)],
      { callId: 'c1', cseq: 1, flow: UDP, userAgent: 'Phone/1.0' },
    );
    expect(result.ok).toBe(true);
    const contacts = locations.lookup('1001');
    expect(contacts.map((c) => c.uri)).toEqual(['sip:1001@10.0.0.6', 'sip:1001@10.0.0.5:5062']);
    expect(contacts[0]).toMatchObject({
      callId: 'c1',
      cseq: 1,
      flow: UDP,
      userAgent: 'Phone/1.0',
      expiresAt: 300_000,
    });
    expect(changes).toHaveLength(1);
    expect(locations.lookup('1002')).toEqual([]);
  });

  it('rejects an out-of-order CSeq for the same Call-ID and accepts a higher one or another Call-ID', () => {
    const { locations } = setup();
    const flow = UDP;
    locations.apply('1001', [update('<sip:1001@10.0.0.5>')], { callId: 'c1', cseq: 5, flow });
    expect(
      locations.apply('1001', [update('<sip:1001@10.0.0.5>', 0)], { callId: 'c1', cseq: 5, flow }),
    ).toEqual({
      ok: false,
      reason: 'out-of-order',
    });
    expect(
      locations.apply('1001', [update('<sip:1001@10.0.0.5>', 0)], { callId: 'c1', cseq: 4, flow }).ok,
    ).toBe(false);
    expect(locations.lookup('1001')).toHaveLength(1);
    expect(
      locations.apply('1001', [update('<sip:1001@10.0.0.5>', 600)], { callId: 'c1', cseq: 6, flow }).ok,
    ).toBe(true);
    expect(locations.lookup('1001')[0]?.expiresAt).toBe(600_000);
    expect(
      locations.apply('1001', [update('<sip:1001@10.0.0.5>', 0)], { callId: 'other', cseq: 1, flow }).ok,
    ).toBe(true);
    expect(locations.lookup('1001')).toEqual([]);
  });

  it('treats contact URIs that differ only in host case as the same binding, and port as different', () => {
    const { locations } = setup();
    locations.apply('1001', [update('<sip:1001@PHONE.example>')], { callId: 'a', cseq: 1, flow: UDP });
    locations.apply('1001', [update('<sip:1001@phone.example>')], { callId: 'b', cseq: 1, flow: UDP });
    locations.apply('1001', [update('<sip:1001@phone.example:5060>')], { callId: 'c', cseq: 1, flow: UDP });
    expect(locations.lookup('1001').map((b) => [b.uri, b.callId])).toEqual([
      ['sip:1001@phone.example', 'b'],
      ['sip:1001@phone.example:5060', 'c'],
    ]);
  });

  it('replaces an outbound binding by +sip.instance and reg-id even when the contact changes (RFC 5626)', () => {
    const { locations } = setup();
    const instance = ';+sip.instance="<urn:uuid:00000000-0000-1000-8000-000a95a0e128>";reg-id=1';
    locations.apply('1001', [update(`<sip:a1@x.invalid;transport=ws>${instance}`)], {
      callId: 'c1',
      cseq: 1,
      flow: WS('conn-1'),
    });
    locations.apply('1001', [update(`<sip:b2@y.invalid;transport=ws>${instance}`)], {
      callId: 'c2',
      cseq: 1,
      flow: WS('conn-2'),
    });
    const [binding, ...rest] = locations.lookup('1001');
    expect(rest).toEqual([]);
    expect(binding).toMatchObject({
      uri: 'sip:b2@y.invalid;transport=ws',
      instanceId: '<urn:uuid:00000000-0000-1000-8000-000a95a0e128>',
      regId: 1,
      flow: { connectionId: 'conn-2' },
    });
  });

  it('removes the bindings of a closed connection only', () => {
    const { locations, changes } = setup();
    locations.apply('1001', [update('<sip:1001@a.invalid;transport=ws>')], {
      callId: 'c1',
      cseq: 1,
      flow: WS('conn-1'),
    });
    locations.apply('1002', [update('<sip:1002@b.invalid;transport=ws>')], {
      callId: 'c2',
      cseq: 1,
      flow: WS('conn-2'),
    });
    locations.removeFlow('conn-1');
    expect(locations.lookup('1001')).toEqual([]);
    expect(locations.lookup('1002')).toHaveLength(1);
    expect(changes.at(-1)).toEqual(['1001', []]);
    expect(locations.aors()).toEqual(['1002']);
  });

  it('removes one contact and all contacts (Contact: *) with the CSeq rule', () => {
    const { locations } = setup();
    locations.apply('1001', [update('<sip:1001@10.0.0.5>'), update('<sip:1001@10.0.0.6>')], {
      callId: 'c1',
      cseq: 3,
      flow: UDP,
    });
    expect(locations.remove('1001', 'sip:1001@10.0.0.5')).toBe(true);
    expect(locations.remove('1001', 'sip:1001@10.0.0.5')).toBe(false);
    expect(locations.removeAll('1001', { callId: 'c1', cseq: 2 }).ok).toBe(false);
    expect(locations.lookup('1001')).toHaveLength(1);
    expect(locations.removeAll('1001', { callId: 'c1', cseq: 4 }).ok).toBe(true);
    expect(locations.lookup('1001')).toEqual([]);
  });

  it('expires bindings on the injected clock and reports it without a lookup', () => {
    const { clock, locations, changes } = setup();
    locations.apply('1001', [update('<sip:1001@10.0.0.5>', 60)], { callId: 'c1', cseq: 1, flow: UDP });
    locations.apply('1001', [update('<sip:1001@10.0.0.6>', 120)], { callId: 'c1', cseq: 2, flow: UDP });
    clock.advance(59_999);
    expect(changes).toHaveLength(2);
    clock.advance(1);
    expect(changes.at(-1)).toEqual(['1001', ['sip:1001@10.0.0.6']]);
    clock.advance(60_000);
    expect(changes.at(-1)).toEqual(['1001', []]);
    expect(clock.pending).toBe(0);
    expect(locations.lookup('1001')).toEqual([]);
  });

  it('strips expires from the stored contact but keeps other params', () => {
    const { locations } = setup();
    locations.apply('1001', [update('<sip:1001@10.0.0.5>;expires=60;+sip.instance="<urn:x>"')], {
      callId: 'c',
      cseq: 1,
      flow: UDP,
    });
    const binding = locations.lookup('1001')[0] as Binding;
    expect(binding.contact.params.has('expires')).toBe(false);
    expect(binding.contact.params.get('+sip.instance')).toBe('"<urn:x>"');
    expect(binding.regId).toBeUndefined();
  });

  it('refuses, whole and without a change event, an update that would grow the set past maxContacts', () => {
    const { locations, changes, clock } = setup();
    const ctx = (cseq: number) => ({ callId: 'c1', cseq, flow: UDP });
    const limits = { maxContacts: 2 };
    expect(
      locations.apply('1001', [update('<sip:a@10.0.0.1>'), update('<sip:b@10.0.0.2>')], ctx(1), limits).ok,
    ).toBe(true);
    expect(locations.apply('1001', [update('<sip:c@10.0.0.3>')], ctx(2), limits)).toEqual({
      ok: false,
      reason: 'too-many-contacts',
    });
    expect(changes).toHaveLength(1);
    // A refresh does not grow the set; once a binding expires there is room again.
    expect(locations.apply('1001', [update('<sip:a@10.0.0.1>', 600)], ctx(3), limits).ok).toBe(true);
    clock.advance(300_000);
    expect(locations.apply('1001', [update('<sip:c@10.0.0.3>')], ctx(4), limits).ok).toBe(true);
    expect(
      locations
        .lookup('1001')
        .map((b) => b.uri)
        .sort(),
    ).toEqual(['sip:a@10.0.0.1', 'sip:c@10.0.0.3']);
  });
});
