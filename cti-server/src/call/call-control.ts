import { systemClock, type Clock } from '../clock/index.js';
import type { Dialog, IncomingRequest, SipRequest, UserAgentCoreDelegate } from '../sip/index.js';
import { AcdLink } from './acd-link.js';
import { AgentCalls, fromUser } from './agent-calls.js';
import { AgentOffers } from './agent-offers.js';
import { AgentReconnects } from './agent-reconnect.js';
import { CallAdmission } from './call-admission.js';
import { CarrierProbes } from './carrier-probes.js';
import type { CallControlDeps } from './call-control-deps.js';
import { CallLegs } from './call-legs.js';
import { CallRegistry } from './call-registry.js';
import { CallTransfers } from './call-transfers.js';
import { CallerAnnouncements } from './caller-announcements.js';
import { CallerQueue } from './caller-queue.js';
import { InDialogRequests } from './in-dialog-requests.js';
import { CALLER_LEG, type InboundCall } from './inbound-call.js';
import { SelfService } from './self-service.js';
import { SupervisorMonitors } from './supervisor-monitor.js';

export type CallControlCoreDelegate = Required<
  Pick<
    UserAgentCoreDelegate,
    | 'onInvite'
    | 'onCancel'
    | 'onBye'
    | 'onReinvite'
    | 'onInfo'
    | 'onRefer'
    | 'onUpdate'
    | 'onAck'
    | 'onAckTimeout'
    | 'onSessionExpired'
  >
>;

/**
 * Call control: a back-to-back user agent between carrier trunks and agents' phones. It is the
 * UA core's delegate (requests in), the ACD's call layer (offers out) and the media plane's
 * delegate (DTMF, prompt ends, media timeouts), and hands each to the module that owns it:
 *
 * - `call-admission.ts`: a carrier's INVITE becoming a call (trunk, media, line, caller, record);
 * - `self-service.ts`: the IVR and its outcomes, a queue's overflow to voicemail or call-back;
 * - `caller-queue.ts`: callers waiting in (and going back to) queues;
 * - `agent-offers.ts`: the ACD's offer ringing an agent's phones;
 * - `call-legs.ts`: the carrier and agent sides, and the end of a call;
 * - `in-dialog-requests.ts`: BYE, ACK, re-INVITE, UPDATE, INFO, REFER;
 * - `call-transfers.ts`, `agent-reconnect.ts`, `agent-calls.ts`, `supervisor-monitor.ts`.
 *
 * Each call's state lives in its machine (`call-lifecycle.ts`); the modules that follow a call
 * (the ACD link, offers, reconnects, monitoring, announcements) listen to it.
 */
export class CallControl {
  /** Supervisors listening in / whispering / barging. */
  readonly monitors: SupervisorMonitors;
  /** Calls agents' phones place (internal, consult, outbound). */
  readonly agentCalls: AgentCalls;
  private readonly registry = new CallRegistry();
  private readonly admission: CallAdmission;
  private readonly offers: AgentOffers;
  private readonly selfService: SelfService;
  private readonly inDialog: InDialogRequests;
  private readonly reconnects: AgentReconnects;
  /** Waiting calls' UDP carriers, probed (unset without `deps.probeCarrier`). */
  readonly carriers: CarrierProbes | undefined;
  private readonly acd: AcdLink;
  private readonly legs: CallLegs;
  private readonly clock: Clock;
  /** Set by `drain()`: new INVITEs are refused with 503 and this Retry-After. */
  private draining?: { retryAfterSeconds: number };

  constructor(private readonly deps: CallControlDeps) {
    const clock: Clock = deps.clock ?? systemClock;
    const acd = new AcdLink(deps.acd, deps.log);
    const legs = new CallLegs(deps, this.registry, acd);
    this.clock = clock;
    this.acd = acd;
    this.legs = legs;
    const announcements = new CallerAnnouncements(deps, deps.queueAnnounceMs ?? 30_000, clock);
    const queue = new CallerQueue(deps, acd, legs, announcements);
    this.monitors = new SupervisorMonitors(deps);
    this.agentCalls = new AgentCalls(deps, this.registry);
    this.offers = new AgentOffers(deps, this.registry, legs, queue, acd);
    this.reconnects = new AgentReconnects(deps, legs, queue, deps.agentReconnectGraceMs ?? 60_000, () =>
      clock.now(),
    );
    const transfers = new CallTransfers(deps, legs, queue, this.agentCalls, this.monitors);
    this.selfService = new SelfService(deps, legs, queue, transfers, announcements);
    const { probeCarrier } = deps;
    this.carriers = probeCarrier
      ? new CarrierProbes({ ...deps, probeCarrier }, legs, clock, deps.carrierProbeMs ?? 5000)
      : undefined;
    this.admission = new CallAdmission(deps, clock, this.registry, legs, queue, this.selfService, {
      acd,
      offers: this.offers,
      reconnects: this.reconnects,
      ...(this.carriers && { carriers: this.carriers }),
    });
    this.inDialog = new InDialogRequests(
      deps,
      this.registry,
      legs,
      this.monitors,
      this.agentCalls,
      transfers,
    );
    deps.media.setDelegate({
      onDtmf: ({ sessionId, legId, digit, source }) => {
        const call = this.registry.get(sessionId);
        if (!call) return;
        if (call.stored) deps.store.event(call.id, 'dtmf', { leg: legId, digit, source });
        if (legId === CALLER_LEG) call.ivr?.dtmf(digit);
      },
      onPlayDone: ({ sessionId, playId }) => {
        const call = this.registry.get(sessionId);
        if (call?.announcement?.playId === playId) call.announcement.done();
        else call?.ivr?.playDone(playId);
      },
      onMediaTimeout: ({ sessionId, legId }) => {
        const call = this.registry.get(sessionId);
        if (!call) return;
        deps.log('warn', 'no RTP: call torn down', { callId: call.id, leg: legId });
        if (call.stored) deps.store.event(call.id, 'media_timeout', { leg: legId });
        if (call.carrier.pending) legs.fail(call, 408, 'system', 'Media Timeout');
        else legs.hangUp(call, 'system', 408);
      },
    });
  }

  get activeCalls(): IterableIterator<InboundCall> {
    return this.registry.all();
  }

  call(callId: string): InboundCall | undefined {
    return this.registry.get(callId);
  }

  /** Every new inbound call, as it is admitted (for the supervisors' live calls). */
  onCall(listener: (call: InboundCall) => void): () => void {
    return this.registry.onAdded(listener);
  }

  /** The customer call an agent is on (or is coming back to after losing their phone). */
  callOfAgent(extension: string): InboundCall | undefined {
    return this.registry.callOfAgent(extension);
  }

  // ── the UA core's delegate ─────────────────────────────────────────────────────────────

  /** The UA core's callbacks that are call control's (the composition adds REGISTER and flows). */
  coreDelegate(): CallControlCoreDelegate {
    return {
      onInvite: (incoming) => this.onInvite(incoming),
      onCancel: (invite) => this.onCancel(invite),
      onBye: (request, dialog) => this.onBye(request, dialog),
      onReinvite: (request, dialog) => this.onReinvite(request, dialog),
      onInfo: (request, dialog) => this.onInfo(request, dialog),
      onRefer: (request, dialog) => this.onRefer(request, dialog),
      onUpdate: (request, dialog) => this.onUpdate(request, dialog),
      onAck: (ack, dialog) => this.onAck(ack, dialog),
      onAckTimeout: (dialog) => this.onAckTimeout(dialog),
      // The core has sent BYE on a dialog whose session was not refreshed (RFC 4028 §10).
      onSessionExpired: (dialog) => this.onAckTimeout(dialog),
    };
  }

  /** A new INVITE: an agent's own phone dialling, else a carrier's call. */
  onInvite(incoming: IncomingRequest): void {
    if (this.draining) {
      refuseWhileDraining(incoming, this.draining.retryAfterSeconds);
      return;
    }
    // Checked first: demo trunks may share the agents' address range.
    const agent = this.deps.agentBySource(incoming.source, fromUser(incoming.request.headers.get('From')));
    if (agent) this.agentCalls.start(incoming, agent);
    else this.admission.admit(incoming);
  }

  /** The caller CANCELled before we answered (the core has already sent 487). */
  onCancel(invite: IncomingRequest): void {
    if (!this.agentCalls.onCancel(invite)) this.admission.cancelled(invite);
  }

  onBye(request: IncomingRequest, dialog: Dialog): void {
    this.inDialog.onBye(request, dialog);
  }

  onAck(ack: SipRequest, dialog: Dialog): void {
    this.inDialog.onAck(ack, dialog);
  }

  onAckTimeout(dialog: Dialog): void {
    this.inDialog.onAckTimeout(dialog);
  }

  onReinvite(request: IncomingRequest, dialog: Dialog): void {
    this.inDialog.onReinvite(request, dialog);
  }

  onUpdate(request: IncomingRequest, dialog: Dialog): void {
    this.inDialog.onUpdate(request, dialog);
  }

  onInfo(request: IncomingRequest, dialog: Dialog): void {
    this.inDialog.onInfo(request, dialog);
  }

  onRefer(request: IncomingRequest, dialog: Dialog): void {
    this.inDialog.onRefer(request, dialog);
  }

  // ── the ACD's call layer (`Acd.connectCalls`) ──────────────────────────────────────────

  /** Ring the chosen agent on every registered contact. */
  offer(callId: string, agentId: string): void {
    const call = this.registry.get(callId);
    if (call?.state === 'queued') this.offers.ring(call, agentId);
    else if (!call) {
      // Never expected (a call leaves the ACD as it ends): an agent must not be held for it.
      this.deps.log('warn', 'ACD offered a call that is over: abandoned', { callId, agentId });
      this.acd.defer((acd) => acd.abandon(callId));
    }
  }

  /** The ACD took the offer back (ring-no-answer timeout, agent logged out…). */
  withdrawOffer(callId: string, agentId: string, reason: string | null): void {
    const call = this.registry.get(callId);
    if (call) this.offers.withdraw(call, agentId, reason);
  }

  /** The queue's maximum wait passed: voicemail or a call-back request. */
  overflow(callId: string, target: string): void {
    const call = this.registry.get(callId);
    if (call) this.selfService.overflow(call, target);
  }

  /** A supervisor moved the waiting call to another queue: its record and a later requeue follow. */
  moved(callId: string, queueId: string): void {
    const call = this.registry.get(callId);
    if (!call) return;
    if (call.arrival) call.arrival = { ...call.arrival, queueId };
    this.deps.store.queued(call.id, queueId);
  }

  // ── agents' phones coming and going ───────────────────────────────────────────────────

  /** A WebSocket/TCP connection closed: an agent on a call over it gets a grace period. */
  onConnectionClosed(connectionId: string): void {
    this.admission.carrierConnectionClosed(connectionId);
    for (const call of this.registry.all())
      if (call.state === 'connected' && call.agent?.dialog.flow?.connectionId === connectionId)
        this.reconnects.lost(call);
  }

  /** An agent's phone registered (again): a call waiting for it is called back. */
  onAgentRegistered(extension: string): void {
    this.reconnects.registered(extension);
  }

  // ── shutting down ─────────────────────────────────────────────────────────────────────

  /** No inbound call and no dialog (an agent's own call, a consult) is left. */
  /** True once `drain()` has begun: new INVITEs are refused (the readiness probe reports it). */
  get isDraining(): boolean {
    return this.draining !== undefined;
  }

  get idle(): boolean {
    return this.registry.size === 0 && this.deps.core.dialogs.size === 0;
  }

  /**
   * Stops taking calls and lets those in progress finish for up to `graceMs`, then ends the rest
   * (`endAll`). New INVITEs get 503 with Retry-After: the server is going away for a while
   * (https://www.rfc-editor.org/rfc/rfc3261#section-21.5.4); REGISTER and in-dialog requests
   * are still answered. Resolves once no call is left.
   */
  async drain(graceMs: number, retryAfterSeconds: number): Promise<void> {
    this.draining = { retryAfterSeconds };
    const deadline = this.clock.now() + graceMs;
    while (!this.idle && this.clock.now() < deadline) await this.sleep(100);
    if (this.idle) return;
    this.endAll(503);
    // Time for the BYEs and CANCELs to reach the other ends (and their 200s to come back).
    await this.sleep(1000);
  }

  /**
   * Ends every call now (a shutdown): connected calls get BYE on both legs, a carrier not yet
   * answered gets `sipCause` (503 + Retry-After while draining), ringing agents' phones CANCEL;
   * records close with endedBy 'system'.
   * Dialogs that are no customer call's (an agent's own call) get BYE.
   */
  endAll(sipCause: number): void {
    for (const call of [...this.registry.all()]) {
      if (call.stored) this.deps.store.event(call.id, 'shutdown', { sipCause });
      // A caller not answered yet may try again later, or elsewhere.
      if (this.draining && call.carrier.pending)
        refuseWhileDraining(call.carrier, this.draining.retryAfterSeconds);
      this.legs.hangUp(call, 'system', sipCause);
    }
    for (const dialog of [...this.deps.core.dialogs.values()])
      if (dialog.state === 'confirmed') this.deps.core.bye(dialog);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }
}

/** 503 Service Unavailable with Retry-After (RFC 3261 §20.33): try again, maybe elsewhere. */
function refuseWhileDraining(incoming: IncomingRequest, retryAfterSeconds: number): void {
  incoming.respond(503, {
    reason: 'Service Unavailable',
    headers: [['Retry-After', String(retryAfterSeconds)]],
  });
}
