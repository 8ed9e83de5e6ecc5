import { randomBytes } from 'node:crypto';
import type { IncomingRequest } from '../sip/core/incoming-request.js';
import { NonceManager, type AuthHeader } from '../sip/message/digest.js';
import { parseUri } from '../sip/message/uri.js';
import type { Endpoint } from '../sip/transport/transport.js';
import {
  OFFERED_ALGORITHMS,
  buildChallenges,
  checkDigest,
  findDigestCredentials,
  type OfferedAlgorithm,
} from './digest-auth.js';
import { NonceCounts } from './nonce-counts.js';
import type { CredentialLookup } from './registrar.js';

/** The part of `IncomingRequest` used here (unit tests pass a plain object). */
export type AuthenticatedRequest = Pick<IncomingRequest, 'request' | 'source' | 'respond' | 'pending'>;

export type AgentAuthFailure = 'no-credentials' | 'bad-credentials' | 'blocked' | 'wrong-user' | 'replay';

/** What is used of the registrar's `AuthFailureLimiter`: counts per (address, username, transport). */
export interface FailureLimiter {
  retryAfterMs(address: string, username?: string, channel?: string): number;
  recordFailure(address: string, username?: string, channel?: string): void;
  recordSuccess(address: string, username?: string, channel?: string): void;
}

export interface AgentRequestAuthOptions {
  /** The registrar's realm and HA1 lookup: the same passwords as REGISTER. */
  realm: string;
  credentials: CredentialLookup;
  /** The registrar's limiter: wrong INVITE digests count with wrong REGISTER ones. */
  limiter: FailureLimiter;
  now: () => number;
  nonceSecret?: string | Buffer;
  algorithms?: readonly OfferedAlgorithm[];
  onFailure?(source: Endpoint, reason: AgentAuthFailure, username: string | undefined): void;
}

/**
 * Authenticates requests an agent's phone sends to place calls (INVITE): the registrar's
 * digest, nonces and failure limiter, answered as a proxy would, "407 (Proxy Authentication
 * Required) ... with a Proxy-Authenticate header field"
 * (https://www.rfc-editor.org/rfc/rfc3261#section-22.3).
 */
export class AgentRequestAuth {
  private readonly nonces: NonceManager;
  private readonly nonceCounts: NonceCounts;
  private readonly algorithms: readonly OfferedAlgorithm[];

  constructor(private readonly options: AgentRequestAuthOptions) {
    this.nonces = new NonceManager(options.nonceSecret ?? randomBytes(32), 5 * 60_000, options.now);
    this.nonceCounts = new NonceCounts(this.nonces.ttlMs, options.now);
    this.algorithms = options.algorithms ?? OFFERED_ALGORITHMS;
  }

  /**
   * True when `incoming` may go on as `extension`'s request; otherwise it has been answered
   * (407 with a challenge, 403, or 503 while banned). A request over a connection (TCP/TLS/WebSocket) is trusted:
   * the caller has checked it is the one `extension` registered over, with digest (RFC 5626
   * flow). A UDP source address can be spoofed or reused, so UDP requests carry credentials.
   */
  async authorize(incoming: AuthenticatedRequest, extension: string): Promise<boolean> {
    const { source, request } = incoming;
    if (source.connectionId && source.protocol !== 'UDP') return true;
    const { realm, limiter } = this.options;
    const credentials = findDigestCredentials(request.headers.getAll('Proxy-Authorization'), realm);
    const claimed = credentials?.params.get('username');
    // Counted as the registrar counts (address, transport, username), so the phone's wrong
    // guesses ban that phone only; answered as it answers: 503 with Retry-After (§21.5.4).
    const retryAfterMs = limiter.retryAfterMs(source.address, claimed ?? extension, source.protocol);
    if (retryAfterMs > 0) {
      this.fail(incoming, 'blocked', claimed);
      incoming.respond(503, {
        reason: 'Too Many Failed Attempts',
        headers: [['Retry-After', String(Math.ceil(retryAfterMs / 1000))]],
      });
      return false;
    }
    if (!credentials) {
      this.options.onFailure?.(source, 'no-credentials', undefined);
      this.challenge(incoming, false);
      return false;
    }
    const username = claimed ?? '';
    // Unknown users go through the same check (and the same 407) as known ones.
    const stored = username ? await this.options.credentials(username, realm) : null;
    const result = checkDigest(credentials, request.method, stored, this.nonces, realm, this.algorithms);
    if (!incoming.pending) return false;
    if (result === 'valid' && !this.forOtherTarget(credentials, incoming) && !this.isReplay(credentials)) {
      // "the UAS ... MUST determine whether the user ... is authorized" (§22.3): a phone places
      // calls only as the extension it says it is (From).
      if (username !== extension) {
        this.fail(incoming, 'wrong-user', username);
        incoming.respond(403, { reason: 'Credentials Do Not Match From' });
        return false;
      }
      limiter.recordSuccess(source.address, username, source.protocol);
      return true;
    }
    if (result === 'valid') this.fail(incoming, 'replay', username);
    if (result === 'bad-response') {
      limiter.recordFailure(source.address, username, source.protocol);
      this.fail(incoming, 'bad-credentials', username);
    }
    this.challenge(incoming, result === 'stale');
    return false;
  }

  private fail(incoming: AuthenticatedRequest, reason: AgentAuthFailure, username: string | undefined): void {
    this.options.onFailure?.(incoming.source, reason, username);
  }

  /**
   * The digest covers its `uri` parameter, meant to be the Request-URI (RFC 7616 §3.4.6): when
   * it names a user, that is the number dialled. Some UAs (SIPp) put the server's address there
   * instead; their credentials are still bound to this request by the nonce count (a replay of
   * one nc is refused), so without qop — no nc — the uri has to name the number.
   */
  private forOtherTarget(credentials: AuthHeader, incoming: AuthenticatedRequest): boolean {
    const target = incoming.request.uri;
    let uri;
    try {
      uri = parseUri(credentials.params.get('uri') ?? '');
    } catch {
      return true;
    }
    if (uri.kind !== 'sip' || target.kind !== 'sip') return true;
    if (uri.user === undefined) return credentials.params.get('qop') === undefined;
    return uri.user !== target.user;
  }

  /** With qop=auth the nc must grow per nonce (https://www.rfc-editor.org/rfc/rfc7616#section-3.4.5). */
  private isReplay(credentials: AuthHeader): boolean {
    const p = credentials.params;
    // Without qop (RFC 2069 form) there is no nc; the nonce's lifetime bounds a replay.
    if (p.get('qop') === undefined) return false;
    return !this.nonceCounts.accept(p.get('nonce') ?? '', p.get('nc') ?? '');
  }

  private challenge(incoming: AuthenticatedRequest, stale: boolean): void {
    const headers = buildChallenges(this.nonces, this.options.realm, {
      stale,
      algorithms: this.algorithms,
    }).map((value) => ['Proxy-Authenticate', value] as const);
    incoming.respond(407, { headers });
  }
}
