import { describe, expect, it } from 'vitest';
import { parseNameAddr } from '../sip/message/name-addr.js';
import { SimulatedClock } from '../clock/index.js';
import type { Endpoint } from '../sip/transport/transport.js';
import { LocationService } from './location-service.js';
import { behindNat, NatKeepalive } from './nat-keepalive.js';

function setup(intervalSeconds = 20) {
  const clock = new SimulatedClock();
  const locations = new LocationService({ clock });
  const udp: string[] = [];
  const connections: string[] = [];
  const keepalive = new NatKeepalive({
    locations,
    clock,
    intervalSeconds,
    pingUdp: (b) => udp.push(`${b.aor} ${b.flow.address}:${b.flow.port}`),
    pingConnection: (b) => connections.push(`${b.aor} ${b.flow.connectionId ?? ''}`),
  });
  const register = (aor: string, contact: string, flow: Endpoint) =>
    locations.apply(aor, [{ contact: parseNameAddr(contact), expiresIn: 3600, q: 1 }], {
      callId: `${aor}-${contact}`,
      cseq: 1,
      flow,
    });
  return { clock, keepalive, register, udp, connections };
}

describe('NatKeepalive', () => {
  it('pings phones whose Contact is not where their REGISTER came from, every interval', () => {
    const { clock, keepalive, register, udp, connections } = setup();
    // Behind NAT: private Contact, REGISTER from the router's public address.
    register('1001', '<sip:1001@10.0.0.11:5060>', { protocol: 'UDP', address: '203.0.113.2', port: 40123 });
    // On the server's own network: Contact is the source.
    register('1002', '<sip:1002@198.51.100.20:5060>', {
      protocol: 'UDP',
      address: '198.51.100.20',
      port: 5060,
    });
    // A browser: its Contact host is a placeholder (RFC 7118 §5).
    register('1003', '<sip:x7@df7jal23ls0d.invalid;transport=ws>', {
      protocol: 'WS',
      address: '203.0.113.9',
      port: 51000,
      connectionId: 'ws-1',
    });
    keepalive.start();
    clock.advance(19_999);
    expect(udp).toEqual([]);
    clock.advance(1);
    expect(udp).toEqual(['1001 203.0.113.2:40123']);
    expect(connections).toEqual(['1003 ws-1']);
    clock.advance(20_000);
    expect(udp).toHaveLength(2);
    keepalive.stop();
    clock.advance(60_000);
    expect(udp).toHaveLength(2);
  });

  it('0 seconds turns keep-alives off', () => {
    const { clock, keepalive, register, udp } = setup(0);
    register('1001', '<sip:1001@10.0.0.11:5060>', { protocol: 'UDP', address: '203.0.113.2', port: 40123 });
    keepalive.start();
    clock.advance(600_000);
    expect(udp).toEqual([]);
  });

  it('behindNat compares the Contact host with the flow address, IPv6 included', () => {
    const binding = (contact: string, address: string) => ({
      aor: '1',
      contact: parseNameAddr(contact),
      uri: '',
      expiresAt: 0,
      q: 1,
      callId: '',
      cseq: 1,
      flow: { protocol: 'UDP' as const, address, port: 5060 },
      updatedAt: 0,
    });
    expect(behindNat(binding('<sip:1@[2001:db8::5]:5060>', '2001:db8::5'))).toBe(false);
    expect(behindNat(binding('<sip:1@[2001:db8::5]:5060>', '2001:db8::6'))).toBe(true);
    expect(behindNat(binding('<sip:1@127.0.0.1:5062>', '127.0.0.1'))).toBe(false);
  });
});
