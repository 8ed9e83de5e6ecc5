// Which of this host's addresses a peer reaches us on. A SIP server on a wildcard socket must not
// write 0.0.0.0 into Via/Contact/SDP (RFC 3261 §18.2.1: sent-by is "the address ... to which
// responses are to be sent"), and a multi-homed host must answer each network on its own address.
// The address a peer's traffic arrived on is known per socket or connection; for new requests
// the kernel's route towards the peer decides, read here from the routing table.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { endianness, networkInterfaces } from 'node:os';

export interface HostAddress {
  address: string;
  family: 4 | 6;
  /** Interface name, e.g. eth0. */
  iface: string;
  /** Prefix length of the interface's network. */
  prefix: number;
  internal: boolean;
}

/** '0.0.0.0', '::' and '' bind every address of a family. */
export function isWildcard(address: string | undefined): boolean {
  return address === undefined || address === '' || address === '0.0.0.0' || address === '::';
}

/** Node reports IPv4 peers of a dual-stack socket as `::ffff:a.b.c.d`. */
export function unmapIpv4(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * This host's unicast addresses, loopback included, IPv6 link-local left out (it needs a scope
 * id that SIP URIs and SDP cannot carry).
 */
export function hostAddresses(): HostAddress[] {
  const out: HostAddress[] = [];
  for (const [iface, list] of Object.entries(networkInterfaces())) {
    for (const a of list ?? []) {
      const family = a.family === 'IPv4' ? 4 : 6;
      if (family === 6 && /^fe[89ab]/i.test(a.address)) continue;
      const prefix = Number(a.cidr?.split('/')[1] ?? (family === 4 ? 32 : 128));
      out.push({ address: a.address, family, iface, prefix, internal: a.internal });
    }
  }
  return out;
}

/** The first address a peer elsewhere can use (no loopback), for when nothing better is known. */
export function firstExternalAddress(family: 4 | 6 = 4): string | undefined {
  return hostAddresses().find((a) => a.family === family && !a.internal)?.address;
}

interface Route {
  family: 4 | 6;
  destination: bigint;
  prefix: number;
  gateway: bigint;
  metric: number;
  iface: string;
}

const CACHE_MS = 5_000;
let cache: { at: number; routes: Route[]; addresses: HostAddress[] } | undefined;

/**
 * The source address the kernel picks towards `destination` (what `ip route get` prints as
 * `src`), from /proc/net/route and /proc/net/ipv6_route: a local destination is its own source,
 * a directly connected one gets the interface's address on that network, anything else the
 * address of the longest-prefix route's interface on its gateway's network. Policy routing
 * (`ip rule`) is not followed. Undefined when nothing fits (not Linux, no route).
 */
export function routeSource(destination: string): string | undefined {
  const address = unmapIpv4(destination);
  const family = isIP(address);
  if (family !== 4 && family !== 6) return undefined;
  const now = Date.now();
  if (!cache || now - cache.at > CACHE_MS)
    cache = { at: now, routes: readRoutes(), addresses: hostAddresses() };
  const addresses = cache.addresses.filter((a) => a.family === family);
  if (addresses.some((a) => a.address === address)) return address;
  const target = toBigInt(address);
  const onLink = (a: HostAddress, value: bigint): boolean =>
    sameNetwork(toBigInt(a.address), value, a.prefix, family);
  const connected = addresses.find((a) => onLink(a, target));
  if (connected) return connected.address;
  const route = cache.routes
    .filter((r) => r.family === family && sameNetwork(r.destination, target, r.prefix, family))
    .sort((a, b) => b.prefix - a.prefix || a.metric - b.metric)[0];
  if (!route) return undefined;
  const candidates = addresses.filter((a) => a.iface === route.iface);
  return (
    candidates.find((a) => route.gateway !== 0n && onLink(a, route.gateway))?.address ??
    candidates[0]?.address
  );
}

/** Forget the cached routing table (after interfaces changed). */
export function forgetRoutes(): void {
  cache = undefined;
}

function sameNetwork(a: bigint, b: bigint, prefix: number, family: 4 | 6): boolean {
  const bits = family === 4 ? 32 : 128;
  if (prefix === 0) return true;
  const shift = BigInt(bits - prefix);
  return a >> shift === b >> shift;
}

function toBigInt(address: string): bigint {
  if (isIP(address) === 4) {
    return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  }
  let text = address;
  // An embedded IPv4 tail (::ffff:1.2.3.4) is the last two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4) {
    const n = toBigInt(v4);
    text = `${text.slice(0, -v4.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

function readRoutes(): Route[] {
  return [...readIpv4Routes(), ...readIpv6Routes()];
}

/** /proc/net/route: hex fields in host byte order. */
function readIpv4Routes(): Route[] {
  const text = readProc('/proc/net/route');
  const routes: Route[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface = '', dest = '0', gateway = '0', , , , metric = '0', mask = '0'] = f;
    const destination = hostOrder(dest);
    routes.push({
      family: 4,
      destination,
      prefix: popcount(hostOrder(mask)),
      gateway: hostOrder(gateway),
      metric: parseInt(metric, 10),
      iface,
    });
  }
  return routes;
}

/** /proc/net/ipv6_route: dest, prefix, src, src prefix, next hop, metric, refcnt, use, flags, iface. */
function readIpv6Routes(): Route[] {
  const text = readProc('/proc/net/ipv6_route');
  const routes: Route[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const [dest = '0', prefix = '0', , , nextHop = '0', metric = '0', , , , iface = ''] = f;
    if (iface === 'lo') continue; // local and unreachable entries
    routes.push({
      family: 6,
      destination: BigInt(`0x${dest}`),
      prefix: parseInt(prefix, 16),
      gateway: BigInt(`0x${nextHop}`),
      metric: parseInt(metric, 16),
      iface,
    });
  }
  return routes;
}

function hostOrder(hex: string): bigint {
  const value = BigInt(`0x${hex}`);
  if (endianness() === 'BE') return value;
  let out = 0n;
  for (let i = 0; i < 4; i++) out = (out << 8n) | ((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

function popcount(value: bigint): number {
  let n = 0;
  for (let v = value; v > 0n; v >>= 1n) n += Number(v & 1n);
  return n;
}

function readProc(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
