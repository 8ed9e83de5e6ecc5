// Separate hosts on one machine: Linux network namespaces joined by veth pairs (needs root;
// CI runs as root). Every namespace and link of a bed is removed by `destroy()`, also after a
// half-built set-up; leftovers of a crashed run with the same prefix are removed first.
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new Error('test/net needs root (network namespaces); CI runs the suite as root');
  }
}

/** Is a process with this id (as a namespace prefix holds it, modulo 100000) still running? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export class NetBed {
  private readonly namespaces: string[] = [];
  private readonly rootLinks: string[] = [];

  /**
   * `prefix` keeps parallel test files and runs apart: namespace names are `${prefix}-${name}`.
   * Prefixes of the form `kf<pid>s<slot>` (topology.ts) let a later run remove what a crashed
   * one left behind: namespaces and root links whose process is gone.
   */
  constructor(readonly prefix: string) {
    requireRoot();
    for (const ns of ip('netns', 'list').split('\n')) {
      const name = ns.split(' ')[0] ?? '';
      const owner = /^kf(\d+)s\d+-/.exec(name)?.[1];
      if (name.startsWith(`${prefix}-`) || (owner !== undefined && !alive(Number(owner)))) {
        try {
          ip('netns', 'del', name);
        } catch {
          // removed meanwhile
        }
      }
    }
    for (const line of ip('-o', 'link', 'show').split('\n')) {
      const owner = /^\d+: kf(\d+)r\d+[@:]/.exec(line)?.[1];
      const name = /^\d+: ([^@:]+)/.exec(line)?.[1];
      if (owner !== undefined && name && !alive(Number(owner))) {
        try {
          ip('link', 'del', name);
        } catch {
          // removed meanwhile
        }
      }
    }
  }

  ns(name: string): string {
    return `${this.prefix}-${name}`;
  }

  /** A host: a namespace with its loopback up. */
  host(name: string): string {
    const ns = this.ns(name);
    ip('netns', 'add', ns);
    this.namespaces.push(ns);
    this.exec(ns, 'ip', 'link', 'set', 'lo', 'up');
    return ns;
  }

  /** A cable between two hosts: `ifA` in `a`, `ifB` in `b`, both up, with their addresses. */
  link(a: string, ifA: string, addrsA: string[], b: string, ifB: string, addrsB: string[]): void {
    ip('-n', a, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', ifB, 'netns', b);
    this.addresses(a, ifA, addrsA);
    this.addresses(b, ifB, addrsB);
  }

  /** A cable from a host to the root namespace, where the test process runs. */
  linkToRoot(a: string, ifA: string, addrA: string, rootIf: string, rootAddr: string): void {
    try {
      ip('link', 'del', rootIf);
    } catch {
      // not there: fine
    }
    ip('-n', a, 'link', 'add', ifA, 'type', 'veth', 'peer', 'name', rootIf, 'netns', '1');
    this.rootLinks.push(rootIf);
    this.addresses(a, ifA, [addrA]);
    ip('addr', 'add', rootAddr, 'dev', rootIf);
    ip('link', 'set', rootIf, 'up');
  }

  route(ns: string, ...args: string[]): void {
    this.exec(ns, 'ip', ...args);
  }

  /**
   * A home/office router: forwards, masquerades what leaves `wan`, and forgets idle UDP
   * mappings after `udpTimeoutSeconds` (conntrack's timeouts are per namespace).
   */
  natRouter(ns: string, wan: string, udpTimeoutSeconds = 30): void {
    this.exec(ns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    this.exec(ns, 'iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', wan, '-j', 'MASQUERADE');
    // The conntrack sysctls appear once the module is in use in this namespace.
    this.exec(
      ns,
      'iptables',
      '-A',
      'FORWARD',
      '-m',
      'conntrack',
      '--ctstate',
      'NEW,ESTABLISHED',
      '-j',
      'ACCEPT',
    );
    for (const key of ['nf_conntrack_udp_timeout', 'nf_conntrack_udp_timeout_stream']) {
      this.exec(ns, 'sysctl', '-qw', `net.netfilter.${key}=${udpTimeoutSeconds}`);
    }
  }

  exec(ns: string, cmd: string, ...args: string[]): string {
    return execFileSync('ip', ['netns', 'exec', ns, cmd, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  spawnIn(ns: string, cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    return spawn('ip', ['netns', 'exec', ns, cmd, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options,
    });
  }

  destroy(): void {
    for (const rootIf of this.rootLinks.splice(0)) {
      try {
        ip('link', 'del', rootIf);
      } catch {
        // went with its namespace
      }
    }
    for (const ns of this.namespaces.splice(0).reverse()) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
  }

  private addresses(ns: string, iface: string, addrs: string[]): void {
    for (const addr of addrs) {
      // nodad: an IPv6 address is usable at once (duplicate detection would hold it 1–2 s).
      const extra = addr.includes(':') ? ['nodad'] : [];
      this.exec(ns, 'ip', 'addr', 'add', addr, 'dev', iface, ...extra);
    }
    this.exec(ns, 'ip', 'link', 'set', iface, 'up');
  }
}
