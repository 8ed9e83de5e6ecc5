import type { Dialog, IncomingRequest, SipRequest } from '../sip/index.js';
import type { AgentCalls } from './agent-calls.js';
import type { CallControlDeps } from './call-control-deps.js';
import type { CallLegs } from './call-legs.js';
import type { CallRegistry } from './call-registry.js';
import type { CallTransfers } from './call-transfers.js';
import { holdMusicFor } from './hold-music.js';
import { CALLER_LEG, type InboundCall } from './inbound-call.js';
import { UnacceptableSdpError } from './sdp-media.js';
import type { SupervisorMonitors } from './supervisor-monitor.js';

const SDP = 'application/sdp';

type InDialogDeps = Pick<CallControlDeps, 'core' | 'store' | 'log' | 'holdMusic'>;

/**
 * Requests inside a call's dialogs, from either side: BYE, the carrier's ACK (a late offer's
 * answer), re-INVITE and UPDATE (hold, media changes: answered by the plane for that leg alone),
 * INFO passed leg to leg, and the agent's REFER (a transfer).
 */
export class InDialogRequests {
  constructor(
    private readonly deps: InDialogDeps,
    private readonly registry: CallRegistry,
    private readonly legs: CallLegs,
    private readonly monitors: SupervisorMonitors,
    private readonly agentCalls: AgentCalls,
    private readonly transfers: CallTransfers,
  ) {}

  /** BYE on one leg (the core has answered 200): hang up the other and close the record. */
  onBye(_request: IncomingRequest, dialog: Dialog): void {
    // The agent left a three-way call: the agent they consulted takes the caller.
    const leaving = this.agentCalls.conferences.agentLeaving(dialog);
    if (leaving) {
      void this.transfers.handOver(leaving.call, leaving.consult, 'conference').finally(leaving.done);
      return;
    }
    if (this.monitors.onBye(dialog) || this.agentCalls.onBye(dialog)) return;
    const leg = this.registry.leg(dialog);
    if (!leg) return;
    this.legs.hangUp(leg.call, leg.side === 'carrier' ? 'caller' : 'agent', 200);
  }

  /** The carrier's ACK: for a late-offer call it carries the answer to the offer in our 200. */
  onAck(ack: SipRequest, dialog: Dialog): void {
    const leg = this.registry.leg(dialog);
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
      this.legs.hangUp(call, 'system', 488);
    }
  }

  /** Our 2xx to the carrier was never ACKed: the core sent BYE; close the agent leg too. */
  onAckTimeout(dialog: Dialog): void {
    const leg = this.registry.leg(dialog);
    if (leg) this.legs.hangUp(leg.call, 'system', 408);
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
    const leg = this.registry.leg(dialog);
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
    call.lifecycle.send({ type: hold ? 'HOLD' : 'RESUME' });
    const done = hold
      ? media.hold(CALLER_LEG, holdMusicFor(call, this.deps.holdMusic))
      : media.connect(CALLER_LEG, agentLeg);
    done.catch((err: unknown) =>
      this.deps.log('warn', 'hold change failed', { callId: call.id, err: String(err) }),
    );
    this.deps.store.event(call.id, hold ? 'hold' : 'unhold', { agentId: call.agent?.agentId });
  }

  /** INFO (e.g. application/dtmf-relay) passed to the other leg. */
  onInfo(request: IncomingRequest, dialog: Dialog): void {
    const leg = this.registry.leg(dialog);
    const other = leg && this.legs.otherDialog(leg.call, leg.side);
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
    const leg = this.registry.leg(dialog);
    const call = leg?.call;
    if (!leg || !call || leg.side !== 'agent' || call.state !== 'connected' || !call.media) {
      request.respond(leg ? 403 : 481);
      return;
    }
    this.transfers.refer(request, dialog, call);
  }
}
