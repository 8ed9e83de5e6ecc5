// What the supervisor workspace is pushed (socket.io, room `supervisors`) and reads
// (`GET /api/supervisor/board`): the contract between the supervision service and the web app.
// Type-only and plain, like acd-events.ts: the console's type-check reads this file, its bundle
// never does. Times are ISO strings, durations milliseconds, shares 0–1.
// Every figure's definition is in docs/METRICS.md and in metric-definitions.ts (one place).
import type { AgentStatus } from '../../acd/types.js';

/** A cell's colour on the wallboard: the server decides, so every screen agrees. */
export type Level = 'ok' | 'warning' | 'critical';

/** One 15-minute interval of a queue today (centre time zone), for the wallboard's charts. */
export interface WallboardInterval {
  /** Start of the interval. */
  start: string;
  offered: number;
  answered: number;
  abandoned: number;
  /** Abandoned within the short-abandon threshold (not in the abandon rate or service level). */
  shortAbandoned: number;
  serviceLevel: number | null;
  asaMs: number | null;
  ahtMs: number | null;
}

/** Erlang C for the queue now: what the live arrival rate and AHT need against who is staffed. */
export interface StaffingNow {
  /** Calls per hour offered over the last 30 minutes. */
  arrivalsPerHour: number;
  /** The AHT the figure uses (today's, or the queue's default before any call). */
  ahtMs: number;
  /** Offered load in erlangs (arrivals × AHT). */
  erlangs: number;
  /** Fewest agents that meet the queue's service-level target; null with no traffic. */
  agentsNeeded: number | null;
  /** Agents logged in with the queue's skills (ready, on a call, wrap-up, not ready). */
  agentsStaffed: number;
  /** Service level Erlang C predicts with the agents available now (not in not-ready). */
  predictedServiceLevel: number | null;
}

/** One queue's wallboard row: today's figures (centre time zone) and the live ones. */
export interface WallboardQueue {
  queueId: string;
  queue: string;
  displayName: string;
  /** When these figures were computed. */
  at: string;
  waiting: number;
  longestWaitMs: number;
  /** Calls that entered the queue today. */
  offered: number;
  answered: number;
  /** Every abandon, short ones included. */
  abandoned: number;
  /** Abandons within `shortAbandonSeconds`: excluded from the abandon rate and service level. */
  shortAbandoned: number;
  overflowed: number;
  /** Answered within the threshold / (answered + abandoned after the short-abandon threshold). */
  serviceLevel: number | null;
  /** The threshold: answered within this many seconds counts. */
  serviceLevelSeconds: number;
  /** The queue's target share, e.g. 0.8 of "80 % in 20 s". */
  serviceLevelTarget: number;
  shortAbandonSeconds: number;
  asaMs: number | null;
  /** Average handle time: talk + hold + wrap-up of the calls answered and finished today. */
  ahtMs: number | null;
  /** (abandoned − short abandons) / (answered + abandoned − short abandons). */
  abandonRate: number | null;
  /** Agents with the queue's skills, by state. */
  agents: Record<AgentStatus, number>;
  staffing: StaffingNow | null;
  /** Colours of the cells that have thresholds. */
  levels: { serviceLevel: Level; longestWait: Level; abandonRate: Level; waiting: Level };
}

/** The call an agent is on (or being offered), as the grid shows it. */
export interface AgentCurrentCall {
  callId: string;
  ani: string | null;
  customerId: string | null;
  customerName: string | null;
  queue: string | null;
  /** When the agent's part began (offered, or answered once connected). */
  since: string;
}

/** One agent's row in the grid. */
export interface WallboardAgent {
  agentId: string;
  userId: string;
  extension: string;
  displayName: string;
  team: string | null;
  state: AgentStatus;
  /** Not-ready reason code. */
  reason: string | null;
  since: string;
  call: AgentCurrentCall | null;
  /** Calls answered and finished today. */
  handled: number;
  ahtMs: number | null;
  /** Today: (talk + hold + wrap-up + ringing) / logged-in time, excluding not-ready. */
  occupancy: number | null;
  phoneRegistered: boolean;
  consoleConnected: boolean;
  /** A supervisor is listening / whispering / barging on the agent's call. */
  monitor: MonitorSessionView | null;
  /** Skill names, to filter the grid by queue. */
  skills: string[];
  levels: { timeInState: Level };
}

/** Where a live call is: in the IVR, waiting in a queue, ringing an agent or connected. */
export type LiveCallPhase = 'ivr' | 'waiting' | 'ringing' | 'connected' | 'held';

export interface WallboardCall {
  callId: string;
  phase: LiveCallPhase;
  ani: string | null;
  dnis: string;
  /** The line's name (DNIS's display name), when known. */
  line: string | null;
  customerId: string | null;
  customerName: string | null;
  /** When the call arrived. */
  startedAt: string;
  queueId: string | null;
  queue: string | null;
  /** When it (last) entered its queue; null before queueing. */
  queuedAt: string | null;
  agentId: string | null;
  extension: string | null;
  /** When the agent answered. */
  answeredAt: string | null;
  /** The IVR nodes the call went through, in order (node ids of the line's flow). */
  ivrPath: string[];
  /** Why this agent, in words the routing decision stored ("longest idle of 3 with sales ≥ 3"). */
  routing: string | null;
  monitor: MonitorSessionView | null;
}

export type MonitorMode = 'listen' | 'whisper' | 'barge';

export interface MonitorSessionView {
  callId: string;
  supervisorUserId: string;
  supervisor: string;
  /** The phone monitoring. */
  extension: string;
  mode: MonitorMode;
  /** Ringing the supervisor's phone, or connected. */
  connected: boolean;
  since: string;
}

export type AlertKind =
  'service_level' | 'long_wait' | 'long_not_ready' | 'long_wrap_up' | 'repeated_rona' | 'stuck_customer';

/** A condition a supervisor should act on; raised once, cleared when it no longer holds. */
export interface SupervisorAlert {
  /** Stable per condition, e.g. `long_wait:<callId>`: a re-raise replaces, a clear removes. */
  id: string;
  kind: AlertKind;
  level: Exclude<Level, 'ok'>;
  raisedAt: string;
  queueId?: string;
  queue?: string;
  agentId?: string;
  extension?: string;
  callId?: string;
  customerId?: string;
  /** For `stuck_customer`: the customer's owner, who is told too. */
  ownerUserId?: string;
  /** The figures the message quotes (`{ serviceLevel: 0.62, target: 0.8 }`, `{ waitedMs }`…). */
  values: Record<string, number | string>;
}

/** Everything the wallboard shows, on connect and from GET /api/supervisor/board. */
export interface SupervisorBoard {
  at: string;
  /** The centre's time zone: "today" and the intervals are in it. */
  timeZone: string;
  queues: WallboardQueue[];
  /** Today's 15-minute intervals per queue id, oldest first. */
  intervals: Record<string, WallboardInterval[]>;
  agents: WallboardAgent[];
  calls: WallboardCall[];
  alerts: SupervisorAlert[];
  teams: string[];
}

/** To the agent's consoles: a supervisor started, switched or stopped whispering/barging. */
export interface MonitorNotice {
  callId: string;
  /** null: nobody is whispering or barging any more (listening is silent and never shown). */
  mode: 'whisper' | 'barge' | null;
  supervisor: string | null;
}

/** To the agent's consoles: a supervisor forced their state (who, and why). */
export interface AgentForcedNotice {
  state: 'not_ready' | 'logged_out';
  reason: string;
  /** The supervisor's display name. */
  supervisor: string;
  at: string;
}

/** The socket events of supervision (room `supervisors`), merged into ServerToClientEvents. */
export interface SupervisionEvents {
  /** On connect (supervisors and admins), and after a day rollover. */
  'supervisor.board': (board: SupervisorBoard) => void;
  'supervisor.queue': (queue: WallboardQueue & { interval: WallboardInterval }) => void;
  'supervisor.agent': (agent: WallboardAgent) => void;
  'supervisor.call': (call: WallboardCall) => void;
  'supervisor.call.gone': (event: { callId: string }) => void;
  'supervisor.alert': (alert: SupervisorAlert) => void;
  'supervisor.alert.cleared': (event: { id: string }) => void;
  /** To the agent (room `agent:<ext>`) only. */
  'monitor.notice': (notice: MonitorNotice) => void;
  /** To the agent (room `agent:<ext>`) only. */
  'agent.forced': (notice: AgentForcedNotice) => void;
}
