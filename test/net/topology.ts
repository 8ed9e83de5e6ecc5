// The hosts of a real-network test, addresses from the documentation ranges (RFC 5737,
// RFC 3849, the RFC 2544 benchmarking block) and, behind the NAT router, an office's private LAN:
//
//   carrier 198.51.100.10, 2001:db8:c::10 ─┐
//                                          ├─ kefu 198.51.100.1, 2001:db8:c::1 (carrier network)
//                                          │       203.0.113.1 (internet side of the office)
//   other 198.19.0.2, 2001:db8:d::2 ───────┤       198.19.0.1, 2001:db8:d::1 (a third network)
//   phone 10.0.0.11 ── router 10.0.0.1 │ 203.0.113.2 (MASQUERADE, 30 s UDP timeout) ─┘
//   test process (root namespace) 198.18.x.y+1 ── kefu 198.18.x.y+2 (HTTP API only; a /30 per file)
import { execFileSync } from 'node:child_process';
import { NetBed } from './netns.js';

export const KEFU = {
  carrierSide: '198.51.100.1',
  carrierSide6: '2001:db8:c::1',
  officeSide: '203.0.113.1',
  other: '198.19.0.1',
  other6: '2001:db8:d::1',
} as const;
export const CARRIER = { v4: '198.51.100.10', v6: '2001:db8:c::10' } as const;
export const ROUTER_WAN = '203.0.113.2';
export const PHONE = '10.0.0.11';
export const OTHER = { v4: '198.19.0.2', v6: '2001:db8:d::2' } as const;

export interface Topology {
  bed: NetBed;
  kefu: string;
  carrier: string;
  router: string;
  phone: string;
  /** A host on kefu's third network. */
  other: string;
  /** kefu's address on the test process's link (its HTTP API). */
  apiHost: string;
}

/**
 * Builds the hosts. Names carry the process id (each test file runs in its own worker process)
 * and `slot` (0–3, one per file), so files and concurrent runs never share a namespace; the link
 * to the root namespace, the only thing they share, gets its own /30 of 198.18.0.0/16.
 */
export function buildTopology(slot: number): Topology {
  const pid = process.pid % 100000;
  const bed = new NetBed(`kf${pid}s${slot}`);
  try {
    const kefu = bed.host('kefu');
    const carrier = bed.host('carrier');
    const router = bed.host('router');
    const phone = bed.host('phone');
    const other = bed.host('other');
    bed.link(kefu, 'c0', ['198.51.100.1/24', '2001:db8:c::1/64'], carrier, 'c1', [
      '198.51.100.10/24',
      '2001:db8:c::10/64',
    ]);
    bed.route(carrier, 'route', 'add', 'default', 'via', KEFU.carrierSide);
    bed.route(carrier, '-6', 'route', 'add', 'default', 'via', KEFU.carrierSide6);
    bed.link(kefu, 'w0', ['203.0.113.1/24'], router, 'w1', ['203.0.113.2/24']);
    bed.route(router, 'route', 'add', 'default', 'via', KEFU.officeSide);
    bed.link(router, 'l0', ['10.0.0.1/24'], phone, 'l1', ['10.0.0.11/24']);
    bed.route(phone, 'route', 'add', 'default', 'via', '10.0.0.1');
    bed.natRouter(router, 'w1');
    // A third network on its own interface (this kernel has no dummy interfaces: a veth does).
    bed.link(kefu, 'd0', ['198.19.0.1/24', '2001:db8:d::1/64'], other, 'd1', [
      '198.19.0.2/24',
      '2001:db8:d::2/64',
    ]);
    const [rootAddress, apiHost] = rootLinkAddresses(pid, slot);
    bed.linkToRoot(kefu, 'r0', `${apiHost}/30`, `kf${pid}r${slot}`, `${rootAddress}/30`);
    return { bed, kefu, carrier, router, phone, other, apiHost };
  } catch (err) {
    bed.destroy();
    throw err;
  }
}

/**
 * A /30 of 198.18.0.0/16 (16384 of them; the third network uses 198.19.0.0/24) for the root
 * link, not yet on this host: [test process's side, kefu's].
 */
function rootLinkAddresses(pid: number, slot: number): [string, string] {
  const taken = execFileSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8' });
  for (let i = 0; i < 4096; i++) {
    const n = (((pid + i) % 4096) * 4 + (slot % 4)) * 4;
    const prefix = `198.18.${(n >> 8) & 255}.`;
    const base = n & 255;
    if (!taken.includes(` ${prefix}${base + 1}/`) && !taken.includes(` ${prefix}${base + 2}/`)) {
      return [`${prefix}${base + 1}`, `${prefix}${base + 2}`];
    }
  }
  throw new Error('no free /30 in 198.18.0.0/16 for the test link');
}
