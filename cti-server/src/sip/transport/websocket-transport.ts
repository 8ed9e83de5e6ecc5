import { TransportError } from '../exceptions/transport-error.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { receiveBytes } from './inbound.js';
import { unmapIpv4 } from '../../net/local-address.js';
import {
  toBuffer,
  type Endpoint,
  type LocalAddress,
  type Transport,
  type TransportDelegate,
} from './transport.js';

/**
 * The little of a WebSocket this adapter needs, so the HTTP layer can hand over @fastify/websocket
 * (or `ws`) sockets without sip/ importing either.
 */
export interface GenericWebSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  /** A ping frame (RFC 6455 §5.5.2); `ws` sockets have it. */
  ping?(): void;
}

/**
 * SIP over WebSocket (https://www.rfc-editor.org/rfc/rfc7118): each WebSocket message carries exactly one
 * SIP message (§5.1), so no stream framing. Connections are identified by an id of the adapter's choosing;
 * responses and in-dialog requests go back over the same socket (§5.3, browsers cannot accept connections).
 */
export class WebSocketTransport implements Transport {
  readonly reliable = true;
  delegate?: TransportDelegate;
  private readonly sockets = new Map<string, GenericWebSocket>();
  /** Open connections per remote address (the HTTP layer caps them at the upgrade). */
  private readonly perAddress = new Map<string, number>();
  private nextId = 1;

  constructor(
    readonly protocol: 'WS' | 'WSS' = 'WSS',
    /** Fallback for Via/Contact when a connection's own local address is unknown. */
    readonly local: LocalAddress = { address: '127.0.0.1', port: 443 },
  ) {}

  /** Browsers are reached over their connection only (§5.3), which knows our address on it. */
  localFor(destination: Endpoint): LocalAddress {
    return destination.local ?? this.local;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Connections open from `address` now. */
  connectionsFrom(address: string): number {
    return this.perAddress.get(unmapIpv4(address)) ?? 0;
  }

  /**
   * Register an upgraded socket whose subprotocol is `sip`; returns its connection id. `local`
   * is our end of the HTTP connection (the address and port the browser connected to).
   */
  accept(socket: GenericWebSocket, remote: { address: string; port: number }, local?: LocalAddress): string {
    const address = unmapIpv4(remote.address);
    const id = `ws-${this.nextId++}-${address}:${remote.port}`;
    this.sockets.set(id, socket);
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    const source: Endpoint = {
      protocol: this.protocol,
      address,
      port: remote.port,
      connectionId: id,
      ...(local && { local: { address: unmapIpv4(local.address), port: local.port } }),
    };
    socket.on('message', (data) => {
      const bytes = toBytes(data);
      if (bytes) receiveBytes(this, bytes, source);
      else this.delegate?.onDropped?.('unsupported WebSocket frame payload', source);
    });
    socket.on('close', () => {
      if (!this.sockets.delete(id)) return;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
      this.delegate?.onConnectionClosed?.(source);
    });
    return id;
  }

  listen(): Promise<void> {
    return Promise.resolve();
  }

  send(message: SipRequest | SipResponse | Buffer | string, destination: Endpoint): Promise<void> {
    const socket = destination.connectionId ? this.sockets.get(destination.connectionId) : undefined;
    if (!socket) {
      return Promise.reject(
        new TransportError(`no WebSocket connection for ${destination.address}:${destination.port}`),
      );
    }
    try {
      socket.send(typeof message === 'string' ? message : toBuffer(message).toString());
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(new TransportError('WebSocket send failed', { cause: error }));
    }
  }

  keepAlive(flow: Endpoint): Promise<boolean> {
    const socket = flow.connectionId ? this.sockets.get(flow.connectionId) : undefined;
    if (!socket) return Promise.resolve(false);
    try {
      socket.ping?.();
      return Promise.resolve(true);
    } catch {
      return Promise.resolve(false);
    }
  }

  close(): Promise<void> {
    for (const socket of this.sockets.values()) socket.close(1001, 'shutting down');
    this.sockets.clear();
    this.perAddress.clear();
    return Promise.resolve();
  }
}

function toBytes(data: unknown): Buffer | undefined {
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (Array.isArray(data) && data.every((d) => Buffer.isBuffer(d))) return Buffer.concat(data as Buffer[]);
  return undefined;
}
