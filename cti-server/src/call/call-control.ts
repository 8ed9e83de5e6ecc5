import { randomUUID } from 'node:crypto';
import { callPriority } from '../acd/index.js';
import { parseNameAddr, type Dialog, type IncomingRequest, type SipResponse } from '../sip/index.js';
import type { CallControlDeps, EndedBy } from './call-control-deps.js';
import { callIdentity } from './call-identity.js';
import { InboundCall } from './inbound-call.js';
import { UnacceptableSdpError } from './media-anchor.js';

type Side = 'carrier' | 'agent';
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

  constructor(private readonly deps: CallControlDeps) {}

  get activeCalls(): IterableIterator<InboundCall> {
    return this.calls.values();
  }

  // ── requests from the carrier side ─────────────────────────────────────────────────────

  /** A new INVITE: trunk check, identity, line, caller lookup, record, queue. */
  onInvite(incoming: IncomingRequest): void {
    const { deps } = this;
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
    if (!incoming.request.body.trim()) {
      // Offerless INVITE (RFC 3261 §13.2.1 allows it); the pass-through path needs the carrier's offer.
      incoming.respond(488, { reason: 'Offer Required' });
      return;
    }
    try {
      // Refuse an unusable offer at once, before the caller is queued (RFC 3261 §13.3.1.1).
      deps.media.acceptOffer(call.id, incoming.request.body);
    } catch (err) {
      if (!(err instanceof UnacceptableSdpError)) throw err;
      deps.log('info', 'INVITE refused: unacceptable SDP', { reason: err.message });
      incoming.respond(488, { reason: 'Not Acceptable Here' });
      return;
    }
    this.calls.set(call.id, call);
    this.byCarrierInvite.set(incoming, call);
    void this.routeCall(call).catch((err: unknown) => {
      deps.log('error', 'routing a call failed', { callId: call.id, err: String(err) });
      this.fail(call, 500, 'system');
    });
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
    // IVR flows are attached once the server anchors media; until then a line goes to its queue.
    if (route.ivrFlow)
      deps.store.event(call.id, 'ivr_skipped', { flow: route.ivrFlow, why: 'media plane not wired' });
    call.state = 'queued';
    this.sendRingback(call);
    deps.store.event(call.id, 'queued', { queueId: route.queueId });
    deps.acd.enqueue({
      callId: call.id,
      queueId: route.queueId,
      priority: callPriority({ vipTier: call.caller.vipTier }),
    });
  }

  /** The carrier CANCELled before we answered (the core has already sent 487). */
  onCancel(invite: IncomingRequest): void {
    const call = this.byCarrierInvite.get(invite);
    if (!call || call.state === 'ended') return;
    this.cancelOffer(call);
    this.deferAcd(() => this.deps.acd.abandon(call.id));
    this.finish(call, 'caller', 487);
  }

  // ── offers from the ACD ────────────────────────────────────────────────────────────────

  /** ACD delegate `onOffer`: ring the chosen agent on every registered contact. */
  offer(callId: string, agentId: string): void {
    const call = this.calls.get(callId);
    if (!call || call.state !== 'queued') return;
    const extension = this.deps.agentExtension(agentId);
    const contacts = extension ? this.deps.contactsOf(extension) : [];
    if (!extension || contacts.length === 0) {
      this.deps.store.event(call.id, 'offer_failed', { agentId, why: 'no registered phone' });
      this.deferAcd(() => this.deps.acd.reject(callId));
      return;
    }
    let sdp: string;
    try {
      sdp = this.deps.media.offerToAgent(call.id, call.carrier.request.body);
    } catch (err) {
      this.deferAcd(() => this.deps.acd.abandon(call.id));
      this.fail(call, err instanceof UnacceptableSdpError ? 488 : 500, 'system', (err as Error).message);
      return;
    }
    const offer = {
      agentId,
      extension,
      legs: [] as NonNullable<InboundCall['offer']>['legs'],
      failed: 0,
      ringing: false,
    };
    call.offer = offer;
    const ani = call.caller?.e164 ?? call.identity.ani ?? 'anonymous';
    for (const contact of contacts) {
      const request = this.deps.core.createRequest('INVITE', contact.uri, {
        from: `"${(call.identity.aniName ?? ani).replace(/"/g, '')}" <sip:${ani}@${this.deps.domain}>`,
        to: `<sip:${extension}@${this.deps.domain}>`,
        body: sdp,
        contentType: SDP,
        headers: [['X-Kefu-Call-Id', call.id]],
      });
      const leg = this.deps.core.send(
        request,
        {
          onProgress: (response) => this.agentProgress(call, offer, response),
          onAccept: (response, dialog) => this.agentAccepted(call, offer, response, dialog),
          onReject: (response) => this.agentFailed(call, offer, response.status),
          onTimeout: () => this.agentFailed(call, offer, 408),
          onTransportError: () => this.agentFailed(call, offer, 503),
        },
        contact.flow ? { destination: contact.flow } : {},
      );
      offer.legs.push(leg);
    }
    this.deps.store.event(call.id, 'offered', { agentId, extension, contacts: contacts.length });
    this.deps.events.offered?.(extension, call.payload());
  }

  /** ACD delegate `onOfferWithdrawn` (ring-no-answer timeout, agent logged out…). */
  withdrawOffer(callId: string, agentId: string, reason: string | null): void {
    const call = this.calls.get(callId);
    if (!call?.offer || call.offer.agentId !== agentId) return;
    this.deps.store.event(call.id, 'offer_withdrawn', { agentId, reason });
    this.deps.events.ended?.(call.offer.extension, { ...call.payload(), endedBy: 'system', sipCause: 487 });
    this.cancelOffer(call);
  }

  /** ACD delegate `onOverflow` to voicemail/callback: not built yet, so the caller gets 480. */
  overflow(callId: string, target: string): void {
    const call = this.calls.get(callId);
    if (!call || call.state !== 'queued') return;
    this.deps.store.event(call.id, 'overflow', { target });
    this.fail(call, 480, 'system', 'No Agent Available');
  }

  private agentProgress(
    call: InboundCall,
    offer: NonNullable<InboundCall['offer']>,
    response: SipResponse,
  ): void {
    if (call.offer !== offer || offer.ringing || response.status === 100) return;
    offer.ringing = true;
    this.deferAcd(() => this.deps.acd.ringing(call.id));
  }

  private agentAccepted(
    call: InboundCall,
    offer: NonNullable<InboundCall['offer']>,
    response: SipResponse,
    dialog: Dialog | undefined,
  ): void {
    if (!dialog) return;
    this.deps.core.ack(dialog, response);
    if (call.offer !== offer || call.state !== 'queued' || !call.carrier.pending) {
      // Answered too late (withdrawn, caller gone, or another fork won): hang that phone up.
      this.deps.core.bye(dialog);
      return;
    }
    for (const leg of offer.legs) leg.cancel();
    call.offer = undefined;
    let answer: string;
    try {
      answer = this.deps.media.answerToCarrier(call.id, response.body);
    } catch {
      this.deps.core.bye(dialog);
      this.deferAcd(() => this.deps.acd.reject(call.id));
      return;
    }
    call.carrier.respond(200, { body: answer, contentType: SDP });
    call.state = 'connected';
    call.agent = { agentId: offer.agentId, extension: offer.extension, dialog };
    this.byDialog.set(dialog.id, { call, side: 'agent' });
    const carrierDialog = call.carrierDialog;
    if (carrierDialog) this.byDialog.set(carrierDialog.id, { call, side: 'carrier' });
    this.deferAcd(() => this.deps.acd.answer(call.id));
    this.deps.store.answered(call.id, offer.agentId, new Date());
    this.deps.events.answered?.(offer.extension, call.payload());
  }

  private agentFailed(call: InboundCall, offer: NonNullable<InboundCall['offer']>, status: number): void {
    offer.failed++;
    if (call.offer !== offer || offer.failed < offer.legs.length) return;
    call.offer = undefined;
    this.deps.store.event(call.id, 'offer_rejected', { agentId: offer.agentId, status });
    this.deps.events.ended?.(offer.extension, { ...call.payload(), endedBy: 'agent', sipCause: status });
    // RONA: the ACD sets the agent not ready and re-offers the call at the head of its queue.
    this.deferAcd(() => this.deps.acd.reject(call.id));
  }

  // ── in-dialog requests (either side) ───────────────────────────────────────────────────

  /** BYE on one leg (the core has answered 200): hang up the other and close the record. */
  onBye(_request: IncomingRequest, dialog: Dialog): void {
    const leg = this.byDialog.get(dialog.id);
    if (!leg) return;
    this.hangUp(leg.call, leg.side === 'carrier' ? 'caller' : 'agent', 200);
  }

  /** Our 2xx to the carrier was never ACKed: the core sent BYE; close the agent leg too. */
  onAckTimeout(dialog: Dialog): void {
    const leg = this.byDialog.get(dialog.id);
    if (leg) this.hangUp(leg.call, 'system', 408);
  }

  /** re-INVITE (hold/unhold, media change) relayed to the other leg; its answer comes back. */
  onReinvite(request: IncomingRequest, dialog: Dialog): void {
    this.relayOffer(request, dialog, 'INVITE');
  }

  /** UPDATE (RFC 3311: offer/answer or session refresh without a re-INVITE), relayed likewise. */
  onUpdate(request: IncomingRequest, dialog: Dialog): void {
    this.relayOffer(request, dialog, 'UPDATE');
  }

  private relayOffer(request: IncomingRequest, dialog: Dialog, method: 'INVITE' | 'UPDATE'): void {
    const leg = this.byDialog.get(dialog.id);
    const other = leg && this.otherDialog(leg.call, leg.side);
    if (!leg || !other) {
      request.respond(481);
      return;
    }
    const body = request.request.body ? this.deps.media.relay(leg.call.id, request.request.body) : undefined;
    this.deps.core.sendInDialog(other, method, body ? { body, contentType: SDP } : {}, {
      onAccept: (response, d) => {
        if (method === 'INVITE' && d) this.deps.core.ack(d, response);
        if (!request.pending) return;
        request.respond(
          200,
          response.body ? { body: this.deps.media.relay(leg.call.id, response.body), contentType: SDP } : {},
        );
      },
      onReject: (response) => request.pending && request.respond(response.status),
      onTimeout: () => request.pending && request.respond(408),
      onTransportError: () => request.pending && request.respond(503),
    });
    this.deps.store.event(leg.call.id, method === 'INVITE' ? 'reinvite' : 'update', {
      from: leg.side,
      hold: /a=(sendonly|inactive)/.test(body ?? ''),
    });
  }

  /** INFO (e.g. application/dtmf-relay) passed to the other leg. */
  onInfo(request: IncomingRequest, dialog: Dialog): void {
    const leg = this.byDialog.get(dialog.id);
    const other = leg && this.otherDialog(leg.call, leg.side);
    if (!leg || !other) {
      request.respond(481);
      return;
    }
    const contentType = request.request.headers.get('Content-Type');
    this.deps.core.sendInDialog(
      other,
      'INFO',
      contentType ? { body: request.request.body, contentType } : {},
    );
    request.respond(200);
  }

  /**
   * REFER from the connected agent: blind transfer to another agent (RFC 3515). The new agent is
   * invited without an offer and the carrier re-INVITEd with the new agent's SDP (RFC 3725 flow I),
   * so the caller is never put down; progress goes back to the transferor as NOTIFY sipfrag.
   */
  onRefer(request: IncomingRequest, dialog: Dialog): void {
    const leg = this.byDialog.get(dialog.id);
    const call = leg?.call;
    const carrierDialog = call?.carrierDialog;
    if (!leg || !call || leg.side !== 'agent' || call.state !== 'connected' || !carrierDialog) {
      request.respond(leg ? 403 : 481);
      return;
    }
    const target = referTarget(request.request.headers.get('Refer-To'));
    if (!target || target.replaces) {
      request.respond(target ? 501 : 400, {
        reason: target ? 'Attended Transfer Not Supported Yet' : 'Bad Refer-To',
      });
      return;
    }
    const targetAgentId = this.deps.agentIdOf(target.user);
    const contacts = targetAgentId ? this.deps.contactsOf(target.user) : [];
    if (!targetAgentId || contacts.length === 0 || this.deps.acd.agentStatus(targetAgentId) !== 'ready') {
      request.respond(480, { reason: 'Transfer Target Unavailable' });
      return;
    }
    request.respond(202);
    const notify = (sipfrag: string, final: boolean) =>
      this.deps.core.sendInDialog(dialog, 'NOTIFY', {
        body: `SIP/2.0 ${sipfrag}\r\n`,
        contentType: 'message/sipfrag;version=2.0',
        headers: [
          ['Event', 'refer'],
          ['Subscription-State', final ? 'terminated;reason=noresource' : 'active;expires=60'],
        ],
      });
    notify('100 Trying', false);
    // Keep the ACD from offering the target another call while the transfer rings.
    this.deps.acd.setNotReady(targetAgentId, 'transfer');
    const from = call.agent;
    const failed = (status: number) => {
      notify(`${status} Transfer Failed`, true);
      this.deps.acd.setReady(targetAgentId);
      this.deps.store.event(call.id, 'transfer_failed', { to: target.user, status });
    };
    const invite = this.deps.core.createRequest('INVITE', contacts[0]!.uri, {
      from: `<sip:${call.caller?.e164 ?? call.identity.ani ?? 'anonymous'}@${this.deps.domain}>`,
      to: `<sip:${target.user}@${this.deps.domain}>`,
      headers: [['X-Kefu-Call-Id', call.id]],
    });
    this.deps.core.send(
      invite,
      {
        onAccept: (offer, targetDialog) => {
          if (!targetDialog) return;
          if (call.state !== 'connected') {
            this.deps.core.ack(targetDialog, offer);
            this.deps.core.bye(targetDialog);
            return;
          }
          this.deps.core.sendInDialog(
            carrierDialog,
            'INVITE',
            { body: this.deps.media.relay(call.id, offer.body), contentType: SDP },
            {
              onAccept: (answer, d) => {
                if (d) this.deps.core.ack(d, answer);
                this.deps.core.ack(targetDialog, offer, {
                  body: this.deps.media.relay(call.id, answer.body),
                  contentType: SDP,
                });
                notify('200 OK', true);
                if (from) {
                  this.byDialog.delete(from.dialog.id);
                  if (from.dialog.state !== 'terminated') this.deps.core.bye(from.dialog);
                  this.deps.events.ended?.(from.extension, {
                    ...call.payload(),
                    endedBy: 'agent',
                    sipCause: 202,
                  });
                }
                this.deferAcd(() => this.deps.acd.finish(call.id));
                call.agent = {
                  agentId: targetAgentId,
                  extension: target.user,
                  dialog: targetDialog,
                  transferred: true,
                };
                this.byDialog.set(targetDialog.id, { call, side: 'agent' });
                this.deps.store.event(call.id, 'transferred', {
                  from: from?.extension,
                  to: target.user,
                  kind: 'blind',
                });
                this.deps.events.answered?.(target.user, call.payload());
              },
              onReject: (r) => {
                this.deps.core.ack(targetDialog, offer);
                this.deps.core.bye(targetDialog);
                failed(r.status);
              },
            },
          );
        },
        onReject: (r) => failed(r.status),
        onTimeout: () => failed(408),
        onTransportError: () => failed(503),
      },
      contacts[0]!.flow ? { destination: contacts[0]!.flow } : {},
    );
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

  private cancelOffer(call: InboundCall): void {
    for (const leg of call.offer?.legs ?? []) leg.cancel();
    call.offer = undefined;
  }

  /** Ends a connected call from one side: BYE the other leg, wrap the agent up, close the record. */
  private hangUp(call: InboundCall, endedBy: EndedBy, sipCause: number): void {
    if (call.state === 'ended') return;
    const toClose =
      endedBy === 'caller'
        ? [call.agent?.dialog]
        : endedBy === 'agent'
          ? [call.carrierDialog]
          : [call.agent?.dialog, call.carrierDialog];
    for (const d of toClose) if (d && d.state !== 'terminated') this.deps.core.bye(d);
    this.deferAcd(() => this.deps.acd.finish(call.id));
    this.finish(call, endedBy, sipCause);
  }

  /** Ends a call that was never connected, answering the carrier with `status`. */
  private fail(call: InboundCall, status: number, endedBy: EndedBy, reason?: string): void {
    if (call.state === 'ended') return;
    this.cancelOffer(call);
    if (call.carrier.pending) call.carrier.respond(status, reason ? { reason } : {});
    this.finish(call, endedBy, status);
  }

  private finish(call: InboundCall, endedBy: EndedBy, sipCause: number): void {
    call.state = 'ended';
    this.calls.delete(call.id);
    for (const d of [call.agent?.dialog, call.carrierDialog]) if (d) this.byDialog.delete(d.id);
    this.deps.media.release(call.id);
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

/** The target of a REFER's Refer-To (https://www.rfc-editor.org/rfc/rfc3515#section-2.1). */
function referTarget(value: string | undefined): { user: string; replaces: boolean } | null {
  if (!value) return null;
  try {
    const { uri } = parseNameAddr(value);
    if (uri.kind !== 'sip' || !uri.user) return null;
    return { user: uri.user, replaces: uri.headers.has('Replaces') };
  } catch {
    return null;
  }
}
