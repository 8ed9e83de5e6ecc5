import type { SipRequest, SipResponse } from '../message/sip-message.js';
import type { Endpoint } from '../transport/transport.js';
import type { FakeTransport } from './fake-transport.js';

/** One message the network carried (or lost: no host at `to`, or its connection closed). */
export interface FakeDelivery {
  from: FakeTransport;
  to: FakeTransport | undefined;
  message: SipRequest | SipResponse;
  /** The source the receiver saw (with the connection id on stream transports). */
  source: Endpoint;
}

interface Connection {
  id: string;
  client: FakeTransport;
  server: FakeTransport;
  open: boolean;
}

/**
 * Hosts on one in-memory network, with no socket anywhere: every `FakeTransport` joined to it
 * reaches the others by the address and port `send` names. Stream transports (TCP, TLS, WS) talk
 * over connections: each has an id, carried in the source the receiver sees
 * (`Endpoint.connectionId`) and honoured when a reply or a request names it; `close()` reports
 * the end of one to both transports (`onConnectionClosed`), and what is sent on it afterwards is
 * lost (RFC 5626 §4.4: the flow is gone).
 */
export class FakeNetwork {
  /** Everything sent, in order, delivered or not. */
  readonly log: FakeDelivery[] = [];
  private readonly hosts: FakeTransport[] = [];
  private readonly connections = new Map<string, Connection>();
  private counter = 0;

  /** Puts `transport` on the network (it takes over the transport's `peer`). */
  join<T extends FakeTransport>(transport: T): T {
    this.hosts.push(transport);
    transport.peer = (message, _from, destination) => this.carry(transport, message, destination);
    return transport;
  }

  /** A stream connection from `client` to `server` (a phone's TCP flow to the server): its id. */
  connect(client: FakeTransport, server: FakeTransport): string {
    const id = `conn-${++this.counter}`;
    this.connections.set(id, { id, client, server, open: true });
    return id;
  }

  /** The connection drops: both ends hear of it; later messages on it are lost. */
  close(connectionId: string): void {
    const connection = this.connections.get(connectionId);
    if (!connection?.open) return;
    connection.open = false;
    const { client, server } = connection;
    for (const [self, other] of [
      [client, server],
      [server, client],
    ] as const)
      self.delegate?.onConnectionClosed?.({
        protocol: self.protocol,
        address: other.local.address,
        port: other.local.port,
        connectionId,
      });
  }

  /** Messages `to` received (requests and responses), oldest first. */
  receivedBy(to: FakeTransport): Array<SipRequest | SipResponse> {
    return this.log.filter((d) => d.to === to).map((d) => d.message);
  }

  private carry(from: FakeTransport, message: SipRequest | SipResponse, destination: Endpoint): void {
    let to: FakeTransport | undefined;
    let connectionId = destination.connectionId;
    if (connectionId !== undefined) {
      const c = this.connections.get(connectionId);
      if (c?.open) to = c.client === from ? c.server : c.server === from ? c.client : undefined;
    } else {
      to = this.hosts.find(
        (h) =>
          h !== from &&
          h.protocol === from.protocol &&
          h.local.address === destination.address &&
          h.local.port === destination.port,
      );
      if (to && from.reliable) connectionId = this.connectionBetween(from, to);
    }
    const source: Endpoint = {
      protocol: from.protocol,
      address: from.local.address,
      port: from.local.port,
      ...(connectionId !== undefined && { connectionId }),
      ...(to && { local: { ...to.local } }),
    };
    this.log.push({ from, to, message, source });
    to?.inject(message, source);
  }

  /** The open connection between two hosts (the newest), or a new one opened by `from`. */
  private connectionBetween(from: FakeTransport, to: FakeTransport): string {
    const open = [...this.connections.values()]
      .reverse()
      .find(
        (c) => c.open && ((c.client === from && c.server === to) || (c.client === to && c.server === from)),
      );
    return open?.id ?? this.connect(from, to);
  }
}
