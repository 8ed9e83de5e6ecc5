import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { quote, splitOutsideQuotes, unquote } from './text.js';

/** Digest authentication helpers (https://www.rfc-editor.org/rfc/rfc7616, https://www.rfc-editor.org/rfc/rfc3261#section-22.4). */

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

/** `Digest k=v, k="v"` from WWW-Authenticate / Authorization; keys lower-cased, values unquoted. */
export interface AuthHeader {
  scheme: string;
  params: Map<string, string>;
}

export function parseAuthHeader(text: string): AuthHeader {
  const value = text.trim();
  const space = value.indexOf(' ');
  const scheme = space === -1 ? value : value.slice(0, space);
  const params = new Map<string, string>();
  if (space !== -1) {
    for (const piece of splitOutsideQuotes(value.slice(space + 1), ',')) {
      const eq = piece.indexOf('=');
      if (eq === -1) continue;
      params.set(piece.slice(0, eq).trim().toLowerCase(), unquote(piece.slice(eq + 1).trim()));
    }
  }
  return { scheme, params };
}

// Tokens in Authorization; everything else quoted. A challenge's qop list is quoted (RFC 7616 §3.3, §3.4).
const UNQUOTED = new Set(['algorithm', 'qop', 'nc', 'stale']);

export function formatAuthHeader(header: AuthHeader): string {
  const parts = [...header.params].map(([k, v]) =>
    UNQUOTED.has(k) && !v.includes(',') ? `${k}=${v}` : `${k}=${quote(v)}`,
  );
  return `${header.scheme} ${parts.join(', ')}`;
}

function hash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5')
    .update(data)
    .digest('hex');
}

export interface DigestInput {
  algorithm?: DigestAlgorithm;
  username: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  /** Present together with nc and cnonce when qop=auth. */
  qop?: 'auth';
  nc?: string;
  cnonce?: string;
}

/** request-digest per https://www.rfc-editor.org/rfc/rfc7616#section-3.4.1 */
export function computeDigestResponse(input: DigestInput): string {
  const algorithm = input.algorithm ?? 'MD5';
  let ha1 = hash(algorithm, `${input.username}:${input.realm}:${input.password}`);
  if (algorithm.endsWith('-sess')) ha1 = hash(algorithm, `${ha1}:${input.nonce}:${input.cnonce ?? ''}`);
  const ha2 = hash(algorithm, `${input.method}:${input.uri}`);
  if (input.qop === 'auth') {
    return hash(algorithm, `${ha1}:${input.nonce}:${input.nc ?? ''}:${input.cnonce ?? ''}:auth:${ha2}`);
  }
  return hash(algorithm, `${ha1}:${input.nonce}:${ha2}`);
}

/** Build the Authorization value answering `challenge` (WWW-Authenticate or Proxy-Authenticate). */
export function answerChallenge(
  challenge: AuthHeader,
  credentials: { username: string; password: string; method: string; uri: string; nc?: number },
): AuthHeader {
  const algorithm = (challenge.params.get('algorithm') ?? 'MD5') as DigestAlgorithm;
  const realm = challenge.params.get('realm') ?? '';
  const nonce = challenge.params.get('nonce') ?? '';
  const offersAuth = (challenge.params.get('qop') ?? '').split(',').some((q) => q.trim() === 'auth');
  const nc = (credentials.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const { username, password, method, uri } = credentials;
  const input: DigestInput = { username, password, method, uri, algorithm, realm, nonce };
  if (offersAuth) Object.assign(input, { qop: 'auth', nc, cnonce });
  const params = new Map<string, string>([
    ['username', credentials.username],
    ['realm', realm],
    ['nonce', nonce],
    ['uri', credentials.uri],
    ['response', computeDigestResponse(input)],
    ['algorithm', algorithm],
  ]);
  if (offersAuth) {
    params.set('qop', 'auth');
    params.set('nc', nc);
    params.set('cnonce', cnonce);
  }
  const opaque = challenge.params.get('opaque');
  if (opaque !== undefined) params.set('opaque', opaque);
  return { scheme: 'Digest', params };
}

/**
 * Stateless nonces: `base64url(issuedAt(8) | random(8) | HMAC(secret, issuedAt|random|realm)[0..16])`.
 * The server keeps no table; a nonce it minted verifies until `ttlMs` after issue, then reads as stale
 * so the client retries with the fresh nonce (RFC 7616 §3.3 `stale=true`).
 */
export class NonceManager {
  constructor(
    private readonly secret: string | Buffer,
    readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  issue(realm: string): string {
    const head = Buffer.alloc(16);
    head.writeBigUInt64BE(BigInt(Math.floor(this.now())), 0);
    randomBytes(8).copy(head, 8);
    return Buffer.concat([head, this.mac(head, realm)]).toString('base64url');
  }

  verify(nonce: string, realm: string): 'valid' | 'stale' | 'invalid' {
    const raw = Buffer.from(nonce, 'base64url');
    if (raw.length !== 32) return 'invalid';
    const head = raw.subarray(0, 16);
    if (!timingSafeEqual(raw.subarray(16), this.mac(head, realm))) return 'invalid';
    const issuedAt = Number(head.readBigUInt64BE(0));
    return this.now() - issuedAt > this.ttlMs ? 'stale' : 'valid';
  }

  private mac(head: Buffer, realm: string): Buffer {
    return createHmac('sha256', this.secret).update(head).update(realm).digest().subarray(0, 16);
  }
}

/** Check an Authorization header against the known password (response only; nonce checked separately). */
export function verifyDigest(authorization: AuthHeader, method: string, password: string): boolean {
  const p = authorization.params;
  const qop = p.get('qop');
  const expected = computeDigestResponse({
    algorithm: (p.get('algorithm') ?? 'MD5') as DigestAlgorithm,
    username: p.get('username') ?? '',
    realm: p.get('realm') ?? '',
    password,
    method,
    uri: p.get('uri') ?? '',
    nonce: p.get('nonce') ?? '',
    ...(qop === 'auth' ? { qop: 'auth' as const, nc: p.get('nc') ?? '', cnonce: p.get('cnonce') ?? '' } : {}),
  });
  const given = Buffer.from(p.get('response') ?? '');
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}
