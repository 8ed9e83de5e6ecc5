import { describe, expect, it } from 'vitest';
import { hostAddresses, isWildcard, routeSource, unmapIpv4 } from './local-address.js';
import { listenAddresses } from '../sip/transport/udp-transport.js';

describe('local addresses', () => {
  it('a local destination is its own source; another loopback address is reached from 127.0.0.1', () => {
    expect(routeSource('127.0.0.1')).toBe('127.0.0.1');
    expect(routeSource('127.0.0.9')).toBe('127.0.0.1');
    expect(routeSource('::1')).toBe('::1');
    expect(routeSource('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(routeSource('not an address')).toBeUndefined();
  });

  it("a directly connected peer gets this host's address on that network", () => {
    const v4 = hostAddresses().filter((a) => a.family === 4 && a.prefix < 32);
    // Prefer a real interface; loopback's 127.0.0.0/8 is a network too.
    const external = v4.find((a) => !a.internal) ?? v4[0];
    if (!external) throw new Error('no IPv4 interface with a network prefix');
    const [a, b, c, d] = external.address.split('.').map(Number) as [number, number, number, number];
    // Another host on the same network (flip the last bit inside the prefix).
    const neighbour = `${a}.${b}.${c}.${d ^ 1}`;
    expect(routeSource(neighbour)).toBe(external.address);
  });

  it('wildcards expand to every address, IPv4 only for 0.0.0.0; lists are kept', () => {
    const all = hostAddresses().map((a) => a.address);
    expect(listenAddresses(undefined).sort()).toEqual([...new Set(all)].sort());
    expect(listenAddresses('0.0.0.0').every((a) => !a.includes(':'))).toBe(true);
    expect(listenAddresses('127.0.0.1, 127.0.0.2')).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(isWildcard('::')).toBe(true);
    expect(isWildcard('127.0.0.1')).toBe(false);
    expect(unmapIpv4('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });
});
