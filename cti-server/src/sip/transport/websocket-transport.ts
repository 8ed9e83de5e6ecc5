import { TransportError } from '../exceptions/transport-error.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { receiveBytes } from './inbound.js';
import { toBuffer, type Endpoint, type Transport, type TransportDelegate } from './transport.js';

/**
 * The little of a WebSocket this adapter needs, so the HTTP layer can hand over @fastify/websocket
 * (or `ws`) sockets without sip/ importing either.
 */
export interface GenericWebSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
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
  private nextId = 1;

  constructor(
    readonly protocol: 'WS' | 'WSS' = 'WSS',
    readonly local: { address: string; port: number } = { address: '0.0.0.0', port: 443 },
  ) {}

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Register an upgraded socket whose subprotocol is `sip`; returns its connection id. */
  accept(socket: GenericWebSocket, remote: { address: string; port: number }): string {
    const id = `ws-${this.nextId++}-${remote.address}:${remote.port}`;
    this.sockets.set(id, socket);
    const source: Endpoint = {
      protocol: this.protocol,
      address: remote.address,
      port: remote.port,
      connectionId: id,
    };
    socket.on('message', (data) => {
      const bytes = toBytes(data);
      if (bytes) receiveBytes(this, bytes, source);
      else this.delegate?.onDropped?.('unsupported WebSocket frame payload', source);
    });
    socket.on('close', () => {
      if (this.sockets.delete(id)) this.delegate?.onConnectionClosed?.(source);
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

  close(): Promise<void> {
    for (const socket of this.sockets.values()) socket.close(1001, 'shutting down');
    this.sockets.clear();
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
