import type { Clock } from '../clock/index.js';
import { isScannerUserAgent } from './scanner-user-agents.js';

/** The kinds of request a source is limited on separately (a REGISTER storm must not stop calls). */
export type RequestClass = 'invite' | 'register' | 'options' | 'other';

/** What the guard needs of a request: parsed already, nothing else is looked at. */
export interface ScreenedRequest {
  method: string;
  /** In-dialog requests carry the To tag (RFC 3261 §12.2); they only count towards the total. */
  inDialog: boolean;
  userAgent: string | undefined;
}

export type Screening =
  | { verdict: 'pass' }
  /** Dropped without a word: a banned source or a scanner gets nothing to learn from. */
  | { verdict: 'drop'; reason: 'banned' | 'scanner' }
  /** Over its rate: 503 with Retry-After (RFC 3261 §21.5.4), so an honest peer backs off. */
  | { verdict: 'reject'; status: 503; retryAfterSeconds: number; reason: 'rate' };

export interface SourceGuardOptions {
  clock: Pick<Clock, 'now'>;
  /**
   * New requests per second one source address may send of each class (SIP_RATE_LIMIT, default
   * 20; 0 turns rate limits off). A source may burst `burstSeconds` of it at once; all its
   * requests together, in-dialog ones included, may run at ten times the rate.
   */
  ratePerSecond?: number;
  burstSeconds?: number;
  /**
   * First ban of a source that keeps sending over its rate (SIP_RATE_BAN_SECONDS, default 60;
   * 0 = never ban); each later ban doubles, up to `maxBanMs`.
   */
  banMs?: number;
  maxBanMs?: number;
  /** Requests refused for rate within `banWindowMs` that ban the source (default 200 in 10 s). */
  banAfter?: number;
  banWindowMs?: number;
  /** Drop requests whose User-Agent is a known scanner's (SIP_DROP_SCANNERS, default true). */
  dropScanners?: boolean;
  /**
   * Addresses that are limited but never banned: the carriers' trunks. Banning a carrier would
   * stop every call; its excess gets 503 and it fails over.
   */
  isTrusted?: (address: string) => boolean;
  /** Sources tracked at most; the least recently seen are forgotten first (default 20 000). */
  maxSources?: number;
  /** A source was banned until `until` (epoch ms). */
  onBan?: (address: string, until: number) => void;
}

interface Bucket {
  tokens: number;
  at: number;
}

interface SourceState {
  buckets: Partial<Record<RequestClass | 'total', Bucket>>;
  /** Times of recent rate refusals (at most `banAfter` kept). */
  refusals: number[];
  bannedUntil: number;
  /** Bans served; the next lasts banMs × 2^strikes. */
  strikes: number;
  lastSeen: number;
}

export interface SourceGuardStats {
  /** Requests dropped or refused since start, by reason. */
  dropped: Record<'banned' | 'scanner' | 'rate', number>;
  /** Bans imposed since start. */
  bans: number;
}

/** A source quiet this long (not banned) is forgotten, escalation included. */
const FORGET_MS = 60 * 60_000;

/**
 * Flood and scanner defence at the SIP edge, in the spirit of Kamailio's pike and htable: every
 * request outside a transaction's retransmissions passes here before the transaction layer
 * spends anything on it.
 *
 * - Token buckets per source address and request class (INVITE, REGISTER, OPTIONS, other
 *   out-of-dialog) and one for all its requests; a request without a token is refused `503` with
 *   `Retry-After`. ACKs are never refused: they complete transactions we already answered.
 * - A source that keeps going (`banAfter` refusals in `banWindowMs`) is banned: its requests are
 *   dropped for `banMs`, doubling per repeat. Trunk addresses are never banned.
 * - Known scanners' User-Agents (SIPVicious' "friendly-scanner" and the like) are dropped, but do
 *   not ban the address: the office NAT the scan comes from also holds real phones.
 *
 * State is per process on purpose: each SIP edge node protects itself (as pike does), and a ban
 * is worth nothing after its minutes pass. Memory is bounded by `maxSources`.
 */
export class SourceGuard {
  readonly ratePerSecond: number;
  readonly stats: SourceGuardStats = { dropped: { banned: 0, scanner: 0, rate: 0 }, bans: 0 };
  private readonly clock: Pick<Clock, 'now'>;
  private readonly burst: number;
  private readonly banMs: number;
  private readonly maxBanMs: number;
  private readonly banAfter: number;
  private readonly banWindowMs: number;
  private readonly dropScanners: boolean;
  private readonly isTrusted: (address: string) => boolean;
  private readonly maxSources: number;
  private readonly onBan: ((address: string, until: number) => void) | undefined;
  /** address → state; Map order = least recently seen first. */
  private readonly sources = new Map<string, SourceState>();

  constructor(options: SourceGuardOptions) {
    this.clock = options.clock;
    this.ratePerSecond = options.ratePerSecond ?? 20;
    this.burst = this.ratePerSecond * (options.burstSeconds ?? 5);
    this.banMs = options.banMs ?? 60_000;
    this.maxBanMs = options.maxBanMs ?? 60 * 60_000;
    this.banAfter = options.banAfter ?? 200;
    this.banWindowMs = options.banWindowMs ?? 10_000;
    this.dropScanners = options.dropScanners ?? true;
    this.isTrusted = options.isTrusted ?? (() => false);
    this.maxSources = options.maxSources ?? 20_000;
    this.onBan = options.onBan;
  }

  /** Decide one received request from `address`. */
  screen(request: ScreenedRequest, address: string): Screening {
    if (this.dropScanners && isScannerUserAgent(request.userAgent)) {
      this.stats.dropped.scanner++;
      return { verdict: 'drop', reason: 'scanner' };
    }
    if (this.ratePerSecond <= 0 && this.banMs <= 0) return { verdict: 'pass' };
    const now = this.clock.now();
    const state = this.touch(address, now);
    if (state.bannedUntil > now) {
      this.stats.dropped.banned++;
      return { verdict: 'drop', reason: 'banned' };
    }
    if (this.ratePerSecond <= 0 || request.method === 'ACK') return { verdict: 'pass' };

    const total = this.take(state, 'total', this.ratePerSecond * 10, this.burst * 10, now);
    const own = request.inDialog || request.method === 'CANCEL' ? 0 : this.takeClass(state, request, now);
    const wait = Math.max(total, own);
    if (wait === 0) return { verdict: 'pass' };

    this.stats.dropped.rate++;
    this.noteRefusal(state, address, now);
    return {
      verdict: 'reject',
      status: 503,
      retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
      reason: 'rate',
    };
  }

  /** Whether `address` is banned now. */
  isBanned(address: string): boolean {
    return (this.sources.get(address)?.bannedUntil ?? 0) > this.clock.now();
  }

  /** Addresses banned now, with when each ban ends (epoch ms). */
  banned(): Array<{ address: string; until: number }> {
    const now = this.clock.now();
    const list: Array<{ address: string; until: number }> = [];
    for (const [address, s] of this.sources)
      if (s.bannedUntil > now) list.push({ address, until: s.bannedUntil });
    return list;
  }

  /** Lift a ban (an administrator's decision); the escalation is forgotten too. */
  unban(address: string): boolean {
    return this.sources.delete(address);
  }

  private takeClass(state: SourceState, request: ScreenedRequest, now: number): number {
    return this.take(state, classOf(request.method), this.ratePerSecond, this.burst, now);
  }

  /** Takes a token; returns 0, or the ms until one is there. */
  private take(
    state: SourceState,
    key: RequestClass | 'total',
    rate: number,
    burst: number,
    now: number,
  ): number {
    const bucket = (state.buckets[key] ??= { tokens: burst, at: now });
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * rate) / 1000);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return ((1 - bucket.tokens) * 1000) / rate;
  }

  private noteRefusal(state: SourceState, address: string, now: number): void {
    if (this.banMs <= 0 || this.isTrusted(address)) return;
    const recent = state.refusals.filter((t) => now - t < this.banWindowMs);
    recent.push(now);
    state.refusals = recent.slice(-this.banAfter);
    if (state.refusals.length < this.banAfter) return;
    state.bannedUntil = now + Math.min(this.maxBanMs, this.banMs * 2 ** state.strikes);
    state.strikes++;
    state.refusals = [];
    state.buckets = {};
    this.stats.bans++;
    this.onBan?.(address, state.bannedUntil);
  }

  private touch(address: string, now: number): SourceState {
    let state = this.sources.get(address);
    if (state && state.bannedUntil <= now && now - state.lastSeen > FORGET_MS) state = undefined;
    if (state) this.sources.delete(address);
    else {
      state = { buckets: {}, refusals: [], bannedUntil: 0, strikes: 0, lastSeen: now };
      if (this.sources.size >= this.maxSources) this.evict(now);
    }
    state.lastSeen = now;
    this.sources.set(address, state);
    return state;
  }

  /** Drop the least recently seen unbanned source (bans survive a spoofed-source flood). */
  private evict(now: number): void {
    for (const [address, s] of this.sources) {
      if (s.bannedUntil <= now) {
        this.sources.delete(address);
        return;
      }
    }
    const oldest = this.sources.keys().next();
    if (!oldest.done) this.sources.delete(oldest.value);
  }
}

function classOf(method: string): RequestClass {
  switch (method) {
    case 'INVITE':
      return 'invite';
    case 'REGISTER':
      return 'register';
    case 'OPTIONS':
      return 'options';
    default:
      return 'other';
  }
}
