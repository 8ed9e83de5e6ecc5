import type { Acd } from '../../acd/index.js';
import type { AcdCallEvent } from '../../acd/queue-metrics.js';
import { emptyAgentsByState } from '../../acd/queue-metrics.js';
import type { AgentStatus } from '../../acd/types.js';
import type { AgentDirectory, DirectoryAgent } from '../routing/agent-directory.js';
import { agentsNeeded, offeredLoad, predictedServiceLevel } from './erlang-c.js';
import {
  abandonRateLevel,
  figures,
  longestWaitLevel,
  occupancy,
  serviceLevelLevel,
  timeInStateLevel,
  waitingLevel,
  type Tally,
} from './metric-definitions.js';
import type {
  AgentCurrentCall,
  Level,
  MonitorSessionView,
  StaffingNow,
  WallboardAgent,
  WallboardInterval,
  WallboardQueue,
} from './supervision-events.js';
import type { SupervisionSettings } from './supervision-settings.js';
import { TodayBoard, type BoardStateChange } from './today-board.js';

/** The call details the ACD does not know (call control's and the CRM's). */
export interface CallDetails {
  ani: string | null;
  customerId: string | null;
  customerName: string | null;
}

export interface WallboardDeps {
  acd: Acd;
  directory: AgentDirectory;
  now(): number;
  settings(): SupervisionSettings;
  /** The queue's service-level target share (0–1), e.g. 0.8. */
  serviceLevelTarget(queueId: string): number;
  /** Whether the user holds the `agent` role: other users' phones (supervisors') are not in the grid. */
  isAgent(userId: string): boolean;
  callDetails(callId: string): CallDetails | null;
  monitor(callId: string): MonitorSessionView | null;
}

/** The window the live arrival rate is measured over. */
export const ARRIVAL_WINDOW_MS = 30 * 60_000;
/** AHT Erlang C uses before the queue has handled a call today. */
export const DEFAULT_AHT_MS = 180_000;

/**
 * The wallboard's rows: today's figures (`TodayBoard`) joined with the ACD's live state (waiting
 * calls, agents' states) and the call details. Pure over its deps; the plugin feeds it events and
 * pushes what changed.
 */
export class Wallboard {
  readonly board: TodayBoard;
  /** When each agent's part of their current call began (offered, then answered). */
  private readonly callSince = new Map<string, { callId: string; since: number }>();
  /** Agents on a connected call (a hold's on_call → on_call keeps the call's start). */
  private readonly connected = new Set<string>();

  constructor(private readonly deps: WallboardDeps) {
    this.board = new TodayBoard(this.boardOptions(deps.now()));
  }

  boardOptions(now: number) {
    const settings = this.deps.settings();
    return {
      timeZone: settings.timeZone,
      shortAbandonSeconds: settings.shortAbandonSeconds,
      serviceLevelSeconds: (queueId: string) => this.serviceLevelSeconds(queueId),
      now,
    };
  }

  /** Settings or queues changed: count today again with the new thresholds. */
  reconfigure(): void {
    const now = this.deps.now();
    const { timeZone, shortAbandonSeconds, serviceLevelSeconds } = this.boardOptions(now);
    this.board.reconfigure({ timeZone, shortAbandonSeconds, serviceLevelSeconds }, now);
  }

  serviceLevelSeconds(queueId: string): number {
    return this.deps.acd.engine.queue(queueId)?.serviceLevelSeconds ?? 20;
  }

  /** Folds an ACD call event; the queues whose rows changed. */
  callEvent(event: AcdCallEvent): Set<string> {
    return this.board.callEvent(event);
  }

  /** Folds an agent transition; the queues whose rows changed (handled calls, agent counts). */
  agentState(change: BoardStateChange): Set<string> {
    const touched = this.board.agentState(change);
    const current = this.callSince.get(change.agentId);
    const offered = change.state === 'reserved' || change.state === 'ringing';
    if (change.callId && offered && current?.callId !== change.callId)
      this.callSince.set(change.agentId, { callId: change.callId, since: change.at });
    // Connected (not a hold on the same call): the duration shown is the talk time from the answer.
    if (change.callId && change.state === 'on_call' && !this.connected.has(change.agentId)) {
      this.callSince.set(change.agentId, { callId: change.callId, since: change.at });
      this.connected.add(change.agentId);
    }
    if (change.state !== 'on_call') this.connected.delete(change.agentId);
    if (change.state === 'ready' || change.state === 'not_ready' || change.state === 'logged_out')
      this.callSince.delete(change.agentId);
    // The agent's state counts in every queue they staff.
    const entry = this.deps.acd.engine.agent(change.agentId);
    for (const q of entry?.staffedQueues ?? []) touched.add(q);
    return touched;
  }
  /** Agents of the grid: users with the agent role (supervisors' phones are left out). */
  gridAgents(): DirectoryAgent[] {
    return this.deps.directory.agents().filter((a) => this.deps.isAgent(a.userId));
  }

  isGridAgent(agentId: string): boolean {
    const a = this.deps.directory.agent(agentId);
    return !!a && this.deps.isAgent(a.userId);
  }

  queueIds(): string[] {
    return this.deps.directory.queues().map((q) => q.id);
  }

  queue(queueId: string): WallboardQueue | null {
    const q = this.deps.directory.queue(queueId);
    if (!q) return null;
    const now = this.deps.now();
    const settings = this.deps.settings();
    const live = this.deps.acd.queueMetrics(queueId);
    const slSeconds = this.serviceLevelSeconds(queueId);
    const target = this.deps.serviceLevelTarget(queueId);
    const f = figures(this.board.queueTally(queueId));
    const agents = this.agentsByState(queueId);
    const waiting = live?.waiting ?? 0;
    const longestWaitMs = live?.longestWaitMs ?? 0;
    return {
      queueId,
      queue: q.name,
      displayName: q.displayName,
      at: new Date(now).toISOString(),
      waiting,
      longestWaitMs,
      offered: f.offered,
      answered: f.answered,
      abandoned: f.abandoned,
      shortAbandoned: f.shortAbandoned,
      overflowed: f.overflowed,
      serviceLevel: f.serviceLevel,
      serviceLevelSeconds: slSeconds,
      serviceLevelTarget: target,
      shortAbandonSeconds: settings.shortAbandonSeconds,
      asaMs: f.asaMs,
      ahtMs: f.ahtMs,
      abandonRate: f.abandonRate,
      agents,
      staffing: this.staffing(queueId, now, f.ahtMs, agents, slSeconds, target),
      levels: {
        serviceLevel: serviceLevelLevel(f.serviceLevel, target),
        longestWait: longestWaitLevel(longestWaitMs, slSeconds),
        abandonRate: abandonRateLevel(f.abandonRate),
        waiting: waitingLevel(waiting, agents.ready),
      },
    };
  }

  /** The longest-wait colour now (the 1 s timer re-pushes a queue when it changes). */
  longestWaitLevel(queueId: string): Level {
    const live = this.deps.acd.queueMetrics(queueId);
    return longestWaitLevel(live?.longestWaitMs ?? 0, this.serviceLevelSeconds(queueId));
  }

  queueWithInterval(queueId: string): (WallboardQueue & { interval: WallboardInterval }) | null {
    const row = this.queue(queueId);
    if (!row) return null;
    const { start, tally } = this.board.interval(queueId, this.deps.now());
    return { ...row, interval: intervalView(start, tally) };
  }

  queues(): WallboardQueue[] {
    return this.queueIds().flatMap((id) => this.queue(id) ?? []);
  }

  intervals(): Record<string, WallboardInterval[]> {
    const out: Record<string, WallboardInterval[]> = {};
    for (const id of this.queueIds())
      out[id] = this.board.intervals(id).map(({ start, tally }) => intervalView(start, tally));
    return out;
  }

  agent(agentId: string): WallboardAgent | null {
    const a = this.deps.directory.agent(agentId);
    const ctx = this.deps.acd.agentContext(agentId);
    const entry = this.deps.acd.engine.agent(agentId);
    if (!a || !ctx || !entry || !this.deps.isAgent(a.userId)) return null;
    const now = this.deps.now();
    const day = this.board.agentDay(agentId, now);
    // On a call or being offered one; wrap-up is after the call.
    const onCall = ctx.status === 'reserved' || ctx.status === 'ringing' || ctx.status === 'on_call';
    const callId = onCall ? (ctx.callId ?? this.deps.acd.offeredCall(agentId) ?? null) : null;
    const settings = this.deps.settings();
    return {
      agentId,
      userId: a.userId,
      extension: a.extension,
      displayName: a.displayName,
      team: a.team,
      state: ctx.status,
      reason: ctx.reason,
      since: new Date(entry.statusSince).toISOString(),
      call: callId ? this.currentCall(agentId, callId, entry.statusSince) : null,
      handled: day.handled,
      ahtMs: day.handled > 0 ? day.handleMs / day.handled : null,
      occupancy: occupancy(day.time),
      phoneRegistered: ctx.phoneRegistered,
      consoleConnected: ctx.consoleConnected,
      monitor: callId ? this.deps.monitor(callId) : null,
      skills: a.skills.map((s) => s.name),
      levels: { timeInState: timeInStateLevel(ctx.status, now - entry.statusSince, settings.alerts) },
    };
  }

  /** The time-in-state colour now (the 1 s timer re-pushes an agent when it changes). */
  timeInStateLevel(agentId: string): Level {
    const ctx = this.deps.acd.agentContext(agentId);
    const entry = this.deps.acd.engine.agent(agentId);
    if (!ctx || !entry) return 'ok';
    return timeInStateLevel(ctx.status, this.deps.now() - entry.statusSince, this.deps.settings().alerts);
  }

  agents(): WallboardAgent[] {
    return this.gridAgents().flatMap((a) => this.agent(a.id) ?? []);
  }

  private currentCall(agentId: string, callId: string, fallbackSince: number): AgentCurrentCall {
    const details = this.deps.callDetails(callId);
    const queueId = this.deps.acd.callQueue(callId) ?? null;
    const started = this.callSince.get(agentId);
    return {
      callId,
      ani: details?.ani ?? null,
      customerId: details?.customerId ?? null,
      customerName: details?.customerName ?? null,
      queue: queueId ? (this.deps.directory.queue(queueId)?.name ?? null) : null,
      since: new Date(started?.callId === callId ? started.since : fallbackSince).toISOString(),
    };
  }

  private agentsByState(queueId: string): Record<AgentStatus, number> {
    const counts = emptyAgentsByState();
    for (const a of this.gridAgents()) {
      const entry = this.deps.acd.engine.agent(a.id);
      if (entry?.staffedQueues.includes(queueId)) counts[entry.status]++;
    }
    return counts;
  }

  private staffing(
    queueId: string,
    now: number,
    ahtToday: number | null,
    agents: Record<AgentStatus, number>,
    slSeconds: number,
    target: number,
  ): StaffingNow {
    const arrivals = this.board.arrivalsSince(queueId, now - ARRIVAL_WINDOW_MS);
    const arrivalsPerHour = arrivals * (3_600_000 / ARRIVAL_WINDOW_MS);
    const ahtMs = ahtToday ?? DEFAULT_AHT_MS;
    const erlangs = offeredLoad(arrivalsPerHour, ahtMs);
    const staffed =
      agents.ready + agents.reserved + agents.ringing + agents.on_call + agents.wrap_up + agents.not_ready;
    const available = staffed - agents.not_ready;
    return {
      arrivalsPerHour,
      ahtMs,
      erlangs,
      agentsNeeded: agentsNeeded(erlangs, ahtMs, slSeconds * 1000, target),
      agentsStaffed: staffed,
      predictedServiceLevel:
        erlangs > 0 ? predictedServiceLevel(available, erlangs, ahtMs, slSeconds * 1000) : null,
    };
  }
}

export function intervalView(start: number, tally: Tally): WallboardInterval {
  const f = figures(tally);
  return {
    start: new Date(start).toISOString(),
    offered: f.offered,
    answered: f.answered,
    abandoned: f.abandoned,
    shortAbandoned: f.shortAbandoned,
    serviceLevel: f.serviceLevel,
    asaMs: f.asaMs,
    ahtMs: f.ahtMs,
  };
}
