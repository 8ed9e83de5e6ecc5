import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../clock/index.js';
import { NonceManager } from '../sip/message/digest.js';
import { AuthFailureLimiter } from '../registrar/auth-failure-limiter.js';
import {
  buildChallenges,
  checkDigest,
  findDigestCredentials,
  ha1FromPassword,
} from '../registrar/digest-auth.js';
import { CidrSet } from './cidr.js';

/** The columns of the `Trunk` model the inbound guard needs. */
export interface TrunkRecord {
  id: string;
  name: string;
  /** Comma-separated CIDRs, e.g. `"203.0.113.0/28, 2001:db8::/32"`. */
  allowedCidrs: string;
  inboundUsername?: string | null;
  inboundPassword?: string | null;
  enabled: boolean;
  /** `inbound` | `outbound` | `both`; outbound-only trunks never accept calls. */
  direction?: string;
}

export type TrunkDecision<T extends TrunkRecord = TrunkRecord> =
  | { kind: 'trunk'; trunk: T }
  /** Answer 407 with these headers (https://www.rfc-editor.org/rfc/rfc3261#section-22.3). */
  | { kind: 'challenge'; status: 407; headers: Array<readonly [string, string]> }
  /** Answer 403 and log: an unknown source, a blocked source, or a misconfigured trunk. */
  | { kind: 'forbidden'; reason: string };

export interface InboundRequestInfo {
  /** Source IP of the INVITE (transport source, not anything from headers). */
  address: string;
  method: string;
  /** `Proxy-Authorization` values, if any. */
  authorization?: readonly string[];
}

export interface TrunkGuardDelegate {
  /** A trunk row whose `allowedCidrs` does not parse; it is ignored until fixed. */
  onInvalidTrunk?(trunk: TrunkRecord, error: Error): void;
}

export interface TrunkGuardOptions {
  realm?: string;
  nonces?: NonceManager;
  nonceSecret?: string | Buffer;
  /** Counts wrong trunk credentials per source IP; blocked sources get `forbidden`. */
  limiter?: AuthFailureLimiter;
  /** Time of nonces and of the failure window; `systemClock` by default. */
  clock?: Clock;
}

interface PreparedTrunk<T extends TrunkRecord> {
  trunk: T;
  networks: CidrSet;
  credentials?: { username: string; password: string };
}

/**
 * Toll-fraud guard for calls arriving from carriers: an INVITE is accepted only from an enabled
 * inbound trunk whose allowlist holds the source address, and, when the trunk has inbound
 * credentials, only with a valid digest. A trunk with credentials but an empty allowlist accepts
 * any source that authenticates; one with neither never matches.
 */
export class TrunkGuard<T extends TrunkRecord = TrunkRecord> {
  delegate: TrunkGuardDelegate = {};
  readonly realm: string;
  readonly limiter: AuthFailureLimiter;
  private readonly nonces: NonceManager;
  private trunks: PreparedTrunk<T>[] = [];

  constructor(options: TrunkGuardOptions = {}) {
    const clock = options.clock ?? systemClock;
    const now = (): number => clock.now();
    this.realm = options.realm ?? 'kefu';
    this.nonces = options.nonces ?? new NonceManager(options.nonceSecret ?? randomBytes(32), 5 * 60_000, now);
    this.limiter = options.limiter ?? new AuthFailureLimiter({ now });
  }

  /** Load or replace the trunk table (call again when trunks change in the database). */
  setTrunks(trunks: readonly T[]): void {
    const prepared: PreparedTrunk<T>[] = [];
    for (const trunk of trunks) {
      if (!trunk.enabled || trunk.direction === 'outbound') continue;
      let networks: CidrSet;
      try {
        networks = new CidrSet(trunk.allowedCidrs);
      } catch (error) {
        this.delegate.onInvalidTrunk?.(trunk, error as Error);
        continue;
      }
      const { inboundUsername: username, inboundPassword: password } = trunk;
      const entry: PreparedTrunk<T> = { trunk, networks };
      if (username && password) entry.credentials = { username, password };
      if (networks.size > 0 || entry.credentials) prepared.push(entry);
    }
    this.trunks = prepared;
  }

  /** Whether `address` is in an enabled inbound trunk's allowlist (a carrier's own address). */
  isTrunkAddress(address: string): boolean {
    return this.trunks.some((t) => t.networks.has(address));
  }

  check(request: InboundRequestInfo): TrunkDecision<T> {
    const { address } = request;
    if (this.limiter.isBlocked(address)) return { kind: 'forbidden', reason: `source ${address} is blocked` };
    const candidates = this.trunks.filter((t) =>
      t.networks.size > 0 ? t.networks.has(address) : t.credentials !== undefined,
    );
    const ipOnly = candidates.find((t) => !t.credentials);
    if (ipOnly) return { kind: 'trunk', trunk: ipOnly.trunk };
    if (candidates.length === 0) {
      return { kind: 'forbidden', reason: `source ${address} matches no enabled inbound trunk` };
    }
    const given = findDigestCredentials(request.authorization ?? [], this.realm);
    if (given) {
      const username = given.params.get('username');
      let wrong = false;
      for (const candidate of candidates) {
        const creds = candidate.credentials;
        if (!creds || creds.username !== username) continue;
        const stored = ha1FromPassword(creds.username, this.realm, creds.password);
        const result = checkDigest(given, request.method, stored, this.nonces, this.realm);
        if (result === 'valid') return { kind: 'trunk', trunk: candidate.trunk };
        if (result === 'stale') return this.challenge(true);
        wrong ||= result === 'bad-response';
      }
      // A username no candidate has counts as a wrong guess too.
      if (wrong || !candidates.some((c) => c.credentials?.username === username)) {
        this.limiter.recordFailure(address);
      }
    }
    return this.challenge(false);
  }

  private challenge(stale: boolean): TrunkDecision<T> {
    const headers = buildChallenges(this.nonces, this.realm, { stale }).map(
      (value) => ['Proxy-Authenticate', value] as const,
    );
    return { kind: 'challenge', status: 407, headers };
  }
}
