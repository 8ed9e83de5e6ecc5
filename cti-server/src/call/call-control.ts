import { randomUUID } from 'node:crypto';
import type { IvrResult } from '@kefu/ivr-flows';
import { callPriority } from '../acd/index.js';
import type { Dialog, IncomingRequest, SipRequest } from '../sip/index.js';
import type { CallControlDeps, EndedBy, IvrSession } from './call-control-deps.js';
import { callIdentity } from './call-identity.js';
import { CallMedia } from './call-media.js';
import { holdMusic } from './hold-music.js';
import { SupervisorMonitors } from './supervisor-monitor.js';
import { AgentReconnects } from './agent-reconnect.js';
import { AgentCalls, fromUser } from './agent-calls.js';
import { CallTransfers } from './call-transfers.js';
import { AgentOffers } from './agent-offers.js';
import { CallerAnnouncements } from './caller-announcements.js';
import { CALLER_LEG, InboundCall, type ConnectedAgent, type QueueArrival } from './inbound-call.js';
import { UnacceptableSdpError } from './sdp-media.js';

type Side = 'carrier' | 'agent';
const VOICEMAIL_MAX_MS = 120_000;
const SDP = 'application/sdp';

/**
 * Call control: a back-to-back user agent between carrier trunks and agents' phones. It sits on
 * the UA core's delegate (requests in) and the ACD's delegate (offers out), and is the only
 * module that joins signalling, routing, media and the call record.
 */
export class CallControl {
  private readonly calls = new Map<string, InboundCall>();
  private readonly byCarrierInvite = new WeakMap<IncomingRequest, InboundCall>();
  private readonly byDialog = new Map<string, { call: InboundCall; side: Side }>();

  /** Supervisors listening in / whispering / barging. */
  readonly monitors: SupervisorMonitors;
  /** Calls agents' phones place (internal, consult, outbound). */
  readonly agentCalls: AgentCalls;
  /** Callers held while their agent's phone reconnects (console reload, network blip). */
  private readonly reconnects: AgentReconnects;
  /** Blind, attended and conference hand-overs of connected calls. */
  private readonly transfers: CallTransfers;
  /** Queued calls ringing an agent's phones. */
  private readonly offers: AgentOffers;
  /** Prompts the server plays itself: queue position, overflow. */
  private readonly announcements: CallerAnnouncements;

  constructor(private readonly deps: CallControlDeps) {
    this.monitors = new SupervisorMonitors(deps);
    this.agentCalls = new AgentCalls(
      deps,
      (extension) => {
        for (const call of this.calls.values())
          if (call.state === 'connected' && call.agent?.extension === extension) return call;
        return undefined;
      },
      (call, consult) => this.transfers.handOver(call, consult, 'conference'),
    );
    this.announcements = new CallerAnnouncements(deps, deps.queueAnnounceMs ?? 30_000);
    this.offers = new AgentOffers(deps, {
      bindAgentDialog: (call, dialog) => this.byDialog.set(dialog.id, { call, side: 'agent' }),
      unbindAgentDialog: (dialog) => this.byDialog.delete(dialog.id),
      answerCarrier: (call) => this.answerCarrier(call),
      deferAcd: (fn) => this.deferAcd(fn),
      requeue: (call) => this.requeue(call),
    });
    this.transfers = new CallTransfers(deps, {
      agentCalls: this.agentCalls,
      monitors: this.monitors,
      replaceAgent: (call, next) => this.replaceAgent(call, next),
      requeue: (call, queueId) => this.requeueTo(call, queueId),
    });
    this.reconnects = new AgentReconnects(
      deps,
      {
        detachAgent: (call) => this.detachAgent(call),
        attachAgent: (call, agent) => {
          call.agent = agent;
          call.state = 'connected';
          this.byDialog.set(agent.dialog.id, { call, side: 'agent' });
        },
        requeue: (call) => this.requeue(call),
      },
      deps.agentReconnectGraceMs ?? 60_000,
    );
    deps.media.setDelegate({
      onDtmf: ({ sessionId, legId, digit, source }) => {
        const call = this.calls.get(sessionId);
        if (!call) return;
        if (call.stored) deps.store.event(call.id, 'dtmf', { leg: legId, digit, source });
        if (legId === CALLER_LEG) call.ivr?.dtmf(digit);
      },
      onPlayDone: ({ sessionId, playId }) => {
        const call = this.calls.get(sessionId);
        if (call?.announcement?.playId === playId) call.announcement.done();
        else call?.ivr?.playDone(playId);
      },
      onMediaTimeout: ({ sessionId, legId }) => {
        const call = this.calls.get(sessionId);
        if (!call) return;
        deps.log('warn', 'no RTP: call torn down', { callId: call.id, leg: legId });
        if (call.stored) deps.store.event(call.id, 'media_timeout', { leg: legId });
        if (call.carrier.pending) this.fail(call, 408, 'system', 'Media Timeout');
        else this.hangUp(call, 'system', 408);
      },
    });
  }

  get activeCalls(): IterableIterator<InboundCall> {
    return this.calls.values();
  }

  call(callId: string): InboundCall | undefined {
    return this.calls.get(callId);
  }

  /** The customer call an agent is on (or is coming back to after losing their phone). */
  callOfAgent(extension: string): InboundCall | undefined {
    for (const call of this.calls.values())
      if (
        (call.state === 'connected' || call.state === 'reconnecting') &&
        call.agent?.extension === extension
      )
        return call;
    return undefined;
  }

  // ── requests from the carrier side ─────────────────────────────────────────────────────

  /** A new INVITE: trunk check, identity, line, caller lookup, record, queue. */
  onInvite(incoming: IncomingRequest): void {
    const { deps } = this;
    // An agent's own phone dialling (checked first: demo trunks may share its address range).
    const agent = deps.agentBySource(incoming.source, fromUser(incoming.request.headers.get('From')));
    if (agent) {
      this.agentCalls.start(incoming, agent);
      return;
    }
    const trunk = deps.checkTrunk(incoming.source, incoming.request);
    if (trunk.kind === 'forbidden') {
      deps.log('warn', 'INVITE refused: unknown source (toll-fraud guard)', {
        source: `${incoming.source.address}:${incoming.source.port}`,
        reason: trunk.reason,
        ruri: incoming.request.uri,
      });
      incoming.respond(403, { reason: 'Forbidden' });
      return;
    }
    if (trunk.kind === 'challenge') {
      incoming.respond(407, { headers: trunk.headers });
      return;
    }
    const call = new InboundCall(randomUUID(), incoming, callIdentity(incoming.request), trunk.trunkName);
    this.calls.set(call.id, call);
    this.byCarrierInvite.set(incoming, call);
    void this.startCall(call).catch((err: unknown) => {
      deps.log('error', 'routing a call failed', { callId: call.id, err: String(err) });
      this.fail(call, 500, 'system');
    });
  }

  /** Anchors the carrier's media on the plane, then routes. */
  private async startCall(call: InboundCall): Promise<void> {
    const { deps } = this;
    try {
      call.media = await CallMedia.open(deps.media, call.id);
      // Media meets the carrier on the address its INVITE arrived on.
      const carrierSide = deps.core.localAddressFor(call.carrier.source);
      if (call.lateOffer) {
        // Offerless INVITE: our 200 carries the offer, the ACK the answer (RFC 3261 §13.2.1).
        call.carrierSdp = await call.media.makeOffer(CALLER_LEG, 'RTP/AVP', 'caller', carrierSide);
      } else {
        // Refuse an unusable offer at once, before the caller is queued (RFC 3261 §13.3.1.1).
        call.carrierSdp = await call.media.answerOffer(
          CALLER_LEG,
          call.carrier.request.body,
          'caller',
          carrierSide,
        );
        call.carrierMedia.resolve();
      }
    } catch (err) {
      if (!(err instanceof UnacceptableSdpError)) throw err;
      deps.log('info', 'INVITE refused: unacceptable SDP', { reason: err.message });
      this.fail(call, 488, 'system', 'Not Acceptable Here');
      return;
    }
    if (call.ended) return;
    await this.routeCall(call);
  }

  private async routeCall(call: InboundCall): Promise<void> {
    const { deps } = this;
    const route = await deps.routeLine(call.identity.dnisCandidates);
    if (call.ended) return;
    if (!route || !route.queueId) {
      deps.log('info', 'INVITE for a number that is no line', { dnis: call.identity.dnisCandidates });
      this.fail(call, 404, 'system', route ? 'No Queue For Line' : 'Unknown Number');
      return;
    }
    call.route = route;
    call.caller = await deps.identifyCaller(call.identity.ani);
    if (call.ended) return;
    await deps.store.open({
      callId: call.id,
      sipCallId: call.sipCallId,
      ani: call.caller.e164 ?? call.identity.ani,
      dnis: route.dnis,
      lineId: route.lineId,
      queueId: route.queueId,
      customerId: call.caller.customerId,
      trunkName: call.trunkName,
    });
    call.stored = true;
    if (call.ended) {
      // CANCELled while the record was being written.
      deps.store.ended(call.id, { endedBy: 'caller', sipCause: 487, at: new Date(), agentId: null });
      return;
    }
    const priority = callPriority({ vipTier: call.caller.vipTier });
    if (route.ivrFlow && deps.ivr) {
      const ivr = deps.ivr.launch(
        {
          callId: call.id,
          sessionId: call.media!.sessionId,
          legId: CALLER_LEG,
          flowId: route.ivrFlow,
          lineId: route.lineId,
          ani: call.caller.e164 ?? call.identity.ani ?? '',
          dnis: route.dnis,
          priority,
        },
        (entry) => deps.store.event(call.id, 'ivr_step', { ...entry }),
      );
      if (ivr) {
        await this.runIvr(call, ivr);
        return;
      }
      deps.store.event(call.id, 'ivr_skipped', { flow: route.ivrFlow, why: 'flow not loaded' });
    }
    this.sendRingback(call);
    this.enqueue(call, { queueId: route.queueId, priority });
  }

  private enqueue(call: InboundCall, arrival: QueueArrival): void {
    call.state = 'queued';
    call.arrival = arrival;
    this.deps.store.queued(call.id, arrival.queueId);
    // An answered caller (after the IVR) waits with music and hears their place in line; an
    // unanswered one hears ringback.
    if (!call.carrier.pending && call.media) {
      call.media
        .hold(CALLER_LEG, holdMusic())
        .catch((err: unknown) =>
          this.deps.log('warn', 'hold music failed', { callId: call.id, err: String(err) }),
        );
      this.announcements.queued(call);
    }
    this.deps.acd.enqueue({
      callId: call.id,
      queueId: arrival.queueId,
      priority: arrival.priority,
      ...(arrival.extraSkills?.length && {
        extraSkills: arrival.extraSkills.map((skill) => ({ skill, minProficiency: 1 })),
      }),
      // The IVR speaks "zh-CN"/"en"; agents' language skills are named by the language alone.
      ...(arrival.language && { language: arrival.language.split('-')[0]!.toLowerCase() }),
    });
  }

  /** Answers the carrier and runs the line's flow on the caller's leg; its outcome decides. */
  private async runIvr(call: InboundCall, ivr: IvrSession): Promise<void> {
    const { deps } = this;
    call.state = 'ivr';
    call.ivr = ivr;
    this.answerCarrier(call);
    try {
      // A late-offer caller's address is known only from its ACK: prompts wait for it.
      await call.carrierMedia.promise;
    } catch {
      return;
    }
    if (call.ended) return;
    deps.store.event(call.id, 'ivr_started', { flow: call.route?.ivrFlow });
    let result: IvrResult;
    try {
      result = await ivr.start();
    } catch (err) {
      // A flow that breaks must not strand the caller: they go to the line's queue.
      call.ivr = undefined;
      deps.log('error', 'IVR flow failed; caller sent to the line queue', {
        callId: call.id,
        err: String(err),
      });
      deps.store.event(call.id, 'ivr_failed', { error: String(err) });
      if (!call.ended && call.route?.queueId)
        this.enqueue(call, {
          queueId: call.route.queueId,
          priority: callPriority({ vipTier: call.caller?.vipTier ?? 0 }),
        });
      return;
    }
    call.ivr = undefined;
    deps.store.ivrDone(call.id, { flowId: result.flowId, outcome: result.outcome, path: result.path });
    if (call.ended) return;
    const outcome = result.outcome;
    if (outcome.kind === 'queue') {
      const queueId = deps.ivr?.queueIdOf(outcome.queue);
      if (queueId) {
        this.enqueue(call, {
          queueId,
          priority: outcome.priority,
          extraSkills: outcome.skills,
          language: outcome.language,
        });
        return;
      }
      deps.log('error', 'IVR chose a queue the ACD does not know', { callId: call.id, queue: outcome.queue });
    } else if (outcome.kind === 'abandoned') {
      this.hangUp(call, 'caller', 200);
      return;
    } else if (outcome.kind === 'voicemail' && deps.voicemailPath) {
      this.takeVoicemail(call, outcome.mailbox, deps.voicemailPath(call.id, outcome.mailbox));
      return;
    } else if (outcome.kind === 'transfer') {
      // Out of the flow's trunk (else the default outbound one): the caller hears music on hold
      // while it rings and is bridged on answer; a failure ends the call.
      const failed = await this.transfers.toNumber(
        call,
        outcome.number,
        undefined,
        outcome.trunk ?? undefined,
      );
      if (failed !== undefined) this.hangUp(call, 'system', failed);
      return;
    } else if (outcome.kind === 'callback') {
      // Agents of the queue see it in their console's callback list and dial it from there.
      deps.store.callbackRequested(call.id, {
        // The caller's number (the flow asks for a call back to it), in E.164 when it parsed.
        number: call.caller?.e164 ?? outcome.number,
        queueId: deps.queueIdOf?.(outcome.queue) ?? null,
        customerId: call.caller?.customerId ?? null,
        source: 'ivr',
      });
    }
    // hang-up ends the call here.
    this.hangUp(call, 'system', 200);
  }

  /** The caller leaves a message after the flow's beep: their leg is recorded until they hang up. */
  private takeVoicemail(call: InboundCall, mailbox: string, path: string): void {
    const { deps } = this;
    call.media
      ?.record({ path, callerLegId: CALLER_LEG, agentLegId: CALLER_LEG })
      .then(() => {
        deps.store.recorded(call.id, path);
        deps.store.event(call.id, 'voicemail', { mailbox, path });
      })
      .catch((err: unknown) => {
        deps.log('warn', 'voicemail not recorded', { callId: call.id, err: String(err) });
        this.hangUp(call, 'system', 500);
      });
    // A message is at most VOICEMAIL_MAX_MS long; the caller usually hangs up first.
    setTimeout(() => this.hangUp(call, 'system', 200), VOICEMAIL_MAX_MS).unref();
  }

  /** 200 OK to the carrier with the plane's answer (once). */
  private answerCarrier(call: InboundCall): void {
    if (!call.carrier.pending) return;
    call.carrier.respond(200, { body: call.carrierSdp!, contentType: SDP });
    const carrierDialog = call.carrierDialog;
    if (carrierDialog) this.byDialog.set(carrierDialog.id, { call, side: 'carrier' });
  }

  /** The carrier CANCELled before we answered (the core has already sent 487). */
  onCancel(invite: IncomingRequest): void {
    if (this.agentCalls.onCancel(invite)) return;
    const call = this.byCarrierInvite.get(invite);
    if (!call || call.state === 'ended') return;
    this.offers.endOnConsole(call, 'caller', 487);
    this.offers.cancel(call);
    if (call.state === 'queued') this.deferAcd(() => this.deps.acd.abandon(call.id));
    this.finish(call, 'caller', 487);
  }

  // ── offers from the ACD ────────────────────────────────────────────────────────────────

  /** ACD delegate `onOffer`: ring the chosen agent on every registered contact. */
  offer(callId: string, agentId: string): void {
    const call = this.calls.get(callId);
    if (call?.state === 'queued') this.offers.ring(call, agentId);
  }

  /** ACD delegate `onOfferWithdrawn` (ring-no-answer timeout, agent logged out…). */
  withdrawOffer(callId: string, agentId: string, reason: string | null): void {
    const call = this.calls.get(callId);
    if (call) this.offers.withdraw(call, agentId, reason);
  }

  /**
   * ACD delegate `onOverflow` (waited the queue's max wait; an overflow *queue* is the ACD's own
   * business): the caller leaves a voicemail in the queue's mailbox, or a call-back request is
   * taken, with the prompt in the language they were queued in.
   */
  overflow(callId: string, target: string): void {
    const call = this.calls.get(callId);
    if (!call || call.state !== 'queued') return;
    this.deps.store.event(call.id, 'overflow', { target });
    // The ACD has already let go of the call: the server looks after the caller from here.
    this.offers.cancel(call);
    call.state = 'ivr';
    void this.overflowTo(call, target).catch((err: unknown) => {
      this.deps.log('warn', 'queue overflow failed', { callId: call.id, err: String(err) });
      if (call.carrier.pending) this.fail(call, 480, 'system', 'No Agent Available');
      else this.hangUp(call, 'system', 480);
    });
  }

  private async overflowTo(call: InboundCall, target: string): Promise<void> {
    const { deps } = this;
    const voicemail = target === 'voicemail' && deps.voicemailPath;
    if (!voicemail && target !== 'callback') throw new Error(`no overflow to ${target}`);
    this.answerCarrier(call);
    await call.carrierMedia.promise;
    const language = call.arrival?.language === 'en' ? 'en' : 'zh-CN';
    const queueId = call.arrival?.queueId ?? call.route?.queueId ?? null;
    if (voicemail) {
      await this.announcements.play(call, ['voicemail_beep'], language);
      if (call.ended) return;
      const mailbox = (queueId && deps.queueName?.(queueId)) || 'overflow';
      this.takeVoicemail(call, mailbox, voicemail(call.id, mailbox));
      return;
    }
    deps.store.callbackRequested(call.id, {
      number: call.caller?.e164 ?? call.identity.ani ?? '',
      queueId,
      customerId: call.caller?.customerId ?? null,
      source: 'overflow',
    });
    await this.announcements.play(call, ['callback_confirmed'], language);
    this.hangUp(call, 'system', 200);
  }

  // ── in-dialog requests (either side) ───────────────────────────────────────────────────

  /** BYE on one leg (the core has answered 200): hang up the other and close the record. */
  onBye(_request: IncomingRequest, dialog: Dialog): void {
    if (this.monitors.onBye(dialog) || this.agentCalls.onBye(dialog)) return;
    const leg = this.byDialog.get(dialog.id);
    if (!leg) return;
    this.hangUp(leg.call, leg.side === 'carrier' ? 'caller' : 'agent', 200);
  }

  /** The carrier's ACK: for a late-offer call it carries the answer to the offer in our 200. */
  onAck(ack: SipRequest, dialog: Dialog): void {
    const leg = this.byDialog.get(dialog.id);
    const call = leg?.side === 'carrier' ? leg.call : undefined;
    if (!call?.media || !call.lateOffer || call.carrierMedia.settled) return;
    void this.acceptCarrierAnswer(call, ack.body);
  }

  private async acceptCarrierAnswer(call: InboundCall, answer: string): Promise<void> {
    try {
      if (!answer.trim()) throw new UnacceptableSdpError('the ACK carried no SDP answer');
      await call.media!.acceptAnswer(CALLER_LEG, answer);
      call.carrierMedia.resolve();
    } catch (err) {
      // The 2xx offered, so the ACK MUST answer (RFC 3261 §13.2.2.4); without a usable answer
      // the session cannot work and is ended with BYE.
      call.carrierMedia.reject(err as Error);
      this.deps.log('info', 'late-offer ACK without a usable answer: call ended', {
        callId: call.id,
        err: String(err),
      });
      if (call.stored) this.deps.store.event(call.id, 'bad_ack_answer', { error: String(err) });
      this.hangUp(call, 'system', 488);
    }
  }

  // ── agents' phones coming and going ───────────────────────────────────────────────────

  /** A WebSocket/TCP connection closed: an agent on a call over it gets a grace period. */
  onConnectionClosed(connectionId: string): void {
    for (const call of this.calls.values())
      if (call.state === 'connected' && call.agent?.dialog.flow?.connectionId === connectionId)
        this.reconnects.lost(call);
  }

  /** An agent's phone registered (again): a call waiting for it is called back. */
  onAgentRegistered(extension: string): void {
    this.reconnects.registered(extension);
  }

  private detachAgent(call: InboundCall): void {
    const agent = call.agent!;
    call.state = 'reconnecting';
    call.onHold = false;
    this.monitors.stop(call);
    this.byDialog.delete(agent.dialog.id);
    // Nothing can reach the phone over a closed connection: forget the dialog without a BYE.
    this.deps.core.endDialog(agent.dialog);
    const media = call.media!;
    void media.removeLeg(agent.mediaLegId).catch(() => {});
    media
      .hold(CALLER_LEG, holdMusic())
      .catch((err: unknown) =>
        this.deps.log('warn', 'hold music failed', { callId: call.id, err: String(err) }),
      );
  }

  /** Its agent did not come back: the call is theirs no more and waits ahead of its tier. */
  private requeue(call: InboundCall): void {
    const agent = call.agent;
    const arrival =
      call.arrival ?? (call.route?.queueId ? { queueId: call.route.queueId, priority: 0 } : null);
    if (!arrival) {
      call.agent = undefined;
      this.hangUp(call, 'system', 480);
      return;
    }
    // One VIP tier up (callPriority): served before callers who have not been answered yet.
    this.queueAgain(call, agent, { ...arrival, priority: arrival.priority + 10 });
    this.deps.store.event(call.id, 'requeued', { queueId: arrival.queueId, from: agent?.extension });
  }

  /** The call leaves `agent` (already released) and waits in a queue again, with music. */
  private queueAgain(call: InboundCall, agent: ConnectedAgent | undefined, arrival: QueueArrival): void {
    call.agent = undefined;
    this.deferAcd(() => {
      if (call.ended) return;
      this.deps.acd.finish(call.id);
      // A transferred-to agent was held out of routing by hand; give them back to the ACD.
      if (agent?.transferred) this.deps.acd.setReady(agent.agentId);
      this.enqueue(call, arrival);
    });
  }

  /** Our 2xx to the carrier was never ACKed: the core sent BYE; close the agent leg too. */
  onAckTimeout(dialog: Dialog): void {
    const leg = this.byDialog.get(dialog.id);
    if (leg) this.hangUp(leg.call, 'system', 408);
  }

  /** re-INVITE (hold/unhold, media change): answered by the plane for that leg alone. */
  onReinvite(request: IncomingRequest, dialog: Dialog): void {
    if (this.agentCalls.onReoffer(request, dialog)) return;
    void this.answerReoffer(request, dialog, 'INVITE');
  }

  /** UPDATE (RFC 3311: offer/answer or session refresh without a re-INVITE), answered likewise. */
  onUpdate(request: IncomingRequest, dialog: Dialog): void {
    if (this.agentCalls.onReoffer(request, dialog)) return;
    void this.answerReoffer(request, dialog, 'UPDATE');
  }

  private async answerReoffer(
    request: IncomingRequest,
    dialog: Dialog,
    method: 'INVITE' | 'UPDATE',
  ): Promise<void> {
    const leg = this.byDialog.get(dialog.id);
    const call = leg?.call;
    const legId = leg?.side === 'carrier' ? CALLER_LEG : call?.agent?.mediaLegId;
    if (!leg || !call?.media || !legId) {
      request.respond(481);
      return;
    }
    const offer = request.request.body;
    if (!offer.trim()) {
      // No offer: a session refresh (RFC 4028) or an offerless re-INVITE, whose 200 carries our
      // current description as the offer (RFC 3261 §14.2).
      const current = method === 'INVITE' ? call.media.currentSdp(legId) : undefined;
      request.respond(200, current ? { body: current, contentType: SDP } : {});
      return;
    }
    let answer: { sdp: string; remoteDirection: string };
    try {
      answer = await call.media.answerReoffer(legId, offer);
    } catch (err) {
      if (request.pending)
        request.respond(err instanceof UnacceptableSdpError ? 488 : 500, {
          reason: err instanceof UnacceptableSdpError ? 'Not Acceptable Here' : 'Media Error',
        });
      return;
    }
    if (!request.pending) return;
    request.respond(200, { body: answer.sdp, contentType: SDP });
    const holding = answer.remoteDirection === 'sendonly' || answer.remoteDirection === 'inactive';
    this.deps.store.event(call.id, method === 'INVITE' ? 'reinvite' : 'update', {
      from: leg.side,
      hold: holding,
    });
    if (leg.side === 'agent' && call.state === 'connected' && holding !== call.onHold)
      this.setHold(call, holding);
  }

  /** The agent held (caller hears music) or resumed (the legs are bridged again). */
  private setHold(call: InboundCall, hold: boolean): void {
    const media = call.media;
    const agentLeg = call.agent?.mediaLegId;
    if (!media || !agentLeg) return;
    call.onHold = hold;
    const done = hold ? media.hold(CALLER_LEG, holdMusic()) : media.connect(CALLER_LEG, agentLeg);
    done.catch((err: unknown) =>
      this.deps.log('warn', 'hold change failed', { callId: call.id, err: String(err) }),
    );
    this.deps.store.event(call.id, hold ? 'hold' : 'unhold', { agentId: call.agent?.agentId });
  }

  /** INFO (e.g. application/dtmf-relay) passed to the other leg. */
  onInfo(request: IncomingRequest, dialog: Dialog): void {
    const leg = this.byDialog.get(dialog.id);
    const other = leg && this.otherDialog(leg.call, leg.side);
    if (!leg) {
      request.respond(481);
      return;
    }
    const contentType = request.request.headers.get('Content-Type');
    const signal = /^Signal\s*=\s*([0-9A-D*#])/im.exec(request.request.body)?.[1];
    if (leg.side === 'carrier' && signal && contentType?.startsWith('application/dtmf-relay')) {
      if (leg.call.stored)
        this.deps.store.event(leg.call.id, 'dtmf', { leg: CALLER_LEG, digit: signal, source: 'sip-info' });
      leg.call.ivr?.dtmf(signal);
    }
    if (other)
      this.deps.core.sendInDialog(
        other,
        'INFO',
        contentType ? { body: request.request.body, contentType } : {},
      );
    request.respond(200);
  }

  /** REFER from the connected agent: a transfer (blind, or attended after a consult). */
  onRefer(request: IncomingRequest, dialog: Dialog): void {
    const leg = this.byDialog.get(dialog.id);
    const call = leg?.call;
    if (!leg || !call || leg.side !== 'agent' || call.state !== 'connected' || !call.media) {
      request.respond(leg ? 403 : 481);
      return;
    }
    this.transfers.refer(request, dialog, call);
  }

  /** A transfer gave the call to `next`: the previous agent leaves it (see TransferHost). */
  private replaceAgent(call: InboundCall, next: ConnectedAgent): ConnectedAgent | undefined {
    const from = this.releaseAgent(call);
    this.deferAcd(() => this.deps.acd.finish(call.id));
    call.agent = next;
    this.byDialog.set(next.dialog.id, { call, side: 'agent' });
    return from;
  }

  /** A transfer to a queue: the agent leaves, the caller is queued again with music. */
  private requeueTo(call: InboundCall, queueId: string): ConnectedAgent | undefined {
    const from = this.releaseAgent(call);
    const priority = call.arrival?.priority ?? callPriority({ vipTier: call.caller?.vipTier ?? 0 });
    const language = call.arrival?.language;
    this.queueAgain(call, from, { queueId, priority, ...(language && { language }) });
    return from;
  }

  /** The call's agent leaves it: dialog hung up, leg dropped, console told (not the ACD). */
  private releaseAgent(call: InboundCall): ConnectedAgent | undefined {
    const from = call.agent;
    if (from) {
      this.byDialog.delete(from.dialog.id);
      if (from.dialog.state !== 'terminated') this.deps.core.bye(from.dialog);
      void call.media?.removeLeg(from.mediaLegId).catch(() => {});
      this.deps.events.ended?.(from.extension, { ...call.payload(), endedBy: 'agent', sipCause: 202 });
    }
    call.onHold = false;
    return from;
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────

  private otherDialog(call: InboundCall, side: Side): Dialog | undefined {
    return side === 'carrier' ? call.agent?.dialog : call.carrierDialog;
  }

  private sendRingback(call: InboundCall): void {
    if (call.ringbackSent || !call.carrier.pending) return;
    call.ringbackSent = true;
    call.carrier.respond(180);
  }

  /** Ends an answered call from one side: BYE the other leg(s), release the ACD, close the record. */
  private hangUp(
    call: InboundCall,
    endedBy: EndedBy,
    sipCause: number,
    opts: { leftAcd?: boolean } = {},
  ): void {
    if (call.state === 'ended') return;
    const toClose =
      endedBy === 'caller'
        ? [call.agent?.dialog]
        : endedBy === 'agent'
          ? [call.carrierDialog]
          : [call.agent?.dialog, call.carrierDialog];
    for (const d of toClose) if (d && d.state !== 'terminated') this.deps.core.bye(d);
    if (call.state === 'connected' || call.state === 'reconnecting')
      this.deferAcd(() => this.deps.acd.finish(call.id));
    else if (call.state === 'queued') {
      this.offers.cancel(call);
      if (!opts.leftAcd) this.deferAcd(() => this.deps.acd.abandon(call.id));
    }
    call.ivr?.hangup();
    this.finish(call, endedBy, sipCause);
  }

  /** Ends a call that was never connected, answering the carrier with `status`. */
  private fail(call: InboundCall, status: number, endedBy: EndedBy, reason?: string): void {
    if (call.state === 'ended') return;
    this.offers.endOnConsole(call, endedBy, status);
    this.offers.cancel(call);
    if (call.carrier.pending) call.carrier.respond(status, reason ? { reason } : {});
    this.finish(call, endedBy, status);
  }

  private finish(call: InboundCall, endedBy: EndedBy, sipCause: number): void {
    this.monitors.stop(call);
    this.reconnects.forget(call);
    call.state = 'ended';
    if (!call.carrierMedia.settled) call.carrierMedia.reject(new Error('call ended'));
    call.announcement?.done();
    this.announcements.stop(call);
    this.calls.delete(call.id);
    for (const d of [call.agent?.dialog, call.carrierDialog]) if (d) this.byDialog.delete(d.id);
    call.media
      ?.close()
      .catch((err: unknown) =>
        this.deps.log('warn', 'media session close failed', { callId: call.id, err: String(err) }),
      );
    if (call.stored) {
      this.deps.store.ended(call.id, {
        endedBy,
        sipCause,
        at: new Date(),
        agentId: call.agent?.agentId ?? null,
      });
    }
    const extension = call.agent?.extension;
    if (extension) this.deps.events.ended?.(extension, { ...call.payload(), endedBy, sipCause });
    // A transferred-to agent was held out of routing by hand; give them back to the ACD.
    if (call.agent?.transferred) {
      const agentId = call.agent.agentId;
      this.deferAcd(() => this.deps.acd.setReady(agentId));
    }
  }

  /** ACD calls made from inside ACD callbacks must not re-enter it. */
  private deferAcd(fn: () => void): void {
    queueMicrotask(() => {
      try {
        fn();
      } catch (err) {
        this.deps.log('error', 'ACD call failed', { err: String(err) });
      }
    });
  }
}
