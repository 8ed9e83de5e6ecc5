import type { Dialog, IncomingRequest, OutgoingRequest } from '../sip/index.js';
import type { CallerMatch, CallEventPayload, IvrSession, LineRoute } from './call-control-deps.js';
import type { CallIdentity } from './call-identity.js';
import type { CallMedia } from './call-media.js';
import type { Clock } from '../clock/index.js';
import { CallLifecycle, type CallPhase, type CallLifecycleInput } from './call-lifecycle.js';

/**
 * One inbound call through the B2BUA. Its lifecycle (routing → ivr → queued → connected → ended,
 * with reconnecting, overflow and voicemail) is the guarded machine in `call-lifecycle.ts`.
 *
 * Media is anchored on the server from the first moment: the carrier's offer is answered by the
 * media plane (leg "caller"), each agent phone gets the plane's own offer (legs "agent-N").
 */
export type InboundCallState = CallPhase;

/** The agent a call is connected to. */
export interface ConnectedAgent {
  agentId: string;
  extension: string;
  dialog: Dialog;
  mediaLegId: string;
  /** Given the call by a transfer (held out of routing by hand until it ends). */
  transferred?: boolean;
}

/** How the call was queued (kept to queue it again when its agent does not come back). */
export interface QueueArrival {
  queueId: string;
  priority: number;
  extraSkills?: string[];
  language?: string;
}

/** A ringing offer to one agent: one INVITE per registered contact (parallel fork). */
export interface AgentOffer {
  agentId: string;
  extension: string;
  /** One INVITE per contact, each with its own media leg. */
  legs: Array<{ request: OutgoingRequest; mediaLegId: string }>;
  /** Contacts still being prepared (their media offer is being made). */
  preparing: number;
  failed: number;
  ringing: boolean;
}

export const CALLER_LEG = 'caller';

interface Deferred {
  promise: Promise<void>;
  settled: boolean;
  resolve(): void;
  reject(err: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting (a caller queued straight to agents): never an unhandled rejection.
  promise.catch(() => {});
  const d: Deferred = {
    promise,
    settled: false,
    resolve: () => {
      d.settled = true;
      resolve();
    },
    reject: (err) => {
      d.settled = true;
      reject(err);
    },
  };
  return d;
}

export class InboundCall {
  /** The call's state machine: `lifecycle.send()` is the one way to change `state`. */
  readonly lifecycle: CallLifecycle;
  route?: LineRoute;
  caller?: CallerMatch;
  offer?: AgentOffer;
  /** The connected agent leg (while `reconnecting`: the agent whose phone is coming back). */
  agent?: ConnectedAgent;
  /** The last queue the call entered. */
  arrival?: QueueArrival;
  /** 180 already relayed to the carrier. */
  ringbackSent = false;
  /** The Interaction row exists (store.open resolved). */
  stored = false;
  /** The call's media session; set once the carrier's offer is anchored. */
  media?: CallMedia;
  /**
   * Our SDP in the 200 to the carrier: the answer to its offer, or — for an offerless INVITE
   * (late offer, RFC 3261 §13.2.1) — our offer, answered in its ACK.
   */
  carrierSdp?: string;
  /** Settles once the carrier's media is known: at once for an early offer, at the ACK otherwise. */
  readonly carrierMedia: Deferred = deferred();
  /** The IVR running on the caller's leg. */
  ivr?: IvrSession;
  /** The IVR steps the caller has left, in order (the live path; the record gets it at the end). */
  readonly ivrPath: string[] = [];
  /** A prompt played by call control itself (not the IVR), awaited until the plane says done. */
  announcement?: { playId: string; done(): void };
  private legCount = 0;

  constructor(
    readonly id: string,
    readonly carrier: IncomingRequest,
    readonly identity: CallIdentity,
    readonly trunkName: string,
    machine: {
      input: CallLifecycleInput;
      clock: Clock;
      onRefused(from: CallPhase, event: string): void;
    },
  ) {
    this.lifecycle = new CallLifecycle(machine.input, machine.clock, machine.onRefused);
  }

  get state(): InboundCallState {
    return this.lifecycle.phase;
  }

  /** The agent put the caller on hold (re-INVITE sendonly/inactive). */
  get onHold(): boolean {
    return this.lifecycle.held;
  }

  nextLegId(): string {
    return `agent-${++this.legCount}`;
  }

  /** A getter, not a field test: state changes while routing awaits the database. */
  get ended(): boolean {
    return this.state === 'ended';
  }

  /** The carrier sent an INVITE without SDP: our 200 offers, its ACK answers. */
  get lateOffer(): boolean {
    return !this.carrier.request.body.trim();
  }

  get sipCallId(): string {
    return this.carrier.request.callId;
  }

  get carrierDialog(): Dialog | undefined {
    return this.carrier.dialog;
  }

  get dnis(): string {
    return this.route?.dnis ?? this.identity.dnisCandidates[0] ?? '';
  }

  payload(): CallEventPayload {
    return {
      callId: this.id,
      ani: this.caller?.e164 ?? this.identity.ani,
      dnis: this.dnis,
      customerId: this.caller?.customerId ?? null,
      queueId: this.route?.queueId ?? null,
    };
  }
}
