import type { Endpoint } from '../sip/index.js';
import type { Binding } from './location-service.js';
import { behindNat } from './nat-keepalive.js';

/**
 * Where requests to a registered contact are sent, or undefined for its Contact URI itself:
 * - back over the connection it registered on (TCP/TLS/WS: https://www.rfc-editor.org/rfc/rfc5626#section-5.3,
 *   https://www.rfc-editor.org/rfc/rfc7118#section-5);
 * - over UDP, to the address and port the REGISTER came from when the Contact names another host
 *   (a phone behind NAT: its private address cannot be reached, its router's mapping can);
 * - otherwise to the Contact (https://www.rfc-editor.org/rfc/rfc3261#section-10.2.1): a phone may
 *   register from one port and listen on another, or be registered by a third party.
 */
export function requestDestination(binding: Binding): Endpoint | undefined {
  if (binding.flow.connectionId) return binding.flow;
  return behindNat(binding) ? binding.flow : undefined;
}
