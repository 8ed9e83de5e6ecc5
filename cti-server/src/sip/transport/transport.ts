import type { SipRequest, SipResponse } from '../message/sip-message.js';

export type TransportProtocol = 'UDP' | 'TCP' | 'TLS' | 'WS' | 'WSS';

/** One of our own addresses and the SIP port on it. */
export interface LocalAddress {
  address: string;
  port: number;
}

/** A remote peer. `connectionId` pins a message to one stream connection (§18.2.2 "same connection"). */
export interface Endpoint {
  protocol: TransportProtocol;
  address: string;
  port: number;
  connectionId?: string;
  /**
   * Our address the peer's traffic arrived on (set by transports on receive). Replies and later
   * requests to this flow leave from it and carry it in Via/Contact/SDP, so a multi-homed host
   * answers each network on its own address and a NAT keeps recognising the flow.
   */
  local?: LocalAddress;
}

export interface TransportDelegate {
  /** A parsed message arrived; for requests the top Via already carries received/rport (§18.2.1). */
  onMessage?(message: SipRequest | SipResponse, source: Endpoint): void;
  /** Bytes that could not be used; a 400/513 may already have been sent back. */
  onDropped?(reason: string, source: Endpoint): void;
  /**
   * A stream connection (TCP, TLS, WebSocket) closed, from either side. `flow.connectionId` is the id
   * messages from it carried: bindings and dialogs pinned to it are unreachable now
   * (https://www.rfc-editor.org/rfc/rfc5626#section-4.4, https://www.rfc-editor.org/rfc/rfc7118#section-5).
   */
  onConnectionClosed?(flow: Endpoint): void;
  /** A socket-level error that did not belong to a particular send. */
  onError?(error: Error): void;
}

/** The network below the transaction layer (https://www.rfc-editor.org/rfc/rfc3261#section-18). */
export interface Transport {
  readonly protocol: TransportProtocol;
  /** Reliable transports turn off retransmissions and zero timers D, I, J, K. */
  readonly reliable: boolean;
  /** Address/port this transport is bound to (valid after `listen()`; may be a wildcard). */
  readonly local: LocalAddress;
  /**
   * The address and port of ours that `destination` reaches us on: the flow's own when it came
   * from the peer, else the route's source address towards it. Never a wildcard once listening.
   */
  localFor(destination: Endpoint): LocalAddress;
  delegate?: TransportDelegate;
  listen(): Promise<void>;
  /**
   * Connection transports: traffic on the connection of `flow` that is not a SIP message, to
   * keep NAT and firewall state alive (a double CRLF on TCP/TLS, RFC 5626 §3.5.1; a ping frame
   * on WebSocket). Resolves false when the connection is gone.
   */
  keepAlive?(flow: Endpoint): Promise<boolean>;
  /** Rejects with `TransportError` when the bytes could not be handed to the network. */
  send(message: SipRequest | SipResponse | Buffer | string, destination: Endpoint): Promise<void>;
  close(): Promise<void>;
}

export function endpointKey(address: string, port: number): string {
  return `${address}:${port}`;
}

export function toBuffer(message: SipRequest | SipResponse | Buffer | string): Buffer {
  if (Buffer.isBuffer(message)) return message;
  return Buffer.from(typeof message === 'string' ? message : message.toString());
}
