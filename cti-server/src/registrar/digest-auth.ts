import { createHash, timingSafeEqual } from 'node:crypto';
import { parseAuthHeader, type AuthHeader, type NonceManager } from '../sip/message/digest.js';
import { quote } from '../sip/message/text.js';

/** Stored per user instead of the password: `H(user:realm:password)` (https://www.rfc-editor.org/rfc/rfc7616#section-3.4.2). */
export interface StoredHa1 {
  ha1Md5: string;
  ha1Sha256: string;
}

/** Algorithms the registrar offers, strongest first (https://www.rfc-editor.org/rfc/rfc8760#section-2.4). */
export const OFFERED_ALGORITHMS = ['SHA-256', 'MD5'] as const;
export type OfferedAlgorithm = (typeof OFFERED_ALGORITHMS)[number];

export function offeredAlgorithm(value: string | undefined): OfferedAlgorithm | undefined {
  const normalised = (value ?? 'MD5').toUpperCase();
  return OFFERED_ALGORITHMS.find((a) => a === normalised);
}

function hash(algorithm: OfferedAlgorithm, data: string): string {
  return createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
    .update(data)
    .digest('hex');
}

/**
 * Check a digest `response` against the stored HA1 (the password is never known here).
 * request-digest per https://www.rfc-editor.org/rfc/rfc7616#section-3.4.1; without `qop` the
 * RFC 2069 form `H(HA1:nonce:HA2)` that RFC 3261 §22.4 still allows.
 */
export function verifyDigestHa1(authorization: AuthHeader, method: string, stored: StoredHa1): boolean {
  const p = authorization.params;
  const algorithm = offeredAlgorithm(p.get('algorithm'));
  if (!algorithm) return false;
  const ha1 = algorithm === 'SHA-256' ? stored.ha1Sha256 : stored.ha1Md5;
  const ha2 = hash(algorithm, `${method}:${p.get('uri') ?? ''}`);
  const nonce = p.get('nonce') ?? '';
  const qop = p.get('qop');
  let expected: string;
  if (qop === undefined) expected = hash(algorithm, `${ha1}:${nonce}:${ha2}`);
  else if (qop === 'auth') {
    const nc = p.get('nc') ?? '';
    const cnonce = p.get('cnonce') ?? '';
    if (!nc || !cnonce) return false;
    expected = hash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  } else return false;
  const given = Buffer.from((p.get('response') ?? '').toLowerCase());
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function ha1FromPassword(username: string, realm: string, password: string): StoredHa1 {
  const data = `${username}:${realm}:${password}`;
  return { ha1Md5: hash('MD5', data), ha1Sha256: hash('SHA-256', data) };
}

/**
 * One challenge per algorithm, in the given order (default SHA-256 first), sharing a fresh nonce
 * (https://www.rfc-editor.org/rfc/rfc8760#section-2.4: the UAC uses the topmost it supports).
 * `stale` tells the UAC its credentials were right but the nonce expired (RFC 7616 §3.3).
 * Written by hand because a challenge's qop-options must be quoted (RFC 3261 §25.1 `qop-options`).
 */
export function buildChallenges(
  nonces: NonceManager,
  realm: string,
  options: { stale?: boolean; algorithms?: readonly OfferedAlgorithm[] } = {},
): string[] {
  const nonce = nonces.issue(realm);
  const stale = options.stale ? ', stale=true' : '';
  return (options.algorithms ?? OFFERED_ALGORITHMS).map(
    (algorithm) =>
      `Digest realm=${quote(realm)}, nonce=${quote(nonce)}, qop="auth", algorithm=${algorithm}${stale}`,
  );
}

/** The Digest credentials addressed to `realm` among Authorization / Proxy-Authorization values (§22.4). */
export function findDigestCredentials(values: readonly string[], realm: string): AuthHeader | undefined {
  for (const value of values) {
    const header = parseAuthHeader(value);
    if (header.scheme.toLowerCase() === 'digest' && header.params.get('realm') === realm) return header;
  }
  return undefined;
}

/** Outcome of checking credentials whose realm already matched. */
export type DigestCheck = 'valid' | 'stale' | 'bad-nonce' | 'bad-response' | 'unsupported';

/** Nonce and response together; a stale nonce only reads as `stale` when the response is right (RFC 7616 §3.3). */
export function checkDigest(
  authorization: AuthHeader,
  method: string,
  /** Several when a user has more than one valid password (desk phone, console session). */
  stored: StoredHa1 | readonly StoredHa1[] | null,
  nonces: NonceManager,
  realm: string,
  algorithms: readonly OfferedAlgorithm[] = OFFERED_ALGORITHMS,
): DigestCheck {
  const algorithm = offeredAlgorithm(authorization.params.get('algorithm'));
  if (!algorithm || !algorithms.includes(algorithm)) return 'unsupported';
  const nonce = nonces.verify(authorization.params.get('nonce') ?? '', realm);
  if (nonce === 'invalid') return 'bad-nonce';
  const candidates = stored === null ? [] : Array.isArray(stored) ? stored : [stored as StoredHa1];
  if (!candidates.some((ha1) => verifyDigestHa1(authorization, method, ha1))) return 'bad-response';
  return nonce === 'stale' ? 'stale' : 'valid';
}
