import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { TransportError } from '../exceptions/transport-error.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import { receiveBytes } from './inbound.js';
import { toBuffer, type Endpoint, type Transport, type TransportDelegate } from './transport.js';

export interface UdpTransportOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

/** SIP over UDP (https://www.rfc-editor.org/rfc/rfc3261#section-18): one socket, one message per datagram. */
export class UdpTransport implements Transport {
  readonly protocol = 'UDP' as const;
  readonly reliable = false;
  delegate?: TransportDelegate;
  private readonly socket: Socket;
  private readonly host: string;
  private readonly port: number;

  constructor(options: UdpTransportOptions = {}) {
    this.host = options.host ?? '0.0.0.0';
    this.port = options.port ?? 5060;
    this.socket = createSocket({ type: isIP(this.host) === 6 ? 'udp6' : 'udp4', reuseAddr: false });
    this.socket.on('message', (data, rinfo) =>
      receiveBytes(this, data, { protocol: 'UDP', address: rinfo.address, port: rinfo.port }),
    );
    this.socket.on('error', (error) => this.delegate?.onError?.(error));
  }

  get local(): { address: string; port: number } {
    const address = this.socket.address();
    return { address: address.address, port: address.port };
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(this.port, this.host, () => {
        this.socket.off('error', reject);
        resolve();
      });
    });
  }

  send(message: SipRequest | SipResponse | Buffer | string, destination: Endpoint): Promise<void> {
    const data = toBuffer(message);
    return new Promise((resolve, reject) => {
      this.socket.send(data, destination.port, destination.address, (error) => {
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

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
