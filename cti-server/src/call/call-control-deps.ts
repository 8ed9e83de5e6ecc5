import type { BusinessCalendar } from '@kefu/ivr-flows';
import type { IvrPathEntry, IvrResult } from '@kefu/ivr-flows';
import type { Acd } from '../acd/index.js';
import type {
  Endpoint,
  IncomingRequest,
  ProbeResult,
  SipRequest,
  UdpProbeTarget,
  Uri,
  UserAgentCore,
} from '../sip/index.js';
import type { MediaPlane } from '../rtp/media-plane.js';
import type { Clock } from '../clock/index.js';
import type { CallEventPayload, EndedBy, OutboundRefusedEvent } from '../contract/socket-events.js';
import type { DialRule } from './dial-rules.js';
import type { OutboundPolicySettings } from './outbound-policy.js';

/** Where a dialled number goes (a Line). */
export interface LineRoute {
  lineId: string;
  dnis: string;
  queueId: string | null;
  ivrFlow: string | null;
  /**
   * A line without a flow honours its own calendar (no hours of its own: open all week; its
   * holidays still close it); a closed one plays the closed announcement and ends the call.
   * Unset: always open. A line with a flow leaves hours to the flow's `hours` step.
   */
  calendar?: BusinessCalendar;
  /** The line's language (the closed announcement's). */
  language?: 'zh-CN' | 'en';
}

/** One caller's IVR run on their media leg (an IvrRunner). */
export interface IvrSession {
  start(): Promise<IvrResult>;
  dtmf(digit: string): void;
  /** The plane's onPlayDone for the leg. */
  playDone(playId: string): boolean;
  hangup(): void;
}

export interface IvrLauncher {
  /** The line's flow on the caller's leg, or null when the flow is not loaded (the call is queued). */
  launch(
    call: {
      callId: string;
      sessionId: string;
      legId: string;
      flowId: string;
      lineId: string;
      ani: string;
      dnis: string;
      priority: number;
      /** The caller as call control identified them: the flow's "lookup by ANI" is this customer. */
      customerId: string | null;
    },
    onStep: (entry: IvrPathEntry) => void,
  ): IvrSession | null;
  /** ACD queue id of a queue name used by flows. */
  queueIdOf(name: string): string | undefined;
}

export interface CallerMatch {
  customerId: string | null;
  /** ANI in E.164 when it parsed. */
  e164: string | null;
  vipTier: number;
}

/** One registered contact of an agent, and the connection it registered over (WS/TCP). */
export interface AgentContact {
  uri: Uri;
  flow?: Endpoint;
  /** Registered over WebSocket (a browser): its media is ICE + DTLS-SRTP, not plain RTP. */
  webrtc: boolean;
}

export type TrunkCheck =
  | { kind: 'trunk'; trunkId: string; trunkName: string }
  | { kind: 'challenge'; headers: Array<readonly [string, string]> }
  | { kind: 'forbidden'; reason: string };

// What consoles hear of a call: one definition, the server ↔ console contract's.
export type { CallEventPayload, EndedBy } from '../contract/socket-events.js';

/** Persistence of the call's Interaction row, in call order (implementations serialise per call). */
export interface CallStore {
  open(call: {
    callId: string;
    sipCallId: string;
    ani: string | null;
    dnis: string;
    lineId: string | null;
    queueId: string | null;
    customerId: string | null;
    /** The carrier trunk, or the agent extension that placed the call. */
    trunkName: string;
    /** Default inbound. */
    direction?: 'inbound' | 'outbound' | 'internal';
    /** Calls placed by an agent are theirs from the start. */
    agentId?: string | null;
  }): Promise<void>;
  event(callId: string, type: string, data?: Record<string, unknown>): void;
  /** The call entered a queue (the line's, or the one the IVR chose). */
  queued(callId: string, queueId: string): void;
  answered(callId: string, agentId: string, at: Date): void;
  /** The IVR's result: the path taken (Interaction.ivrPath) and its outcome. */
  ivrDone(callId: string, result: { flowId: string; outcome: unknown; path: IvrPathEntry[] }): void;
  /** The caller asked to be called back: a CallbackRequest the queue's agents work, oldest first. */
  callbackRequested(
    callId: string,
    request: {
      number: string;
      queueId: string | null;
      customerId: string | null;
      source: 'ivr' | 'overflow';
    },
  ): void;
  /** The call's recording file (stereo WAV: caller left, agent right). */
  recorded(callId: string, ref: string): void;
  ended(
    callId: string,
    ended: { endedBy: EndedBy; sipCause: number; at: Date; agentId: string | null },
  ): void;
}

/** Realtime notifications to the agent concerned (socket.io in production). */
export interface CallEvents {
  offered?(extension: string, payload: CallEventPayload): void;
  answered?(extension: string, payload: CallEventPayload): void;
  ended?(extension: string, payload: CallEventPayload & { endedBy: EndedBy; sipCause: number }): void;
  /** To supervisors: an outside number the outbound policy refused. */
  outboundRefused?(event: OutboundRefusedEvent): void;
}

/** Where calls to outside numbers go (an enabled outbound trunk). */
export interface OutboundRoute {
  trunkName: string;
  host: string;
  port: number;
  /** Signalling transport to the carrier (the Trunk row's `transport`). */
  transport: 'udp' | 'tcp' | 'tls';
  /** Digest credentials answering the carrier's 401/407 to our INVITE (RFC 3261 §22.2). */
  username: string | null;
  password: string | null;
  /** Presented caller ID (the trunk's), else the agent's extension. */
  callerId: string | null;
}

/** What the outbound policy applies to one agent dialling out of one trunk, read for that call. */
export interface OutboundPolicyContext {
  /** Agent.mayDialOut (true for an unknown agent: the ACD's login already gates them). */
  mayDialOut: boolean;
  /** The agent's, their team's and the trunk's dial rules. */
  rules: DialRule[];
  /** Outside calls the agent may place per clock hour (null: no cap). */
  agentCallsPerHour: number | null;
  /** Agents' outside calls the trunk may carry per clock hour (null: no cap). */
  trunkCallsPerHour: number | null;
}

/** A refusal as stored for reports (OutboundRefusal rows). */
export interface OutboundRefusalRecord {
  at: Date;
  agentId: string | null;
  extension: string;
  /** As dialled. */
  number: string;
  e164: string | null;
  reason: string;
  kind: 'call' | 'transfer';
  trunkName: string | null;
  ruleId: string | null;
  rulePattern: string | null;
  /** The refused call's own record (kind call), or the call being transferred. */
  callId: string | null;
}

/**
 * The shared side of the outbound policy (the database: every server of a cluster sees the same
 * rules, caps, counts and refusals). Rules and caps are read for each call, so a change made
 * through the API applies to the next call.
 */
export interface OutboundPolicyStore {
  load(query: { agentId: string | undefined; trunkName: string | undefined }): Promise<OutboundPolicyContext>;
  /**
   * Counts one outside call against the agent's and the trunk's caps for the clock hour of `at`
   * (ms), atomically: when one is already reached nothing is counted and it is named.
   */
  count(attempt: {
    agentId: string | undefined;
    agentCap: number | null;
    trunkName: string | undefined;
    trunkCap: number | null;
    at: number;
  }): Promise<'counted' | 'agent_hourly_cap' | 'trunk_hourly_cap'>;
  refused(refusal: OutboundRefusalRecord): Promise<void>;
}

export interface CallControlDeps {
  core: UserAgentCore;
  acd: Acd;
  media: MediaPlane;
  /** Runs lines' IVR flows; without it every line goes straight to its queue. */
  ivr?: IvrLauncher;
  /** Where a voicemail left in `mailbox` is recorded (the IVR's voicemail step). */
  voicemailPath?(callId: string, mailbox: string): string;
  /** Where to record a connected call (a WAV path), or undefined not to record. */
  recordingPath?(callId: string): string | undefined;
  store: CallStore;
  events: CallEvents;
  checkTrunk(source: Endpoint, request: SipRequest): TrunkCheck;
  routeLine(dnisCandidates: string[]): Promise<LineRoute | null>;
  identifyCaller(ani: string | null): Promise<CallerMatch>;
  agentExtension(agentId: string): string | undefined;
  agentIdOf(extension: string): string | undefined;
  contactsOf(extension: string): AgentContact[];
  /**
   * The agent extension whose registered phone sent this request: same connection (WS/TCP/TLS,
   * RFC 5626 flow) or same UDP source address and port as a binding of the From user.
   */
  agentBySource(source: Endpoint, fromUser: string | undefined): string | undefined;
  /**
   * Authenticates an INVITE from `extension`'s phone (digest over UDP; over the connection it
   * registered on it is trusted). Resolves false once it has answered the request (407/403/503).
   * Without it agents' INVITEs are taken on their source alone (unit tests).
   */
  authorizeAgentRequest?(incoming: IncomingRequest, extension: string): Promise<boolean>;
  /** Which outside numbers agents may dial or transfer to (default: home region CN, defaults). */
  outboundPolicy?: OutboundPolicySettings;
  /** Dial rules, hourly caps and stored refusals; without it only `outboundPolicy` applies. */
  outboundStore?: OutboundPolicyStore;
  /** The default outbound trunk (first enabled, by name), or the usable one named `trunkName`. */
  outboundRoute(trunkName?: string): OutboundRoute | undefined;
  /** Host used in the From/To of agent legs. */
  domain: string;
  /** A synthesised prompt's WAV (ivr-flows' catalogue), or undefined when not built (yet). */
  promptPath?(id: string, language: 'zh-CN' | 'en'): string | undefined;
  /** How often an answered caller waiting in a queue hears their place in line (0: never; 30 s). */
  queueAnnounceMs?: number;
  /** A queue's uploaded music on hold (8 kHz mono), or undefined for the built-in music. */
  holdMusic?(queueId: string | null): Int16Array | undefined;
  /** A queue's name (voicemail mailboxes are named after queues). */
  queueName?(queueId: string): string | undefined;
  /** The queue of that name (an agent transferring a caller to a queue). */
  queueIdOf?(name: string): string | undefined;
  /** How long a caller waits for an agent whose phone connection dropped (default 60 s). */
  agentReconnectGraceMs?: number;
  /**
   * Carrier calls in progress at once; the next INVITE is answered 503 with Retry-After before
   * any media is allocated (MAX_INBOUND_CALLS; 0 or unset: no cap).
   */
  maxInboundCalls?: number;
  /** The one clock of the server (calls' timers, the ACD, SIP); the wall clock by default. */
  clock?: Clock;
  /**
   * Is the UDP carrier of a waiting call still there (`probeUdp`)? Unset: never asked, and a
   * UDP carrier gone before the answer is found only at the queue's maximum wait.
   */
  probeCarrier?(target: UdpProbeTarget): Promise<ProbeResult>;
  /** How often waiting calls' UDP carriers are probed (CARRIER_PROBE_SECONDS; default 5 s, 0 = never). */
  carrierProbeMs?: number;
  log(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void;
}
