import { isIP } from 'node:net';
import { systemClock, type Clock, type TimerHandle } from '../clock/index.js';
import type { Binding, LocationService } from './location-service.js';

export interface NatKeepaliveOptions {
  locations: Pick<LocationService, 'aors' | 'lookup'>;
  /** `systemClock` by default. */
  clock?: Clock;
  /** Seconds between two keep-alives of one flow; 0 turns them off. */
  intervalSeconds: number;
  /** A UDP flow: an OPTIONS request to the binding over its flow (what Kamailio's nathelper calls "sipping"). */
  pingUdp(binding: Binding): void;
  /** A connection (TCP, TLS, WebSocket): a transport-level keep-alive on it. */
  pingConnection(binding: Binding): void;
}

/**
 * Keeps the NAT bindings of registered phones open. A phone behind NAT is reached through the
 * flow it registered from (its router's public address and port); a home or office router
 * forgets an idle UDP mapping after 30 s or so (Linux conntrack's default), and the next INVITE
 * would then be dropped at the router. So every flow whose Contact is not where its REGISTER came
 * from gets traffic from us within the interval: OPTIONS over UDP, a double CRLF on TCP/TLS
 * (https://www.rfc-editor.org/rfc/rfc5626#section-3.5.1) or a WebSocket ping frame.
 * Phones on a plain network are left alone.
 */
export class NatKeepalive {
  private readonly clock: Clock;
  private handle: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: NatKeepaliveOptions) {
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    if (this.options.intervalSeconds <= 0 || this.handle) return;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.handle) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }

  /** One round: a keep-alive to every NAT'd flow; returns how many were sent. */
  tick(): number {
    let sent = 0;
    const seen = new Set<string>();
    for (const aor of this.options.locations.aors()) {
      for (const binding of this.options.locations.lookup(aor)) {
        if (!behindNat(binding)) continue;
        const flow = binding.flow;
        const key = flow.connectionId ?? `${flow.address}:${flow.port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (flow.connectionId) this.options.pingConnection(binding);
        else this.options.pingUdp(binding);
        sent++;
      }
    }
    return sent;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      try {
        this.tick();
      } finally {
        this.schedule();
      }
    }, this.options.intervalSeconds * 1000);
  }
}

/**
 * The binding's Contact names another host than its REGISTER came from: a private address behind
 * NAT, or a browser's `*.invalid` placeholder (RFC 7118 §5).
 */
export function behindNat(binding: Binding): boolean {
  const uri = binding.contact.uri;
  if (uri.kind !== 'sip') return false;
  const host = uri.host.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) === 0) return true;
  return host !== binding.flow.address.toLowerCase();
}
