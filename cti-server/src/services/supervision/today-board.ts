import type { AcdCallEvent } from '../../acd/queue-metrics.js';
import type { AgentStatus } from '../../acd/types.js';
import { intervalStart, localDay } from './local-day.js';
import {
  emptyTally,
  tallyEntered,
  tallyHandled,
  tallyLeft,
  type AgentTime,
  type FigureOptions,
  type Tally,
} from './metric-definitions.js';

/** One agent state transition as the board folds it (live from the ACD, or rebuilt from rows). */
export interface BoardStateChange {
  agentId: string;
  state: AgentStatus;
  reason: string | null;
  at: number;
  /** The call the transition belongs to, when known. */
  callId: string | null;
}

/** An agent's day so far. */
export interface AgentDayFigures {
  handled: number;
  /** Talk + hold + wrap-up of the calls handled (AHT's numerator), and its parts. */
  handleMs: number;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
  time: AgentTime;
  /** Not-ready time by the reason given (`none` without one). */
  notReadyByReason: Record<string, number>;
}

/**
 * Today's figures, folded from events. The in-memory `TodayBoard` is the one implementation; a
 * cluster would put this interface on Redis (hash increments per queue, interval and agent), every
 * server folding its own ACD's events into the shared day.
 */
export interface DayFigures {
  callEvent(event: AcdCallEvent): Set<string>;
  agentState(change: BoardStateChange): Set<string>;
  queueTally(queueId: string): Tally;
  intervals(queueId: string): Array<{ start: number; tally: Tally }>;
  agentDay(agentId: string, now: number): AgentDayFigures;
  arrivalsSince(queueId: string, since: number): number;
}

/** What the board counted, in order: replayed when a threshold changes. */
type LedgerEntry =
  | { kind: 'entered'; queueId: string; at: number }
  | {
      kind: 'left';
      queueId: string;
      at: number;
      outcome: 'answered' | 'abandoned' | 'overflowed';
      waitedMs: number;
      /** Overflowed to a callback request. */
      callback?: boolean;
    }
  | { kind: 'handled'; queueId: string; at: number; talkMs: number; holdMs: number; wrapMs: number };

interface QueueDay {
  tally: Tally;
  intervals: Map<number, Tally>;
}

/** A call's agent part, while it is measured. */
interface CallWork {
  queueId: string;
  agentId: string;
  talkMs: number;
  holdMs: number;
  wrapMs: number;
}

interface AgentTrack {
  state: AgentStatus;
  reason: string | null;
  since: number;
  callId: string | null;
  holdSince: number | null;
  day: AgentDayFigures;
}

const BUSY: ReadonlySet<AgentStatus> = new Set(['reserved', 'ringing', 'on_call', 'wrap_up']);

export interface TodayBoardOptions {
  timeZone: string;
  shortAbandonSeconds: number;
  /** The queue's service-level threshold (seconds). */
  serviceLevelSeconds(queueId: string): number;
  now: number;
}

/**
 * Today's per-queue and per-agent figures and 15-minute intervals in the centre's time zone.
 * Each thing is counted when it happens: offered when the call enters the queue, answered /
 * abandoned / overflowed when it leaves it, handled when the agent's wrap-up ends. At local
 * midnight the day starts empty (`rollover`).
 */
export class TodayBoard implements DayFigures {
  private day: { date: string; start: number; end: number };
  private ledger: LedgerEntry[] = [];
  private queues = new Map<string, QueueDay>();
  /** Answered calls: which queue they count in. */
  private readonly answered = new Map<string, { queueId: string; agentId: string }>();
  private readonly work = new Map<string, CallWork>();
  private readonly agents = new Map<string, AgentTrack>();

  constructor(private options: TodayBoardOptions) {
    this.day = localDay(options.now, options.timeZone);
  }

  get date(): string {
    return this.day.date;
  }
  get dayStart(): number {
    return this.day.start;
  }
  get timeZone(): string {
    return this.options.timeZone;
  }

  /** Starts a new day when `now` is past local midnight; true if it did. */
  rollover(now: number): boolean {
    if (now < this.day.end) return false;
    this.day = localDay(now, this.options.timeZone);
    this.ledger = [];
    this.queues.clear();
    // The day's time starts at midnight for whoever is logged in; open calls keep going, with
    // their time before midnight (a call is handled, with all of its time, on the day it ends).
    for (const [agentId, agent] of this.agents) {
      if (agent.callId && agent.since < this.day.start) {
        const work = this.workOf(agent.callId, agentId);
        if (work) this.addWork(work, agent, this.day.start);
      }
      agent.since = Math.max(agent.since, this.day.start);
      if (agent.holdSince !== null) agent.holdSince = Math.max(agent.holdSince, this.day.start);
      agent.day = emptyAgentDay();
    }
    return true;
  }

  /** New thresholds (settings or a queue changed): today's figures counted again with them. */
  reconfigure(options: Omit<TodayBoardOptions, 'now'>, now: number): void {
    const zoneChanged = options.timeZone !== this.options.timeZone;
    this.options = { ...options, now };
    if (zoneChanged) this.day = localDay(now, options.timeZone);
    const ledger = zoneChanged ? this.ledger.filter((e) => e.at >= this.day.start) : this.ledger;
    this.ledger = [];
    this.queues.clear();
    for (const entry of ledger) this.count(entry);
  }

  callEvent(e: AcdCallEvent): Set<string> {
    const touched = new Set<string>();
    switch (e.type) {
      case 'queued':
        this.countToday({ kind: 'entered', queueId: e.queueId, at: e.at }, touched);
        break;
      case 'answered':
        this.answered.set(e.callId, { queueId: e.queueId, agentId: e.agentId });
        this.countToday(
          { kind: 'left', queueId: e.queueId, at: e.at, outcome: 'answered', waitedMs: e.waitedMs },
          touched,
        );
        break;
      case 'abandoned':
      case 'overflowed':
        this.countToday(
          {
            kind: 'left',
            queueId: e.queueId,
            at: e.at,
            outcome: e.type === 'abandoned' ? 'abandoned' : 'overflowed',
            waitedMs: e.waitedMs,
            callback: e.type === 'overflowed' && e.target.kind === 'callback',
          },
          touched,
        );
        break;
      case 'finished':
        // The call's handle time is complete when the agent leaves wrap-up (agentState).
        touched.add(e.queueId);
        break;
      default:
        break;
    }
    return touched;
  }

  agentState(change: BoardStateChange): Set<string> {
    const touched = new Set<string>();
    const at = change.at;
    const prev = this.agents.get(change.agentId);
    if (!prev) {
      this.agents.set(change.agentId, {
        state: change.state,
        reason: change.reason,
        since: at,
        callId: change.callId,
        holdSince: null,
        day: emptyAgentDay(),
      });
      return touched;
    }
    const from = Math.max(prev.since, this.day.start);
    const spent = Math.max(0, at - from);
    if (prev.state !== 'logged_out') prev.day.time.loggedInMs += spent;
    if (prev.state === 'not_ready') addNotReady(prev.day, prev.reason, spent);
    if (BUSY.has(prev.state)) prev.day.time.busyMs += spent;

    const callId = prev.callId ?? change.callId;
    const work = callId ? this.workOf(callId, change.agentId) : undefined;
    if (work) this.addWork(work, prev, at);

    const sameCall = change.state === 'on_call' && prev.state === 'on_call';
    if (sameCall) {
      if (change.reason === 'hold' && prev.holdSince === null) prev.holdSince = at;
      if (change.reason === 'unhold') prev.holdSince = null;
    } else prev.holdSince = null;

    // The agent's part of the call is over: out of wrap-up, or off the call without one.
    const done =
      (prev.state === 'wrap_up' && change.state !== 'wrap_up') ||
      (prev.state === 'on_call' && change.state !== 'on_call' && change.state !== 'wrap_up');
    if (done && work && callId) {
      this.work.delete(workKey(callId, change.agentId));
      // A call transferred to a queue may already be another agent's.
      if (this.answered.get(callId)?.agentId === change.agentId) this.answered.delete(callId);
      // A part that ended before midnight is yesterday's (replayed for the call it links).
      if (at >= this.day.start) {
        prev.day.handled += 1;
        prev.day.handleMs += work.talkMs + work.holdMs + work.wrapMs;
        prev.day.talkMs += work.talkMs;
        prev.day.holdMs += work.holdMs;
        prev.day.wrapMs += work.wrapMs;
      }
      this.countToday(
        {
          kind: 'handled',
          queueId: work.queueId,
          at,
          talkMs: work.talkMs,
          holdMs: work.holdMs,
          wrapMs: work.wrapMs,
        },
        touched,
      );
    }

    prev.state = change.state;
    // A hold on a call is not a new reason for the agent's state.
    if (!sameCall) prev.reason = change.reason;
    prev.since = at;
    if (BUSY.has(change.state)) prev.callId = change.callId ?? (done ? null : prev.callId);
    else prev.callId = null;
    return touched;
  }

  queueTally(queueId: string): Tally {
    return { ...(this.queues.get(queueId)?.tally ?? emptyTally()) };
  }

  intervals(queueId: string): Array<{ start: number; tally: Tally }> {
    const q = this.queues.get(queueId);
    if (!q) return [];
    return [...q.intervals.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, tally]) => ({ start, tally: { ...tally } }));
  }

  /** The interval containing `at` (empty when nothing happened in it yet). */
  interval(queueId: string, at: number): { start: number; tally: Tally } {
    const start = intervalStart(at, this.day.start);
    return { start, tally: { ...(this.queues.get(queueId)?.intervals.get(start) ?? emptyTally()) } };
  }

  /** The agent's day, the current state's time up to `now` included. */
  agentDay(agentId: string, now: number): AgentDayFigures {
    const a = this.agents.get(agentId);
    if (!a) return emptyAgentDay();
    const day: AgentDayFigures = {
      ...a.day,
      time: { ...a.day.time },
      notReadyByReason: { ...a.day.notReadyByReason },
    };
    const spent = Math.max(0, now - Math.max(a.since, this.day.start));
    if (a.state !== 'logged_out') day.time.loggedInMs += spent;
    if (a.state === 'not_ready') addNotReady(day, a.reason, spent);
    if (BUSY.has(a.state)) day.time.busyMs += spent;
    return day;
  }

  /** The call the agent is on or being offered, as the board knows it. */
  agentCall(agentId: string): string | null {
    return this.agents.get(agentId)?.callId ?? null;
  }

  /** Calls that entered the queue at or after `since` (today only). */
  arrivalsSince(queueId: string, since: number): number {
    let n = 0;
    for (let i = this.ledger.length - 1; i >= 0; i--) {
      const e = this.ledger[i]!;
      if (e.at < since) break;
      if (e.kind === 'entered' && e.queueId === queueId) n++;
    }
    return n;
  }

  /** Queue ids with anything counted today. */
  queueIds(): string[] {
    return [...this.queues.keys()];
  }

  private workOf(callId: string, agentId: string): CallWork | undefined {
    let work = this.work.get(workKey(callId, agentId));
    if (!work) {
      const answered = this.answered.get(callId);
      if (!answered || answered.agentId !== agentId) return undefined;
      work = { queueId: answered.queueId, agentId, talkMs: 0, holdMs: 0, wrapMs: 0 };
      this.work.set(workKey(callId, agentId), work);
    }
    return work;
  }

  /**
   * The call's time in the agent's current state up to `at`, not clipped at midnight (unlike the
   * agent's day): a call answered before midnight is handled after it with all of its time.
   */
  private addWork(work: CallWork, track: AgentTrack, at: number): void {
    const spent = Math.max(0, at - track.since);
    if (track.state === 'on_call') {
      // Hold time is measured apart from talk (an on_call → on_call transition with reason hold).
      const held = track.holdSince !== null ? Math.max(0, at - track.holdSince) : 0;
      work.holdMs += held;
      work.talkMs += spent - held;
    }
    if (track.state === 'wrap_up') work.wrapMs += spent;
  }

  private countToday(entry: LedgerEntry, touched: Set<string>): void {
    touched.add(entry.queueId);
    // Before today's midnight: yesterday's (a late event replayed); the ledger stays in time order.
    if (entry.at < this.day.start) return;
    this.count(entry);
  }

  private count(entry: LedgerEntry): void {
    this.ledger.push(entry);
    let q = this.queues.get(entry.queueId);
    if (!q) this.queues.set(entry.queueId, (q = { tally: emptyTally(), intervals: new Map() }));
    const start = intervalStart(entry.at, this.day.start);
    let interval = q.intervals.get(start);
    if (!interval) q.intervals.set(start, (interval = emptyTally()));
    const o: FigureOptions = {
      serviceLevelSeconds: this.options.serviceLevelSeconds(entry.queueId),
      shortAbandonSeconds: this.options.shortAbandonSeconds,
    };
    for (const t of [q.tally, interval]) {
      if (entry.kind === 'entered') tallyEntered(t);
      else if (entry.kind === 'left') tallyLeft(t, entry.outcome, entry.waitedMs, o, entry.callback);
      else tallyHandled(t, entry);
    }
  }
}

/** One agent's part of a call (a call transferred through a queue has several). */
const workKey = (callId: string, agentId: string) => `${callId}|${agentId}`;

function addNotReady(day: AgentDayFigures, reason: string | null, ms: number): void {
  day.time.notReadyMs += ms;
  const key = reason ?? 'none';
  day.notReadyByReason[key] = (day.notReadyByReason[key] ?? 0) + ms;
}

function emptyAgentDay(): AgentDayFigures {
  return {
    handled: 0,
    handleMs: 0,
    talkMs: 0,
    holdMs: 0,
    wrapMs: 0,
    time: { loggedInMs: 0, notReadyMs: 0, busyMs: 0 },
    notReadyByReason: {},
  };
}
