import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { TransportError } from '../exceptions/transport-error.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { receiveBytes } from './inbound.js';
import { forgetRoutes, hostAddresses, isWildcard, routeSource, unmapIpv4 } from '../../net/local-address.js';
import {
  toBuffer,
  type Endpoint,
  type LocalAddress,
  type Transport,
  type TransportDelegate,
} from './transport.js';

export interface UdpTransportOptions {
  /**
   * Addresses to listen on. A wildcard ('0.0.0.0': every IPv4 address, '::' or none: every
   * address) is expanded to this host's addresses, one socket each, as Kamailio does.
   */
  host?: string | readonly string[];
  /** 0 picks a free port (the same one on every address). */
  port?: number;
  /**
   * With a wildcard: look for addresses that came or went (a VPN up, DHCP) this often, in ms;
   * 0 = never. Default 30 s.
   */
  rescanMs?: number;
}

/**
 * SIP over UDP (https://www.rfc-editor.org/rfc/rfc3261#section-18): one message per datagram.
 *
 * One socket per local address, never one wildcard socket: Node cannot tell which address a
 * datagram on a wildcard socket was sent to, and a reply from a wildcard socket leaves from the
 * route's source address, which a peer (or the NAT in front of it) that sent to another of our
 * addresses drops. Per-address sockets answer from the address asked and let Via/Contact carry it.
 */
export class UdpTransport implements Transport {
  readonly protocol = 'UDP' as const;
  readonly reliable = false;
  delegate?: TransportDelegate;
  /** By local address. */
  private readonly sockets = new Map<string, Socket>();
  private port: number;
  private rescanTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: UdpTransportOptions = {}) {
    this.port = options.port ?? 5060;
  }

  /** The first bound address (see `addresses` for all of them). */
  get local(): LocalAddress {
    const [address = '0.0.0.0'] = this.sockets.keys();
    return { address, port: this.port };
  }

  /** Every address this transport listens on. */
  get addresses(): string[] {
    return [...this.sockets.keys()];
  }

  localFor(destination: Endpoint): LocalAddress {
    return { address: this.socketAddressFor(destination) ?? this.local.address, port: this.port };
  }

  async listen(): Promise<void> {
    const { addresses, expanded } = listenPlan(this.options.host);
    try {
      for (const address of addresses) {
        // An address of a wildcard that cannot be bound (IPv6 still tentative, gone meanwhile)
        // is skipped; one the operator listed is not.
        await this.bind(address).catch((error: unknown) => {
          if (!expanded.has(address)) throw error;
          this.delegate?.onError?.(new TransportError(`UDP: cannot listen on ${address}`, { cause: error }));
        });
      }
      if (this.sockets.size === 0) throw new TransportError('UDP: no address to listen on');
    } catch (error) {
      await this.close();
      throw error;
    }
    const every = this.options.rescanMs ?? 30_000;
    if (expanded.size > 0 && every > 0) {
      this.rescanTimer = setInterval(() => void this.rescan(), every);
      this.rescanTimer.unref();
    }
  }

  /** Binds addresses of a wildcard that appeared since, and lets go of those that are gone. */
  async rescan(): Promise<void> {
    forgetRoutes();
    const { addresses, expanded } = listenPlan(this.options.host);
    const current = new Set(addresses);
    for (const address of addresses) {
      if (this.sockets.has(address)) continue;
      await this.bind(address).catch((error: unknown) =>
        this.delegate?.onError?.(new TransportError(`UDP: cannot listen on ${address}`, { cause: error })),
      );
    }
    for (const [address, socket] of this.sockets) {
      if (current.has(address) || !expanded.size) continue;
      this.sockets.delete(address);
      socket.close();
    }
  }

  send(message: SipRequest | SipResponse | Buffer | string, destination: Endpoint): Promise<void> {
    const data = toBuffer(message);
    const from = this.socketAddressFor(destination);
    const socket = from === undefined ? undefined : this.sockets.get(from);
    if (!socket) {
      return Promise.reject(
        new TransportError(`no UDP socket can reach ${destination.address}:${destination.port}`),
      );
    }
    return new Promise((resolve, reject) => {
      socket.send(data, destination.port, destination.address, (error) => {
        if (error)
          reject(
            new TransportError(`UDP send to ${destination.address}:${destination.port} failed`, {
              cause: error,
            }),
          );
        else resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.rescanTimer) clearInterval(this.rescanTimer);
    this.rescanTimer = undefined;
    const sockets = [...this.sockets.values()];
    this.sockets.clear();
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            try {
              socket.close(() => resolve());
            } catch {
              resolve();
            }
          }),
      ),
    );
  }

  /**
   * The socket a message to `destination` leaves from: the one its flow arrived on (responses,
   * registered phones), else the one holding the route's source address, else any of its family.
   */
  private socketAddressFor(destination: Endpoint): string | undefined {
    const pinned = destination.local?.address;
    if (pinned !== undefined && this.sockets.has(pinned)) return pinned;
    const family = isIP(destination.address) === 6 ? 6 : 4;
    const routed = routeSource(destination.address);
    if (routed !== undefined && this.sockets.has(routed)) return routed;
    return [...this.sockets.keys()].find((a) => isIP(a) === family);
  }

  private bind(address: string): Promise<void> {
    const ipv6 = isIP(address) === 6;
    const socket = createSocket({ type: ipv6 ? 'udp6' : 'udp4', ipv6Only: ipv6, reuseAddr: false });
    const local: LocalAddress = { address, port: this.port };
    socket.on('message', (data, rinfo) =>
      receiveBytes(this, data, {
        protocol: 'UDP',
        address: unmapIpv4(rinfo.address),
        port: rinfo.port,
        local,
      }),
    );
    socket.on('error', (error) => this.delegate?.onError?.(error));
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.port, address, () => {
        socket.off('error', reject);
        // Port 0: the first socket's port is every socket's port.
        this.port = socket.address().port;
        local.port = this.port;
        this.sockets.set(address, socket);
        resolve();
      });
    });
  }
}

/** SIP_HOST as a list of concrete addresses to bind. */
export function listenAddresses(host: string | readonly string[] | undefined): string[] {
  return listenPlan(host).addresses;
}

function listenPlan(host: string | readonly string[] | undefined): {
  addresses: string[];
  /** Addresses that came from expanding a wildcard. */
  expanded: Set<string>;
} {
  const wanted = (typeof host === 'string' ? host.split(',') : (host ?? []))
    .map((h) => h.trim())
    .filter((h) => h !== '');
  if (wanted.length === 0) wanted.push('::');
  const addresses: string[] = [];
  const expanded = new Set<string>();
  for (const h of wanted) {
    if (!isWildcard(h)) addresses.push(h);
    else
      for (const a of hostAddresses())
        if (h === '::' || a.family === 4) {
          addresses.push(a.address);
          expanded.add(a.address);
        }
  }
  for (const a of addresses) if (!isWildcard(a) && wanted.includes(a)) expanded.delete(a);
  return { addresses: [...new Set(addresses)], expanded };
}
