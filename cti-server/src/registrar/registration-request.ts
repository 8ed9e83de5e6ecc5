import { contactExpires, type NameAddr } from '../sip/message/name-addr.js';
import type { SipRequest } from '../sip/message/sip-message.js';
import type { BindingUpdate } from './location-service.js';

export interface ExpiryPolicy {
  /** Below this (and above 0) the REGISTER gets 423 with Min-Expires. */
  minExpires: number;
  /** Longer requests are shortened to this. */
  maxExpires: number;
  /** When neither the contact nor the request says (§10.2.1.1 leaves it to the registrar). */
  defaultExpires: number;
}

/** What a REGISTER asks for, once its Contact and Expires fields are understood (§10.3 steps 6-7). */
export type RegistrationIntent =
  | { kind: 'query' }
  | { kind: 'remove-all' }
  | { kind: 'update'; updates: BindingUpdate[] }
  | { kind: 'invalid'; reason: string }
  | { kind: 'too-brief'; minExpires: number };

/** Read Contact / Expires of a REGISTER (https://www.rfc-editor.org/rfc/rfc3261#section-10.3). */
export function readRegistration(request: SipRequest, policy: ExpiryPolicy): RegistrationIntent {
  const contacts = request.contacts;
  if (contacts.length === 0) return { kind: 'query' };
  const headerExpires = parseExpires(request.headers.get('Expires'));
  if (contacts.some((c) => c.star)) {
    // Step 6: "*" only alone and only with Expires: 0, else 400.
    if (contacts.length > 1 || headerExpires !== 0) {
      return { kind: 'invalid', reason: 'Contact * needs Expires: 0 and no other contact' };
    }
    return { kind: 'remove-all' };
  }
  const updates: BindingUpdate[] = [];
  for (const contact of contacts as NameAddr[]) {
    const requested = contactExpires(contact) ?? headerExpires ?? policy.defaultExpires;
    // Step 7: 423 only for 0 < interval < min (a zero removes the binding).
    if (requested > 0 && requested < policy.minExpires) {
      return { kind: 'too-brief', minExpires: policy.minExpires };
    }
    const q = parseQ(contact.params.get('q'));
    if (q === undefined) return { kind: 'invalid', reason: 'Bad q value' };
    updates.push({ contact, expiresIn: Math.min(requested, policy.maxExpires), q });
  }
  return { kind: 'update', updates };
}

/** delta-seconds (§20.19); anything else reads as absent. */
function parseExpires(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}

/** `qvalue = ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")])` (§25.1); absent means 1. */
function parseQ(raw: string | null | undefined): number | undefined {
  if (raw === undefined || raw === null) return 1;
  if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(raw)) return undefined;
  return Number(raw);
}
