import { SipParseError } from '../exceptions/sip-parse-error.js';
import type { SipRequest } from '../message/sip-message.js';

export interface Rejection {
  status: number;
  reason?: string;
  headers?: Array<[string, string]>;
}

/**
 * UAS request checks that need no application knowledge (https://www.rfc-editor.org/rfc/rfc3261#section-8.2),
 * in the order the RFC lists them. Returns the rejection to send, or undefined to go on.
 */
export function validateRequest(
  request: SipRequest,
  allow: readonly string[],
  supported: readonly string[],
): Rejection | undefined {
  // §8.2.1: "If a UAS does not support the method ... it MUST generate a 405 ... [with] an Allow header field".
  if (!allow.includes(request.method)) return { status: 405, headers: [['Allow', allow.join(', ')]] };
  // §8.2.2.1: "If the Request-URI uses a scheme not supported by the UAS, it SHOULD reject ... with a 416".
  if (request.uri.kind === 'other') return { status: 416 };
  // Max-Forwards exhausted (https://www.rfc-editor.org/rfc/rfc3261#section-16.3 item 2); a B2BUA forwards.
  if (request.maxForwards === 0 && request.method !== 'ACK') return { status: 483 };
  // §8.2.2.3: unknown Require option tags → 420 with Unsupported (never for ACK or CANCEL).
  if (request.method !== 'ACK' && request.method !== 'CANCEL') {
    const unsupported = request.optionTags('Require').filter((tag) => !supported.includes(tag));
    if (unsupported.length > 0) return { status: 420, headers: [['Unsupported', unsupported.join(', ')]] };
  }
  // A Contact or Record-Route that does not parse is malformed syntax (§21.4.1), refused before
  // anyone reads it: a dialog takes the Contact as its remote target and the Record-Route as its
  // route set (§12.1.1), read only when it sends a request (a BYE from a timer, too late to answer).
  if (request.method !== 'ACK' && request.method !== 'CANCEL') {
    for (const [header, read] of [
      ['Contact', () => request.contacts],
      ['Record-Route', () => request.recordRoutes],
    ] as const) {
      try {
        read();
      } catch (error) {
        if (error instanceof SipParseError) return { status: 400, reason: `Invalid ${header} header` };
        throw error;
      }
    }
  }
  return undefined;
}
