import { parseNameAddr, type SipRequest, type Uri } from '../sip/index.js';

export interface CallIdentity {
  /** Caller's number as signalled (P-Asserted-Identity, else From), or null when withheld. */
  ani: string | null;
  /** Caller's display name, if any. */
  aniName: string | null;
  /**
   * Dialled-number candidates, most authoritative first: the number the call was first diverted
   * from (RFC 5806 Diversion, last header = original), then the Request-URI user, then To.
   */
  dnisCandidates: string[];
}

function userOf(uri: Uri): string | null {
  if (uri.kind === 'sip') return uri.user ?? null;
  if (uri.kind === 'tel') return uri.number;
  return null;
}

function headerUser(value: string | undefined): { user: string | null; name: string | null } {
  if (!value) return { user: null, name: null };
  try {
    const na = parseNameAddr(value.split(',')[0] ?? value);
    return { user: userOf(na.uri), name: na.displayName ?? null };
  } catch {
    return { user: null, name: null };
  }
}

const WITHHELD = new Set(['anonymous', 'unknown', 'restricted', 'unavailable']);

/** ANI and DNIS of an inbound INVITE the way carriers signal them. */
export function callIdentity(request: SipRequest): CallIdentity {
  const pai = headerUser(request.headers.get('P-Asserted-Identity'));
  const from = headerUser(request.headers.get('From'));
  const caller = pai.user ? pai : from;
  const ani = caller.user && !WITHHELD.has(caller.user.toLowerCase()) ? caller.user : null;

  const candidates: string[] = [];
  const diversions = [...request.headers.getAll('Diversion')];
  const original = headerUser(diversions.at(-1)?.split(',').at(-1)).user;
  if (original) candidates.push(original);
  const ruri = userOf(request.uri);
  if (ruri) candidates.push(ruri);
  const to = headerUser(request.headers.get('To')).user;
  if (to) candidates.push(to);
  return {
    ani,
    aniName: caller.name ?? from.name,
    dnisCandidates: [...new Set(candidates.map((c) => c.replace(/[^\d+*#]/g, '')).filter(Boolean))],
  };
}
