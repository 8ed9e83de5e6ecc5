import { systemClock, type Clock, type TimerHandle } from '../clock/index.js';
import type { NameAddr } from '../sip/message/name-addr.js';
import { formatUri, type SipUri } from '../sip/message/uri.js';
import type { Endpoint } from '../sip/transport/transport.js';
import type { RegistrationStore } from './registration-store.js';
import { RegistrationWriter } from './registration-writer.js';

/** One registered contact of an address-of-record (https://www.rfc-editor.org/rfc/rfc3261#section-10.3). */
export interface Binding {
  /** Address-of-record key: the To-URI user, i.e. the agent extension (`1001`). */
  readonly aor: string;
  /** The Contact as registered (URI plus header params such as `+sip.instance`), without `expires`. */
  readonly contact: NameAddr;
  /** `contact.uri` on the wire, e.g. `sip:1001@10.0.0.5:5062`. */
  readonly uri: string;
  /** Absolute expiry, ms on the location service's clock. */
  readonly expiresAt: number;
  /** 0..1, higher is preferred (§20.10). */
  readonly q: number;
  readonly callId: string;
  readonly cseq: number;
  /**
   * Where the REGISTER came from. For TCP/TLS/WS(S) `connectionId` is set and requests MUST be sent
   * back over that connection (https://www.rfc-editor.org/rfc/rfc5626#section-5.3,
   * https://www.rfc-editor.org/rfc/rfc7118#section-5): the contact host is often `*.invalid`.
   */
  readonly flow: Endpoint;
  /** `+sip.instance` (unquoted, e.g. `<urn:uuid:…>`) and `reg-id` (RFC 5626 §4.2). */
  readonly instanceId?: string;
  readonly regId?: number;
  readonly userAgent?: string;
  readonly updatedAt: number;
}

/** A contact the registrar wants added, refreshed (`expiresIn > 0`) or removed (`expiresIn === 0`). */
export interface BindingUpdate {
  contact: NameAddr;
  /** Seconds, already clamped by the registrar. */
  expiresIn: number;
  q: number;
}

export interface RegistrationContext {
  callId: string;
  cseq: number;
  flow: Endpoint;
  userAgent?: string;
}

export type ApplyResult =
  { ok: true; bindings: Binding[] } | { ok: false; reason: 'out-of-order' | 'too-many-contacts' };

export interface ApplyLimits {
  /**
   * Most bindings the AOR may hold after the update. A request that would leave more than this, and
   * more than it had before, changes nothing; refreshes, removals and an RFC 5626 instance replacing
   * its own flow never grow the set, so they always pass.
   */
  maxContacts?: number;
}

export interface LocationServiceDelegate {
  /** Bindings of `aor` changed (registered, refreshed with a new flow, removed, expired). `contacts` is the live set. */
  onChange?(aor: string, contacts: readonly Binding[]): void;
}

export interface LocationServiceOptions {
  /** Time of the bindings; expired ones are swept (and `onChange` fires) on time. `systemClock` by default. */
  clock?: Clock;
  /**
   * Where bindings are kept beyond the process (`restore()` reads them back at start). Every
   * change is written behind, coalesced per AOR (`RegistrationWriter`); none when omitted.
   */
  store?: RegistrationStore;
  /** How long a change waits to share its write with others (default 100 ms). */
  storeWriteDelayMs?: number;
  /** The store failed (a write is retried later); never thrown into the REGISTER path. */
  onStoreError?(error: unknown, what: 'load' | 'save' | 'remove-expired'): void;
}

/** What `restore()` found in the store. */
export interface RestoreSummary {
  /** UDP bindings live again, as registered. */
  restored: number;
  /** Bindings over a connection (TCP, TLS, WebSocket) that died with the last process; deleted. */
  dropped: number;
  /** Expired bindings deleted. */
  expired: number;
}

/**
 * A binding that outlives the process: one over UDP, reached again at the address it registered
 * from (its NAT's mapping, kept open by the keep-alives). A binding made over a connection (TCP,
 * TLS, WebSocket: RFC 5626 §5.3, RFC 7118 §5) is reachable only over that connection, and the
 * connection closed with the process.
 */
export function survivesRestart(binding: Pick<Binding, 'flow'>): boolean {
  return binding.flow.protocol === 'UDP' && binding.flow.connectionId === undefined;
}

/**
 * Location service: bindings in memory, answered from there. Bindings are keyed per AOR by
 * instance+reg-id when the UA uses SIP outbound (a new flow replaces the old one, RFC 5626 §6),
 * otherwise by contact URI (§10.3 step 7). With a `store`, every change is also written behind
 * (never awaited by the REGISTER path) and `restore()` brings the surviving bindings back at start.
 */
export class LocationService {
  delegate: LocationServiceDelegate = {};
  private readonly byAor = new Map<string, Map<string, Binding>>();
  private readonly clock: Clock;
  private sweepHandle: TimerHandle | undefined;
  private sweepAt = Infinity;
  private readonly store: RegistrationStore | undefined;
  private readonly writer: RegistrationWriter | undefined;
  private readonly onStoreError: NonNullable<LocationServiceOptions['onStoreError']>;
  /** Restoring: what is committed came from the store, nothing to write back. */
  private restoring = false;

  constructor(options: LocationServiceOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.store = options.store;
    this.onStoreError = options.onStoreError ?? (() => {});
    if (options.store) {
      this.writer = new RegistrationWriter({
        store: options.store,
        clock: this.clock,
        ...(options.storeWriteDelayMs !== undefined && { delayMs: options.storeWriteDelayMs }),
        onError: (error) => this.onStoreError(error, 'save'),
      });
    }
  }

  now(): number {
    return this.clock.now();
  }

  /** Live contacts of `aor`, best q first, then most recently refreshed. */
  lookup(aor: string): Binding[] {
    this.expire(aor);
    return sorted(this.byAor.get(aor));
  }

  /** Every AOR with at least one live binding. */
  aors(): string[] {
    this.sweep();
    return [...this.byAor.keys()];
  }

  /**
   * Apply one REGISTER's contacts atomically: if any existing binding carries the same Call-ID with a
   * CSeq not lower than the request's, nothing changes (https://www.rfc-editor.org/rfc/rfc3261#section-10.3 step 7).
   */
  apply(
    aor: string,
    updates: readonly BindingUpdate[],
    context: RegistrationContext,
    limits: ApplyLimits = {},
  ): ApplyResult {
    this.expire(aor);
    const before = this.byAor.get(aor)?.size ?? 0;
    const current = new Map(this.byAor.get(aor));
    const now = this.now();
    for (const update of updates) {
      const key = bindingKey(update.contact);
      const existing = current.get(key);
      if (existing && existing.callId === context.callId && existing.cseq >= context.cseq) {
        return { ok: false, reason: 'out-of-order' };
      }
      if (update.expiresIn === 0) {
        current.delete(key);
        continue;
      }
      current.set(key, makeBinding(aor, update, context, now));
    }
    const max = limits.maxContacts ?? Infinity;
    if (current.size > max && current.size > before) return { ok: false, reason: 'too-many-contacts' };
    this.commit(aor, current);
    return { ok: true, bindings: sorted(current) };
  }

  /** `Contact: *` with `Expires: 0` (§10.3 step 6): remove all, unless one is same-Call-ID and not older. */
  removeAll(aor: string, context: Pick<RegistrationContext, 'callId' | 'cseq'>): ApplyResult {
    this.expire(aor);
    const current = this.byAor.get(aor);
    for (const b of current?.values() ?? []) {
      if (b.callId === context.callId && b.cseq >= context.cseq) return { ok: false, reason: 'out-of-order' };
    }
    this.commit(aor, new Map());
    return { ok: true, bindings: [] };
  }

  /** Drop one contact (by URI as registered, or a `Binding`). Returns whether something was removed. */
  remove(aor: string, contact: string | Binding): boolean {
    const current = this.byAor.get(aor);
    if (!current) return false;
    const uri = typeof contact === 'string' ? contact : contact.uri;
    const next = new Map([...current].filter(([, b]) => b.uri !== uri));
    if (next.size === current.size) return false;
    this.commit(aor, next);
    return true;
  }

  /** A stream connection closed: its bindings are unreachable (RFC 5626 §4.4, RFC 7118 §5). */
  removeFlow(connectionId: string): void {
    for (const [aor, current] of [...this.byAor]) {
      const next = new Map([...current].filter(([, b]) => b.flow.connectionId !== connectionId));
      if (next.size !== current.size) this.commit(aor, next);
    }
  }

  /** Remove every expired binding now (also happens on lookup and on the scheduled sweep). */
  sweep(): void {
    for (const aor of [...this.byAor.keys()]) this.expire(aor);
  }

  dispose(): void {
    if (this.sweepHandle !== undefined) this.clock.clearTimeout(this.sweepHandle);
    this.sweepHandle = undefined;
    this.sweepAt = Infinity;
  }

  /**
   * At start, before any REGISTER: the store's unexpired bindings that survive a restart (UDP)
   * become live again — `onChange` fires for each AOR, as for a REGISTER — while those bound to a
   * connection of the last process are deleted from the store, and so are expired ones. A store
   * that fails is reported and nothing is restored: phones come back as they re-register.
   */
  async restore(): Promise<RestoreSummary> {
    const summary: RestoreSummary = { restored: 0, dropped: 0, expired: 0 };
    if (!this.store || !this.writer) return summary;
    let loaded: Binding[];
    try {
      loaded = await this.store.load(this.now());
    } catch (error) {
      this.onStoreError(error, 'load');
      return summary;
    }
    const now = this.now();
    const survivors = new Map<string, Map<string, Binding>>();
    const withDropped = new Set<string>();
    for (const binding of loaded) {
      if (binding.expiresAt <= now) continue;
      if (!survivesRestart(binding)) {
        summary.dropped++;
        withDropped.add(binding.aor);
        continue;
      }
      const byKey = survivors.get(binding.aor) ?? new Map<string, Binding>();
      byKey.set(bindingKey(binding.contact), binding);
      survivors.set(binding.aor, byKey);
    }
    for (const aor of survivors.keys()) this.expire(aor);
    this.restoring = true;
    try {
      for (const [aor, restored] of survivors) {
        // A binding registered meanwhile is newer than its stored copy.
        const next = new Map([...restored, ...(this.byAor.get(aor) ?? [])]);
        summary.restored += next.size - (this.byAor.get(aor)?.size ?? 0);
        this.commit(aor, next);
      }
    } finally {
      this.restoring = false;
    }
    // The stored sets that lost connection-bound bindings are written again as they are now.
    for (const aor of withDropped) this.writer.changed(aor, this.lookup(aor));
    await this.writer.flush();
    try {
      summary.expired = await this.store.removeExpired(now);
    } catch (error) {
      this.onStoreError(error, 'remove-expired');
    }
    return summary;
  }

  /** Write what is waiting for the store now. */
  flushStore(): Promise<void> {
    return this.writer?.flush() ?? Promise.resolve();
  }

  /**
   * Stop writing to the store, after what is waiting (a graceful stop). Called before the
   * transports close, so connections closing at the stop are not written: the store is left as a
   * crash would leave it, and the next start drops those bindings.
   */
  async closeStore(): Promise<void> {
    await this.writer?.close();
  }

  private expire(aor: string): void {
    const current = this.byAor.get(aor);
    if (!current) return;
    const now = this.now();
    const next = new Map([...current].filter(([, b]) => b.expiresAt > now));
    if (next.size !== current.size) this.commit(aor, next);
  }

  private commit(aor: string, next: Map<string, Binding>): void {
    const before = this.byAor.get(aor);
    if (next.size === 0) this.byAor.delete(aor);
    else this.byAor.set(aor, next);
    this.schedule();
    if (!before?.size && !next.size) return;
    const contacts = sorted(next);
    if (!this.restoring) this.writer?.changed(aor, contacts);
    this.delegate.onChange?.(aor, contacts);
  }

  /** Keep one timer armed for the earliest expiry. */
  private schedule(): void {
    let earliest = Infinity;
    for (const bindings of this.byAor.values())
      for (const b of bindings.values()) earliest = Math.min(earliest, b.expiresAt);
    if (earliest === this.sweepAt) return;
    this.dispose();
    if (earliest === Infinity) return;
    this.sweepAt = earliest;
    this.sweepHandle = this.clock.setTimeout(
      () => {
        this.sweepHandle = undefined;
        this.sweepAt = Infinity;
        this.sweep();
        this.schedule();
      },
      Math.max(0, earliest - this.now()),
    );
  }
}

function makeBinding(aor: string, update: BindingUpdate, context: RegistrationContext, now: number): Binding {
  const contact: NameAddr = { ...update.contact, params: new Map(update.contact.params) };
  contact.params.delete('expires');
  const instance = contact.params.get('+sip.instance');
  const regId = Number(contact.params.get('reg-id') ?? NaN);
  return {
    aor,
    contact,
    uri: formatUri(contact.uri),
    expiresAt: now + update.expiresIn * 1000,
    q: update.q,
    callId: context.callId,
    cseq: context.cseq,
    flow: { ...context.flow },
    ...(instance ? { instanceId: unquoteParam(instance) } : {}),
    ...(Number.isInteger(regId) ? { regId } : {}),
    ...(context.userAgent !== undefined ? { userAgent: context.userAgent } : {}),
    updatedAt: now,
  };
}

/**
 * Identity of a binding. With `+sip.instance` and `reg-id` it is the (instance, reg-id) pair
 * (https://www.rfc-editor.org/rfc/rfc5626#section-6 step 3); otherwise the contact URI compared on the
 * parts §19.1.4 makes significant here: scheme, user (case-sensitive), host (case-insensitive), port, transport.
 */
export function bindingKey(contact: NameAddr): string {
  const instance = contact.params.get('+sip.instance');
  const regId = contact.params.get('reg-id');
  if (instance && regId) return `instance:${unquoteParam(instance)}|${regId}`;
  const uri = contact.uri;
  if (uri.kind !== 'sip') return `uri:${formatUri(uri)}`;
  return `uri:${sipUriKey(uri)}`;
}

function sipUriKey(uri: SipUri): string {
  const transport = uri.params.get('transport')?.toLowerCase() ?? '';
  return `${uri.scheme}:${uri.user ?? ''}@${uri.host.toLowerCase()}:${uri.port ?? ''};${transport}`;
}

function unquoteParam(value: string): string {
  return value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function sorted(bindings: Map<string, Binding> | undefined): Binding[] {
  return [...(bindings?.values() ?? [])].sort((a, b) => b.q - a.q || b.updatedAt - a.updatedAt);
}
