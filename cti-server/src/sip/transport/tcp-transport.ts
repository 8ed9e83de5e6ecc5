import { connect as netConnect, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { SipParseError } from '../exceptions/sip-parse-error.js';
import { TransportError } from '../exceptions/transport-error.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { StreamFramer } from '../message/stream-framer.js';
import { receiveBytes } from './inbound.js';
import { isWildcard, routeSource, unmapIpv4 } from '../../net/local-address.js';
import {
  endpointKey,
  toBuffer,
  type Endpoint,
  type LocalAddress,
  type Transport,
  type TransportDelegate,
} from './transport.js';

export interface TcpTransportOptions {
  /** Addresses to listen on; a wildcard or none listens on every address (IPv6 and IPv4). */
  host?: string | readonly string[];
  /** 0 picks a free port; defaults to 5060 (5061 with TLS). */
  port?: number;
  /** When given (key + cert at least), the transport speaks TLS (https://www.rfc-editor.org/rfc/rfc3261#section-26.2). */
  tls?: TlsOptions & { rejectUnauthorized?: boolean };
  /** Idle connections are closed after this many ms (0 = never). */
  idleTimeoutMs?: number;
  /**
   * Connections a peer opens to us from one address at once (0 = no cap); past it new ones are
   * closed at once. An office NAT carries every phone's connection, so keep it well above the
   * phones behind one address.
   */
  maxConnectionsPerAddress?: number;
  /**
   * A connection a peer opened must deliver its first message, and any message it begins must
   * be complete, within this many ms, else it is closed (0 = never): a half-open or trickling
   * connection holds memory and a file descriptor for nothing. TLS handshakes get the same time.
   */
  messageTimeoutMs?: number;
}

/**
 * SIP over TCP or TLS. Connections, whether accepted or opened by us, are kept in one map keyed by the
 * remote `address:port`, so requests and responses to the same peer reuse them
 * (https://www.rfc-editor.org/rfc/rfc3261#section-18.2.2, https://www.rfc-editor.org/rfc/rfc5923).
 */
export class TcpTransport implements Transport {
  readonly protocol: 'TCP' | 'TLS';
  readonly reliable = true;
  delegate?: TransportDelegate;
  private readonly servers: Server[] = [];
  private readonly connections = new Map<string, Socket>();
  private readonly pending = new Map<string, Promise<Socket>>();
  /** Connections peers opened to us, per remote address (for the per-address cap). */
  private readonly accepted = new Map<string, number>();
  private port: number;

  constructor(private readonly options: TcpTransportOptions = {}) {
    this.protocol = options.tls ? 'TLS' : 'TCP';
    this.port = options.port ?? (options.tls ? 5061 : 5060);
  }

  get local(): LocalAddress {
    const address = this.servers[0]?.address();
    if (address && typeof address === 'object')
      return { address: unmapIpv4(address.address), port: this.port };
    return { address: '0.0.0.0', port: this.port };
  }

  /**
   * A connection knows our end of it; a new one to `destination` leaves from the route's source
   * address. The port is always the listening one: Via and Contact say where to connect back.
   */
  localFor(destination: Endpoint): LocalAddress {
    const listening = this.local.address;
    const address =
      destination.local?.address ??
      (isWildcard(listening) ? routeSource(destination.address) : listening) ??
      listening;
    return { address, port: this.port };
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Connections peers at `address` opened to us and still hold. */
  connectionsFrom(address: string): number {
    return this.accepted.get(address) ?? 0;
  }

  async listen(): Promise<void> {
    const hosts = (
      typeof this.options.host === 'string' ? this.options.host.split(',') : (this.options.host ?? [])
    )
      .map((h) => h.trim())
      .filter((h) => h !== '');
    try {
      if (hosts.length === 0 || hosts.includes('::')) {
        // One dual-stack socket takes IPv4 too; a host without IPv6 falls back to IPv4 only.
        await this.listenOn('::').catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EAFNOSUPPORT' && error.code !== 'EADDRNOTAVAIL') throw error;
          return this.listenOn('0.0.0.0');
        });
      } else for (const host of hosts) await this.listenOn(host);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  private listenOn(host: string): Promise<void> {
    const onConnection = (socket: Socket): void => this.accept(socket);
    const { messageTimeoutMs } = this.options;
    const server = this.options.tls
      ? createTlsServer(
          { ...(messageTimeoutMs ? { handshakeTimeout: messageTimeoutMs } : {}), ...this.options.tls },
          onConnection,
        )
      : createNetServer(onConnection);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, host, () => {
        server.off('error', reject);
        server.on('error', (error) => this.delegate?.onError?.(error));
        const address = server.address();
        // Port 0: the first server's port is every server's port.
        if (address && typeof address === 'object') this.port = address.port;
        this.servers.push(server);
        resolve();
      });
    });
  }

  async send(message: SipRequest | SipResponse | Buffer | string, destination: Endpoint): Promise<void> {
    const data = toBuffer(message);
    const socket = await this.connection(destination);
    await new Promise<void>((resolve, reject) => {
      socket.write(data, (error) => {
        if (error)
          reject(
            new TransportError(`${this.protocol} write to ${destination.address} failed`, { cause: error }),
          );
        else resolve();
      });
    });
  }

  keepAlive(flow: Endpoint): Promise<boolean> {
    const socket = flow.connectionId ? this.connections.get(flow.connectionId) : undefined;
    if (!socket || socket.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => socket.write('\r\n\r\n', (error) => resolve(!error)));
  }

  async close(): Promise<void> {
    for (const socket of this.connections.values()) socket.destroy();
    this.connections.clear();
    const servers = this.servers.splice(0);
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  private connection(destination: Endpoint): Promise<Socket> {
    const key = destination.connectionId ?? endpointKey(destination.address, destination.port);
    const existing = this.connections.get(key);
    if (existing && !existing.destroyed) return Promise.resolve(existing);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const opening = new Promise<Socket>((resolve, reject) => {
      const { address: host, port } = destination;
      // Leave from the address Via and Contact will carry (localFor), not the kernel's pick.
      const bound = this.localFor(destination).address;
      const localAddress = isWildcard(bound) ? undefined : bound;
      const socket = this.options.tls
        ? tlsConnect({
            host,
            port,
            rejectUnauthorized: this.options.tls.rejectUnauthorized ?? true,
            // Carriers on a private CA are trusted through `ca`; our certificate is offered to
            // carriers that ask for one (mutual TLS).
            ...(this.options.tls.ca !== undefined && { ca: this.options.tls.ca }),
            ...(this.options.tls.key !== undefined && { key: this.options.tls.key }),
            ...(this.options.tls.cert !== undefined && { cert: this.options.tls.cert }),
            ...(localAddress !== undefined && { localAddress }),
          })
        : netConnect({ host, port, ...(localAddress !== undefined && { localAddress }) });
      const fail = (error: Error): void => {
        this.pending.delete(key);
        reject(new TransportError(`${this.protocol} connect to ${host}:${port} failed`, { cause: error }));
      };
      socket.once('error', fail);
      socket.once(this.options.tls ? 'secureConnect' : 'connect', () => {
        socket.off('error', fail);
        this.pending.delete(key);
        this.adopt(socket, key);
        resolve(socket);
      });
    });
    this.pending.set(key, opening);
    return opening;
  }

  /** A connection a peer opened: counted against its address, and timed until it speaks. */
  private accept(socket: Socket): void {
    const address = unmapIpv4(socket.remoteAddress ?? '');
    const max = this.options.maxConnectionsPerAddress ?? 0;
    const held = this.accepted.get(address) ?? 0;
    if (max > 0 && held >= max) {
      this.delegate?.onDropped?.(`more than ${max} connections from one address`, {
        protocol: this.protocol,
        address,
        port: socket.remotePort ?? 0,
      });
      socket.destroy();
      return;
    }
    this.accepted.set(address, held + 1);
    socket.once('close', () => {
      const left = (this.accepted.get(address) ?? 1) - 1;
      if (left > 0) this.accepted.set(address, left);
      else this.accepted.delete(address);
    });
    this.adopt(socket, undefined, true);
  }

  private adopt(socket: Socket, knownKey?: string, peerOpened = false): void {
    const address = unmapIpv4(socket.remoteAddress ?? '');
    const port = socket.remotePort ?? 0;
    const key = knownKey ?? endpointKey(address, port);
    this.connections.set(key, socket);
    socket.setNoDelay(true);
    if (this.options.idleTimeoutMs) socket.setTimeout(this.options.idleTimeoutMs, () => socket.destroy());
    const framer = new StreamFramer();
    // Until its first message, and while a message is incomplete, the peer's time is running.
    const timeoutMs = this.options.messageTimeoutMs ?? 0;
    let deadline: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (timeoutMs <= 0 || deadline) return;
      deadline = setTimeout(() => {
        this.delegate?.onDropped?.(`no complete message within ${timeoutMs} ms`, source);
        socket.destroy();
      }, timeoutMs);
      deadline.unref();
    };
    const disarm = (): void => {
      clearTimeout(deadline);
      deadline = undefined;
    };
    if (peerOpened) arm();
    socket.once('close', disarm);
    const source: Endpoint = {
      protocol: this.protocol,
      address,
      port,
      connectionId: key,
      local: { address: unmapIpv4(socket.localAddress ?? this.local.address), port: this.port },
    };
    socket.on('data', (chunk: Buffer) => {
      let items;
      try {
        items = framer.push(chunk);
      } catch (error) {
        // A stream that lost framing cannot be resynchronised (§18.3): drop the connection.
        this.delegate?.onDropped?.(error instanceof SipParseError ? error.reason : String(error), source);
        socket.destroy();
        return;
      }
      for (const item of items) {
        if (item.kind === 'ping') socket.write('\r\n');
        else if (item.kind === 'message') {
          disarm();
          receiveBytes(this, item.data, source, { stream: true });
        }
      }
      if (framer.pendingBytes > 0) arm();
    });
    socket.on('error', (error) => this.delegate?.onError?.(error));
    socket.on('close', () => {
      // A connection replaced under the same key (a reconnect) must not report the live one's flow.
      if (this.connections.get(key) !== socket) return;
      this.connections.delete(key);
      this.delegate?.onConnectionClosed?.(source);
    });
  }
}
