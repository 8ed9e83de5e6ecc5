import { parseMessage } from '../message/parser.js';
import type { SipRequest, SipResponse } from '../message/sip-message.js';
import {
  toBuffer,
  type Endpoint,
  type LocalAddress,
  type Transport,
  type TransportDelegate,
} from '../transport/transport.js';

/** In-memory transport for tests: records what is sent; `fail` makes sends reject; `drop` loses chosen messages. */
export class FakeTransport implements Transport {
  readonly sent: Array<{ message: SipRequest | SipResponse; destination: Endpoint }> = [];
  delegate?: TransportDelegate;
  fail = false;
  /** Return true to silently lose a message (simulating UDP loss). */
  drop: (message: SipRequest | SipResponse) => boolean = () => false;
  /**
   * Where delivered messages go (e.g. another FakeTransport's `inject`); `destination` is what
   * `send` was given (a `FakeNetwork` routes on it).
   */
  peer?: (message: SipRequest | SipResponse, from: Endpoint, destination: Endpoint) => void;

  constructor(
    readonly protocol: Transport['protocol'] = 'UDP',
    readonly reliable = false,
    readonly local = { address: '192.0.2.1', port: 5060 },
  ) {}

  localFor(destination: Endpoint): LocalAddress {
    return destination.local ?? this.local;
  }

  listen(): Promise<void> {
    return Promise.resolve();
  }

  send(message: SipRequest | SipResponse | Buffer | string, destination: Endpoint): Promise<void> {
    if (this.fail) return Promise.reject(new Error('network down'));
    const parsed = parseMessage(toBuffer(message));
    this.sent.push({ message: parsed, destination });
    if (!this.drop(parsed))
      queueMicrotask(() => this.peer?.(parsed, { protocol: this.protocol, ...this.local }, destination));
    return Promise.resolve();
  }

  /** Simulate a message arriving from `source`. */
  inject(message: SipRequest | SipResponse | string, source: Endpoint): void {
    const parsed = typeof message === 'string' ? parseMessage(message) : parseMessage(message.toString());
    if (parsed.isRequest && parsed.topVia.host !== source.address) {
      const via = parsed.topVia;
      via.params.set('received', source.address);
      parsed.topVia = via;
    }
    this.delegate?.onMessage?.(parsed, source);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Start lines of everything sent so far, e.g. `['INVITE', 'INVITE', 'ACK']` or `['100', '200']`. */
  get sentSummary(): string[] {
    return this.sent.map(({ message }) => (message.isRequest ? message.method : String(message.status)));
  }
}
