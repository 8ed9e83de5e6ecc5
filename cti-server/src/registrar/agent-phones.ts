import type { Endpoint, Uri } from '../sip/index.js';
import type { LocationService } from './location-service.js';
import { requestDestination } from './request-destination.js';

/** One registered contact of an extension, as call control rings it. */
export interface PhoneContact {
  uri: Uri;
  /** Registered over WebSocket (a browser): its media is ICE + DTLS-SRTP. */
  webrtc: boolean;
  /** Where requests go instead of the Contact (its connection, or its NAT's mapping). */
  flow?: Endpoint;
}

/** An extension's registered contacts, the way requests reach each of them. */
export function phoneContacts(locations: LocationService, extension: string): PhoneContact[] {
  return locations.lookup(extension).map((b) => {
    const flow = requestDestination(b);
    return {
      uri: b.contact.uri,
      webrtc: b.flow.protocol === 'WS' || b.flow.protocol === 'WSS',
      ...(flow && { flow }),
    };
  });
}

/**
 * Did this request come from a phone registered as `user`: over the same connection
 * (WS/TCP/TLS, RFC 5626 flow), or from the same UDP address and port as one of its bindings?
 */
export function isRegisteredPhone(locations: LocationService, source: Endpoint, user: string): boolean {
  return locations
    .lookup(user)
    .some((b) =>
      source.connectionId
        ? b.flow.connectionId === source.connectionId
        : !b.flow.connectionId && b.flow.address === source.address && b.flow.port === source.port,
    );
}
