import type { AcdCallEvent } from '../../acd/queue-metrics.js';
import type { LiveCallPhase, MonitorSessionView, WallboardCall } from './supervision-events.js';

// The calls in progress, as the supervisor's live-calls list shows them: in the IVR, waiting in a
// queue, ringing an agent, connected or held. Two sources feed it: the ACD's call events (always:
// without SIP the ACD's calls are still listed) and call control's calls (with SIP: the IVR, the
// caller, the line, hold). Plain facts in, one view per call out; a view is reported only when it
// changed, and a call that is no longer listed is reported gone.

/** What call control knows of one call (a plain copy of its InboundCall). */
export interface SipCallFacts {
  /** The call machine's phase (call-lifecycle.ts CALL_PHASES). */
  state: string;
  held: boolean;
  ani: string | null;
  dnis: string;
  customerId: string | null;
  /** The IVR steps the caller has left, in order. */
  ivrPath: string[];
  /** The connected agent (or the one whose phone is coming back). */
  agentId: string | null;
}

export interface LiveCallTrackerOptions {
  now(): number;
  queueName(queueId: string): string | null;
  agentExtension(agentId: string): string | null;
  /** The line's name by its DNIS. */
  lineName(dnis: string): string | null;
  onChange(call: WallboardCall): void;
  onGone(callId: string): void;
}

interface CallRecord {
  callId: string;
  startedAt: number;
  /** The ACD's phase; undefined when the ACD does not hold the call. */
  acd?: 'waiting' | 'ringing' | 'connected';
  sip?: SipCallFacts;
  customerName: string | null;
  queueId: string | null;
  queuedAt: number | null;
  agentId: string | null;
  answeredAt: number | null;
  routing: string | null;
  monitor: MonitorSessionView | null;
  /** The view last reported (JSON), undefined when not listed. */
  reported?: string;
}

/** Call control's phases that are not on the list (admission, voicemail, the end). */
const SIP_UNLISTED = new Set(['routing', 'overflow', 'voicemail', 'ended']);

export class LiveCallTracker {
  private readonly calls = new Map<string, CallRecord>();

  constructor(private readonly opts: LiveCallTrackerOptions) {}

  /** Every listed call, oldest first. */
  list(): WallboardCall[] {
    const views: WallboardCall[] = [];
    for (const record of this.calls.values()) {
      const view = this.view(record);
      if (view) views.push(view);
    }
    return views.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /** One of the ACD's call events. */
  acdEvent(e: AcdCallEvent): void {
    if (e.type === 'relaxed') return;
    const record = this.calls.get(e.callId) ?? (e.type === 'queued' ? this.open(e.callId, e.at) : undefined);
    if (!record) return;
    switch (e.type) {
      case 'queued':
        record.acd = 'waiting';
        record.queueId = e.queueId;
        record.queuedAt = e.at;
        record.agentId = null;
        record.answeredAt = null;
        record.routing = null;
        break;
      case 'offered':
        record.acd = 'ringing';
        record.queueId = e.queueId;
        record.agentId = e.agentId;
        break;
      case 'requeued':
        record.acd = 'waiting';
        record.agentId = null;
        record.routing = null;
        break;
      case 'answered':
        record.acd = 'connected';
        record.agentId = e.agentId;
        record.answeredAt = e.at;
        break;
      case 'abandoned':
      case 'overflowed':
      case 'finished':
        // Out of the ACD: ended, handed to wrap-up, or gone to voicemail/call-back (a move to
        // another queue is queued again right after).
        record.acd = undefined;
        break;
    }
    this.refresh(record);
  }

  /** The routing decision of an offer, in the ACD's words ("longest idle (…); runner-up …"). */
  routed(callId: string, why: string): void {
    const record = this.calls.get(callId);
    if (!record) return;
    record.routing = why;
    this.refresh(record);
  }

  /** Call control's view of a call changed; null once it ended. */
  sipCall(callId: string, facts: SipCallFacts | null): void {
    let record = this.calls.get(callId);
    if (!facts) {
      if (!record) return;
      record.sip = undefined;
      record.acd = undefined;
      this.refresh(record);
      return;
    }
    record ??= this.open(callId, this.opts.now());
    record.sip = facts;
    if (facts.agentId && facts.state === 'connected') record.agentId = facts.agentId;
    this.refresh(record);
  }

  customerName(callId: string, name: string | null): void {
    const record = this.calls.get(callId);
    if (!record || record.customerName === name) return;
    record.customerName = name;
    this.refresh(record);
  }

  monitor(callId: string, session: MonitorSessionView | null): void {
    const record = this.calls.get(callId);
    if (!record) return;
    record.monitor = session;
    this.refresh(record);
  }

  private open(callId: string, at: number): CallRecord {
    const record: CallRecord = {
      callId,
      startedAt: at,
      customerName: null,
      queueId: null,
      queuedAt: null,
      agentId: null,
      answeredAt: null,
      routing: null,
      monitor: null,
    };
    this.calls.set(callId, record);
    return record;
  }

  private phase(record: CallRecord): LiveCallPhase | null {
    const sip = record.sip;
    if (sip) {
      if (SIP_UNLISTED.has(sip.state)) return null;
      if (sip.state === 'ivr') return 'ivr';
      // The caller is held while the agent's phone comes back.
      if (sip.state === 'reconnecting') return 'held';
      if (sip.state === 'connected') return sip.held ? 'held' : 'connected';
      // queued: the ACD says whether it is waiting or ringing an agent.
      return record.acd === 'ringing' ? 'ringing' : 'waiting';
    }
    return record.acd ?? null;
  }

  private view(record: CallRecord): WallboardCall | null {
    const phase = this.phase(record);
    if (!phase) return null;
    const sip = record.sip;
    const agentId = phase === 'waiting' || phase === 'ivr' ? null : record.agentId;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      callId: record.callId,
      phase,
      ani: sip?.ani ?? null,
      dnis: sip?.dnis ?? '',
      line: sip?.dnis ? this.opts.lineName(sip.dnis) : null,
      customerId: sip?.customerId ?? null,
      customerName: sip?.customerId ? record.customerName : null,
      startedAt: new Date(record.startedAt).toISOString(),
      queueId: phase === 'ivr' ? null : record.queueId,
      queue: phase !== 'ivr' && record.queueId ? this.opts.queueName(record.queueId) : null,
      queuedAt: phase === 'ivr' ? null : iso(record.queuedAt),
      agentId,
      extension: agentId ? this.opts.agentExtension(agentId) : null,
      answeredAt: phase === 'connected' || phase === 'held' ? iso(record.answeredAt) : null,
      ivrPath: sip?.ivrPath ?? [],
      routing: agentId ? record.routing : null,
      monitor: record.monitor,
    };
  }

  private refresh(record: CallRecord): void {
    const view = this.view(record);
    if (!view) {
      const wasListed = record.reported !== undefined;
      record.reported = undefined;
      // Forgotten once neither source holds it (a transfer to a queue re-opens it with the same id).
      if (!record.sip && !record.acd) this.calls.delete(record.callId);
      if (wasListed) this.opts.onGone(record.callId);
      return;
    }
    const json = JSON.stringify(view);
    if (json === record.reported) return;
    record.reported = json;
    this.opts.onChange(view);
  }
}
