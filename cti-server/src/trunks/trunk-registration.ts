import type { Clock, TimerHandle } from '../clock/index.js';
import type { OutgoingRequestDelegate } from '../sip/core/outgoing-request.js';
import type { NewRequestOptions } from '../sip/core/user-agent-core.js';
import {
  answerChallenge,
  formatAuthHeader,
  parseAuthHeader,
  type AuthHeader,
} from '../sip/message/digest.js';
import { newCallId } from '../sip/message/ids.js';
import { contactExpires, parseNameAddr } from '../sip/message/name-addr.js';
import type { SipRequest, SipResponse } from '../sip/message/sip-message.js';
import { formatHost, formatUri, type Uri } from '../sip/message/uri.js';
import type { TransportProtocol } from '../sip/transport/transport.js';

/** The columns of the `Trunk` model an outbound registration needs. */
export interface RegisteringTrunk {
  id: string;
  name: string;
  host: string;
  port?: number | null;
  /** `udp` | `tcp` | `tls` (the Trunk row's `transport`). */
  transport: string;
  username: string;
  password: string;
}

/** The part of `UserAgentCore` used here (unit tests pass a fake). */
export interface RegistrationCore {
  readonly clock: Clock;
  createRequest(method: string, target: string, options: NewRequestOptions): SipRequest;
  send(request: SipRequest, delegate: OutgoingRequestDelegate): unknown;
  /** Our Contact on the network `target` is reached over. */
  contactTowards(target: string, user?: string): string;
}

export type TrunkRegistrationState = 'registering' | 'registered' | 'failed' | 'stopped';

export interface TrunkRegistrationStatus {
  trunkId: string;
  trunkName: string;
  state: TrunkRegistrationState;
  /** Why the last attempt failed (kept after a later success is cleared). */
  lastError?: string;
  /** When the carrier's binding runs out (ms on the core's clock), while registered. */
  expiresAt?: number;
  /** When the next REGISTER (refresh or retry) goes out. */
  nextAttemptAt?: number;
  /** Consecutive failures; drives the back-off. */
  failures: number;
}

export interface TrunkRegistrationDelegate {
  onStatus?(status: TrunkRegistrationStatus): void;
}

export interface TrunkRegistrationOptions {
  core: RegistrationCore;
  trunk: RegisteringTrunk;
  /** Requested binding lifetime in seconds (default 3600). */
  expires?: number;
  /** Back-off after a failure: first delay and cap, ms (defaults 30 s and 30 min, doubling). */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

const PROTOCOLS: Record<string, TransportProtocol> = { udp: 'UDP', tcp: 'TCP', tls: 'TLS' };

/**
 * Keeps kefu registered at a carrier (https://www.rfc-editor.org/rfc/rfc3261#section-10.2): REGISTER
 * with one Call-ID and growing CSeq (§10.2.4), digest answer to a 401/407 (§22.2, once per attempt,
 * again only when the carrier says stale=true), refresh before the granted expiry, exponential back-off
 * after failures (in the manner of https://www.rfc-editor.org/rfc/rfc5626#section-4.5).
 */
export class TrunkRegistration {
  delegate: TrunkRegistrationDelegate = {};
  private readonly core: RegistrationCore;
  private readonly trunk: RegisteringTrunk;
  private readonly expires: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly callId = newCallId();
  private readonly target: string;
  private readonly aor: string;
  private readonly contact: string;
  private cseq = 0;
  private timer: TimerHandle | undefined;
  /** Last challenge answered, reused (nc + 1) on refreshes to save a 401 round trip (RFC 7616 §3.4.5). */
  private challenge?: { header: AuthHeader; name: 'Authorization' | 'Proxy-Authorization'; nc: number };
  private current: TrunkRegistrationStatus;
  /** Attempts are numbered so a late answer to an abandoned attempt is ignored. */
  private attempt = 0;

  constructor(options: TrunkRegistrationOptions) {
    this.core = options.core;
    this.trunk = options.trunk;
    this.expires = options.expires ?? 3600;
    this.retryBaseMs = options.retryBaseMs ?? 30_000;
    this.retryMaxMs = options.retryMaxMs ?? 30 * 60_000;
    const protocol = PROTOCOLS[this.trunk.transport.toLowerCase()] ?? 'UDP';
    const port = this.trunk.port ? `:${this.trunk.port}` : '';
    const param = protocol === 'UDP' ? '' : `;transport=${protocol.toLowerCase()}`;
    this.target = `sip:${formatHost(this.trunk.host)}${port}${param}`;
    this.aor = `<sip:${this.trunk.username}@${formatHost(this.trunk.host)}>`;
    this.contact = this.core.contactTowards(this.target, this.trunk.username);
    this.current = { trunkId: this.trunk.id, trunkName: this.trunk.name, state: 'registering', failures: 0 };
  }

  get status(): TrunkRegistrationStatus {
    return { ...this.current };
  }

  start(): void {
    this.register(this.expires);
  }

  /** Stop refreshing; when registered, remove the binding at the carrier (Expires: 0, §10.2.2). */
  stop(): void {
    const wasRegistered = this.current.state === 'registered';
    this.clearTimer();
    this.attempt++;
    this.update({ state: 'stopped', expiresAt: undefined, nextAttemptAt: undefined });
    if (wasRegistered) this.send(0, this.attempt, false);
  }

  private register(expires: number): void {
    this.clearTimer();
    this.update({ state: this.current.state === 'registered' ? 'registered' : 'registering' });
    this.send(expires, ++this.attempt, false);
  }

  private send(expires: number, attempt: number, answeredChallenge: boolean): void {
    const headers: Array<[string, string]> = [['Expires', String(expires)]];
    const request = this.core.createRequest('REGISTER', this.target, {
      from: this.aor,
      to: this.aor,
      callId: this.callId,
      cseq: ++this.cseq,
      headers,
    });
    request.headers.set('Contact', this.contact);
    if (this.challenge) {
      const { header, name } = this.challenge;
      const auth = answerChallenge(header, {
        username: this.trunk.username,
        password: this.trunk.password,
        method: 'REGISTER',
        uri: this.target,
        nc: ++this.challenge.nc,
      });
      request.headers.append(name, formatAuthHeader(auth));
    }
    const live = (): boolean => attempt === this.attempt && expires > 0;
    this.core.send(request, {
      onAccept: (response) => live() && this.accepted(response, expires),
      onReject: (response) => live() && this.rejected(response, expires, attempt, answeredChallenge),
      onTimeout: () => live() && this.failed('no response from the carrier (timeout)'),
      onTransportError: (error) => live() && this.failed(`transport error: ${error.message}`),
    });
  }

  private rejected(response: SipResponse, expires: number, attempt: number, answered: boolean): void {
    const status = response.status;
    if (status === 401 || status === 407) {
      const name = status === 401 ? 'WWW-Authenticate' : 'Proxy-Authenticate';
      const header = response.headers
        .getAll(name)
        .map(parseAuthHeader)
        .find((h) => h.scheme.toLowerCase() === 'digest');
      // A second challenge to fresh credentials means they are wrong, unless the nonce merely expired.
      const stale = header?.params.get('stale')?.toLowerCase() === 'true';
      if (header && (!answered || stale)) {
        const authName = status === 401 ? 'Authorization' : 'Proxy-Authorization';
        this.challenge = { header, name: authName, nc: 0 };
        this.send(expires, attempt, true);
        return;
      }
      this.challenge = undefined;
      this.failed(`${status} ${response.reason}: credentials refused`);
      return;
    }
    if (status === 423) {
      // §10.2.8: retry with at least Min-Expires.
      const min = Number(response.headers.get('Min-Expires'));
      if (Number.isInteger(min) && min > expires) {
        this.send(min, attempt, answered);
        return;
      }
    }
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    this.failed(`${status} ${response.reason}`, Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined);
  }

  private accepted(response: SipResponse, requested: number): void {
    const granted = this.grantedExpires(response) ?? requested;
    // Refresh well before the end: halfway for short bindings, a minute early for long ones.
    const refreshIn = Math.max(granted / 2, granted - 60) * 1000;
    const now = this.core.clock.now();
    this.update({
      state: 'registered',
      failures: 0,
      expiresAt: now + granted * 1000,
      nextAttemptAt: now + refreshIn,
    });
    this.timer = this.core.clock.setTimeout(() => this.register(this.expires), refreshIn);
  }

  /** Our contact's `expires` in the 200 (§10.2.4), else the Expires header. */
  private grantedExpires(response: SipResponse): number | undefined {
    const ours = formatUri(parseNameAddr(this.contact).uri);
    for (const contact of response.contacts) {
      if (contact.star) continue;
      if (sameUri(contact.uri, ours)) return contactExpires(contact);
    }
    const header = Number(response.headers.get('Expires'));
    return Number.isInteger(header) && header > 0 ? header : undefined;
  }

  private failed(error: string, retryAfterMs?: number): void {
    const failures = this.current.failures + 1;
    const backoff = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** (failures - 1));
    const delay = Math.max(backoff, retryAfterMs ?? 0);
    this.clearTimer();
    this.update({
      state: 'failed',
      lastError: error,
      failures,
      expiresAt: undefined,
      nextAttemptAt: this.core.clock.now() + delay,
    });
    this.timer = this.core.clock.setTimeout(() => this.register(this.expires), delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.core.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private update(change: Partial<TrunkRegistrationStatus>): void {
    const next: TrunkRegistrationStatus = { ...this.current, ...change };
    for (const key of ['expiresAt', 'nextAttemptAt'] as const) if (next[key] === undefined) delete next[key];
    this.current = next;
    this.delegate.onStatus?.(this.status);
  }
}

function sameUri(uri: Uri, formatted: string): boolean {
  return formatUri(uri).toLowerCase() === formatted.toLowerCase();
}
