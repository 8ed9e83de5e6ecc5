import { randomBytes } from 'node:crypto';
import type { IncomingRequest } from '../sip/core/incoming-request.js';
import { NonceManager, type AuthHeader } from '../sip/message/digest.js';
import { formatNameAddr } from '../sip/message/name-addr.js';
import type { Endpoint } from '../sip/transport/transport.js';
import { AuthFailureLimiter } from './auth-failure-limiter.js';
import { NonceCounts } from './nonce-counts.js';
import {
  OFFERED_ALGORITHMS,
  buildChallenges,
  checkDigest,
  findDigestCredentials,
  type OfferedAlgorithm,
  type StoredHa1,
} from './digest-auth.js';
import type { ApplyResult, Binding, LocationService } from './location-service.js';
import { readRegistration, type ExpiryPolicy } from './registration-request.js';

/** HA1 values of a SIP user, or null when there is no such user in `realm`. */
/** The user's valid HA1s (one per password they may use), or null for an unknown user. */
export type CredentialLookup = (
  username: string,
  realm: string,
) => Promise<StoredHa1 | readonly StoredHa1[] | null>;

/** The part of `IncomingRequest` the registrar uses (lets unit tests pass a plain object). */
export type RegisterRequest = Pick<IncomingRequest, 'request' | 'source' | 'respond' | 'pending'>;

export type AuthFailureReason = 'bad-credentials' | 'blocked' | 'wrong-aor' | 'replay';

export interface RegistrarDelegate {
  /** For logs / fail2ban-style alerting. `username` is what the UA claimed. */
  onAuthFailure?(source: Endpoint, reason: AuthFailureReason, username?: string): void;
  /** A REGISTER was accepted (also for refreshes, removals and queries). */
  onRegistered?(aor: string, bindings: readonly Binding[], source: Endpoint): void;
  onError?(error: unknown): void;
}

export interface RegistrarOptions extends Partial<ExpiryPolicy> {
  locations: LocationService;
  credentials: CredentialLookup;
  /** Digest realm; must match the realm the HA1 values were computed with (default `kefu`). */
  realm?: string;
  /** Defaults to one keyed by `nonceSecret` on the location service's clock, 5-minute nonces. */
  nonces?: NonceManager;
  nonceSecret?: string | Buffer;
  /** Defaults to the limiter's defaults (per address+username and per address) on the location service's clock. */
  limiter?: AuthFailureLimiter;
  /**
   * Most contacts one AOR may hold (default 10): every contact is forked to when the agent is
   * offered a call, so an unbounded set is an amplifier (issue 13: 300 contacts, 1,800 INVITEs).
   */
  maxContacts?: number;
  /**
   * Challenges offered, in order (default SHA-256 then MD5). `['MD5']` serves UAs that only read the
   * first challenge and only know MD5 (SIPp 3.6, old phones).
   */
  algorithms?: readonly OfferedAlgorithm[];
}

/**
 * SIP registrar (https://www.rfc-editor.org/rfc/rfc3261#section-10.3) with digest authentication
 * (RFC 7616, SHA-256 and MD5 per RFC 8760). The AOR is the To-URI user (the agent extension).
 */
export class Registrar {
  delegate: RegistrarDelegate = {};
  readonly realm: string;
  readonly limiter: AuthFailureLimiter;
  readonly maxContacts: number;
  private readonly locations: LocationService;
  private readonly credentials: CredentialLookup;
  private readonly nonces: NonceManager;
  private readonly nonceCounts: NonceCounts;
  private readonly policy: ExpiryPolicy;
  private readonly algorithms: readonly OfferedAlgorithm[];

  constructor(options: RegistrarOptions) {
    this.locations = options.locations;
    this.credentials = options.credentials;
    this.realm = options.realm ?? 'kefu';
    const now = (): number => this.locations.now();
    this.nonces = options.nonces ?? new NonceManager(options.nonceSecret ?? randomBytes(32), 5 * 60_000, now);
    this.nonceCounts = new NonceCounts(this.nonces.ttlMs, now);
    this.limiter = options.limiter ?? new AuthFailureLimiter({ now });
    this.algorithms = options.algorithms ?? OFFERED_ALGORITHMS;
    this.maxContacts = options.maxContacts ?? 10;
    this.policy = {
      minExpires: options.minExpires ?? 60,
      maxExpires: options.maxExpires ?? 3600,
      defaultExpires: options.defaultExpires ?? 3600,
    };
  }

  /** Answer one REGISTER. Never rejects: internal errors become 500 and go to `delegate.onError`. */
  async handle(incoming: RegisterRequest): Promise<void> {
    try {
      await this.process(incoming);
    } catch (error) {
      this.delegate.onError?.(error);
      if (incoming.pending) incoming.respond(500);
    }
  }

  private async process(incoming: RegisterRequest): Promise<void> {
    const { request, source } = incoming;
    const to = request.to.uri;
    // Step 3 of §10.3: an AOR we cannot serve → 404.
    if (to.kind !== 'sip' || !to.user) {
      incoming.respond(404);
      return;
    }
    const aor = to.user;
    const credentials = findDigestCredentials(request.headers.getAll('Authorization'), this.realm);
    const claimed = credentials?.params.get('username');
    // Failures are counted per (address, transport, username): a guesser, or one phone with a stale
    // password, bans only itself, never the agent's phone elsewhere, the console on WebSocket or the
    // colleagues behind the same NAT (unless that address walks many usernames: the limiter's ceiling).
    const retryAfterMs = this.limiter.retryAfterMs(source.address, claimed ?? aor, source.protocol);
    if (retryAfterMs > 0) {
      this.delegate.onAuthFailure?.(source, 'blocked', claimed);
      // 503 with Retry-After rather than 403: the refusal is temporary and its end is known, and
      // Retry-After is defined for 503 (https://www.rfc-editor.org/rfc/rfc3261#section-21.5.4,
      // §20.33), so a phone with a stale password backs off for the ban instead of hammering; 403
      // says "do not repeat" and would leave a fixed phone unregistered until someone reboots it.
      // No challenge is issued (§22.1 leaves when to challenge to the server).
      incoming.respond(503, {
        reason: 'Too Many Failed Attempts',
        headers: [['Retry-After', String(Math.ceil(retryAfterMs / 1000))]],
      });
      return;
    }
    if (!(await this.authenticate(incoming, credentials))) return;
    // Step 4: the authenticated user may only register its own AOR.
    if (claimed !== aor) {
      this.delegate.onAuthFailure?.(source, 'wrong-aor', claimed);
      incoming.respond(403);
      return;
    }
    this.register(incoming, aor);
  }

  /** True when authenticated; otherwise a 401 was sent (https://www.rfc-editor.org/rfc/rfc3261#section-22.4). */
  private async authenticate(
    incoming: RegisterRequest,
    credentials: AuthHeader | undefined,
  ): Promise<boolean> {
    if (!credentials) {
      this.challenge(incoming, false);
      return false;
    }
    const username = credentials.params.get('username') ?? '';
    // Unknown users go through the same check (and the same 401) as known ones.
    const stored = username ? await this.credentials(username, this.realm) : null;
    const result = checkDigest(
      credentials,
      incoming.request.method,
      stored,
      this.nonces,
      this.realm,
      this.algorithms,
    );
    if (result === 'valid' && !this.isReplay(credentials)) {
      this.limiter.recordSuccess(incoming.source.address, username, incoming.source.protocol);
      return true;
    }
    if (result === 'valid') {
      // Right password, reused nc: a replayed request. Not a guess, so not counted by the limiter;
      // a fresh challenge lets an honest UA (one that lost count) retry.
      this.delegate.onAuthFailure?.(incoming.source, 'replay', username);
    }
    if (result === 'bad-response') {
      this.limiter.recordFailure(incoming.source.address, username, incoming.source.protocol);
      this.delegate.onAuthFailure?.(incoming.source, 'bad-credentials', username);
    }
    if (!incoming.pending) return false;
    this.challenge(incoming, result === 'stale');
    return false;
  }

  /** With qop=auth the nc must grow per nonce (https://www.rfc-editor.org/rfc/rfc7616#section-3.4.5). */
  private isReplay(credentials: AuthHeader): boolean {
    const p = credentials.params;
    if (p.get('qop') === undefined) return false; // RFC 2069 form: no nc to check (§22.4 still allows it)
    return !this.nonceCounts.accept(p.get('nonce') ?? '', p.get('nc') ?? '');
  }

  private challenge(incoming: RegisterRequest, stale: boolean): void {
    const options = { stale, algorithms: this.algorithms };
    const headers = buildChallenges(this.nonces, this.realm, options).map(
      (value) => ['WWW-Authenticate', value] as const,
    );
    incoming.respond(401, { headers });
  }

  private register(incoming: RegisterRequest, aor: string): void {
    const { request, source } = incoming;
    const intent = readRegistration(request, this.policy);
    let result: ApplyResult;
    switch (intent.kind) {
      case 'invalid':
        incoming.respond(400, { reason: `Bad Request (${intent.reason})` });
        return;
      case 'too-brief':
        incoming.respond(423, { headers: [['Min-Expires', String(intent.minExpires)]] });
        return;
      case 'query':
        result = { ok: true, bindings: this.locations.lookup(aor) };
        break;
      case 'remove-all':
        result = this.locations.removeAll(aor, { callId: request.callId, cseq: request.cseq.seq });
        break;
      case 'update': {
        const userAgent = request.headers.get('User-Agent');
        result = this.locations.apply(
          aor,
          intent.updates,
          {
            callId: request.callId,
            cseq: request.cseq.seq,
            flow: source,
            ...(userAgent !== undefined ? { userAgent } : {}),
          },
          { maxContacts: this.maxContacts },
        );
      }
    }
    if (!result.ok && result.reason === 'too-many-contacts') {
      // §10.3 sets no limit; like Kamailio's registrar (max_contacts) the REGISTER is refused whole and
      // the existing bindings stay. 403, not Kamailio's 503: nothing is overloaded and retrying will
      // not help until a binding goes (§21.4.4: "the request SHOULD NOT be repeated"), while a 503
      // invites the phone to retry or fail over (RFC 3263 §4.3).
      incoming.respond(403, { reason: 'Too Many Registered Contacts' });
      return;
    }
    if (!result.ok) {
      // Step 7: an older CSeq for the same Call-ID aborts the whole update.
      incoming.respond(500, { reason: 'Out of Order Registration' });
      return;
    }
    const outbound = intent.kind === 'update' && intent.updates.some((u) => u.contact.params.has('reg-id'));
    incoming.respond(200, { headers: this.okHeaders(result.bindings, outbound) });
    this.delegate.onRegistered?.(aor, result.bindings, source);
  }

  /** Step 8: every current binding with its remaining time, plus Date. */
  private okHeaders(bindings: readonly Binding[], outbound: boolean): Array<[string, string]> {
    const now = this.locations.now();
    const headers: Array<[string, string]> = bindings.map((b) => {
      const params = new Map(b.contact.params);
      params.set('expires', String(Math.max(0, Math.ceil((b.expiresAt - now) / 1000))));
      return ['Contact', formatNameAddr({ uri: b.contact.uri, params })];
    });
    // RFC 5626 §6: a registrar honouring reg-id says so with Require: outbound.
    if (outbound) headers.push(['Require', 'outbound']);
    headers.push(['Date', new Date(now).toUTCString()]);
    return headers;
  }
}
