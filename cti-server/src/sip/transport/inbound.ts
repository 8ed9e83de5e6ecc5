import { isIP } from 'node:net';
import { SipParseError } from '../exceptions/sip-parse-error.js';
import { parseMessage, type ParseOptions } from '../message/parser.js';
import { createRejection } from '../message/response-builder.js';
import { SipRequest, type SipResponse } from '../message/sip-message.js';
import { viaMaddr, viaReceived, viaRport, type Via } from '../message/via.js';
import type { Endpoint, Transport } from './transport.js';

/**
 * Stamp the top Via of a received request (https://www.rfc-editor.org/rfc/rfc3261#section-18.2.1):
 * add `received` when sent-by differs from the packet source, and fill an empty `rport`
 * with the source port (https://www.rfc-editor.org/rfc/rfc3581#section-4), which also forces `received`.
 */
export function stampVia(request: SipRequest, source: Endpoint): void {
  const via = request.topVia;
  const rport = viaRport(via);
  let changed = false;
  if (via.host !== source.address || rport === true) {
    via.params.set('received', source.address);
    changed = true;
  }
  if (rport === true) {
    via.params.set('rport', String(source.port));
    changed = true;
  }
  if (changed) request.topVia = via;
}

/**
 * Where to send a response (https://www.rfc-editor.org/rfc/rfc3261#section-18.2.2): over the request's
 * connection on reliable transports; otherwise maddr, else received + (rport or sent-by port).
 */
export function responseDestination(via: Via, source: Endpoint | undefined, reliable: boolean): Endpoint {
  if (reliable && source) return source;
  const protocol = source?.protocol ?? (via.transport as Endpoint['protocol']);
  const maddr = viaMaddr(via);
  const defaultPort = protocol === 'TLS' || protocol === 'WSS' ? 5061 : 5060;
  // The response leaves from the address the request arrived on (a NAT only lets that back in).
  const local = source?.local ? { local: source.local } : {};
  if (maddr) return { protocol, address: maddr, port: via.port ?? defaultPort, ...local };
  const rport = viaRport(via);
  return {
    ...local,
    protocol,
    address: viaReceived(via) ?? source?.address ?? via.host,
    // An unfilled rport (Via not stamped, e.g. a malformed request) still means "reply to the source port".
    port:
      typeof rport === 'number' ? rport : rport === true && source ? source.port : (via.port ?? defaultPort),
  };
}

/**
 * Turn received bytes into a delivered message, or a 400/513 reply, or a drop.
 * Never throws: a bad datagram must not take the process down.
 */
export function receiveBytes(
  transport: Transport,
  data: Buffer,
  source: Endpoint,
  options: ParseOptions = {},
): void {
  let message: SipRequest | SipResponse;
  try {
    message = parseMessage(data, options);
  } catch (error) {
    if (!(error instanceof SipParseError)) {
      transport.delegate?.onDropped?.(`parser failure: ${String(error)}`, source);
      return;
    }
    rejectMalformed(transport, error, source);
    return;
  }
  if (message instanceof SipRequest) stampVia(message, source);
  try {
    transport.delegate?.onMessage?.(message, source);
  } catch (error) {
    transport.delegate?.onError?.(error instanceof Error ? error : new Error(String(error)));
  }
}

function rejectMalformed(transport: Transport, error: SipParseError, source: Endpoint): void {
  const response = createRejection(error);
  if (!response) {
    transport.delegate?.onDropped?.(error.reason, source);
    return;
  }
  let destination: Endpoint;
  try {
    const via = response.topVia;
    destination = responseDestination(via, source, transport.reliable);
    if (isIP(destination.address) === 0 && !transport.reliable) destination = source;
  } catch {
    transport.delegate?.onDropped?.(error.reason, source);
    return;
  }
  transport.delegate?.onDropped?.(`${error.reason} (answered ${response.status})`, source);
  transport.send(response, destination).catch((e: unknown) => transport.delegate?.onError?.(e as Error));
}
