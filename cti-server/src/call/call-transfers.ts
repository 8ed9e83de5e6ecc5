import type { Dialog, IncomingRequest, SipResponse } from '../sip/index.js';
import type { AgentCall, AgentCalls } from './agent-calls.js';
import type { CallLegs } from './call-legs.js';
import type { CallerQueue } from './caller-queue.js';
import type { AgentContact, CallControlDeps } from './call-control-deps.js';
import { holdMusicFor } from './hold-music.js';
import { CALLER_LEG, type InboundCall } from './inbound-call.js';
import { checkOutbound, refusalPhrase } from './outbound-guard.js';
import { dialOut, trunkRequestUri } from './outbound-trunk.js';
import { referNotifier, referTarget, type Replaces } from './refer.js';
import type { SupervisorMonitors } from './supervisor-monitor.js';

type TransferDeps = Pick<
  CallControlDeps,
  | 'acd'
  | 'agentIdOf'
  | 'holdMusic'
  | 'clock'
  | 'contactsOf'
  | 'core'
  | 'domain'
  | 'events'
  | 'log'
  | 'outboundPolicy'
  | 'outboundRoute'
  | 'outboundStore'
  | 'queueIdOf'
  | 'store'
>;

const SDP = 'application/sdp';

type Notify = (sipfrag: string, final: boolean) => void;

/** A REFER / IVR target that is an outside number (digits, optional +, visual separators dropped). */
export function outsideNumber(user: string): string | undefined {
  let number: string;
  try {
    number = decodeURIComponent(user).replace(/[\s().-]/g, '');
  } catch {
    return undefined;
  }
  return /^\+?[0-9]{3,20}$/.test(number) ? number : undefined;
}

/**
 * Transfers of a connected customer call, all done on the media plane so the carrier never
 * sees a re-INVITE: blind (REFER, RFC 3515), attended (REFER with Replaces after a consult,
 * RFC 3891 + RFC 5589 §7), and the consulted agent taking over from a three-way conference.
 */
export class CallTransfers {
  constructor(
    private readonly deps: TransferDeps,
    private readonly legs: CallLegs,
    private readonly queue: CallerQueue,
    private readonly agentCalls: AgentCalls,
    private readonly monitors: SupervisorMonitors,
  ) {}

  /** REFER from the call's connected agent (call control has checked who sent it). */
  refer(request: IncomingRequest, dialog: Dialog, call: InboundCall): void {
    const target = referTarget(request.request.headers.get('Refer-To'));
    if (!target) {
      request.respond(400, { reason: 'Bad Refer-To' });
      return;
    }
    if (target.replaces) {
      this.attended(request, dialog, call, target.replaces);
      return;
    }
    const targetAgentId = this.deps.agentIdOf(target.user);
    const queueId = targetAgentId ? undefined : this.deps.queueIdOf?.(target.user);
    if (queueId && this.deps.acd.acceptsCalls(queueId) === 'closed') {
      // Disabled without an overflow: the caller stays with the agent.
      request.respond(480, { reason: 'Queue Closed' });
      return;
    }
    if (queueId) {
      // A queue (Refer-To user = its name): done at once, the queue finds the next agent.
      request.respond(202);
      const notify = referNotifier(this.deps.core, dialog);
      notify('100 Trying', false);
      notify('200 OK', true);
      const from = this.queue.requeueTo(call, queueId);
      this.deps.store.event(call.id, 'transferred', {
        from: from?.extension,
        to: target.user,
        kind: 'queue',
      });
      return;
    }
    const number = targetAgentId ? undefined : outsideNumber(target.user);
    if (number) {
      void this.referToNumber(request, dialog, call, number).catch((err: unknown) => {
        this.deps.log('error', 'transfer to an outside number failed', { callId: call.id, err: String(err) });
        if (request.pending) request.respond(500);
      });
      return;
    }
    const contacts = targetAgentId ? this.deps.contactsOf(target.user) : [];
    if (!targetAgentId || contacts.length === 0 || this.deps.acd.agentStatus(targetAgentId) !== 'ready') {
      request.respond(480, { reason: 'Transfer Target Unavailable' });
      return;
    }
    request.respond(202);
    const notify = referNotifier(this.deps.core, dialog);
    notify('100 Trying', false);
    // Keep the ACD from offering the target another call while the transfer rings.
    this.deps.acd.setNotReady(targetAgentId, 'transfer');
    void this.blind(call, { user: target.user, agentId: targetAgentId, contact: contacts[0]! }, notify);
  }

  /**
   * A blind transfer to an outside number: the agent's own policy applies to where they send a
   * caller, with the rules and cap of the trunk it would leave through (the IVR's configured
   * targets, `toNumber` without a REFER, are the operator's and are not checked).
   */
  private async referToNumber(
    request: IncomingRequest,
    dialog: Dialog,
    call: InboundCall,
    number: string,
  ): Promise<void> {
    const by = call.agent?.extension ?? '';
    const route = this.deps.outboundRoute();
    const decision = await checkOutbound(this.deps, {
      number,
      extension: by,
      kind: 'transfer',
      trunkName: route?.trunkName,
      callId: call.id,
    });
    if (!request.pending) return;
    if (!decision.allow) {
      request.respond(403, {
        reason: refusalPhrase(decision.reason),
        headers: [['Warning', `399 ${this.deps.domain} "${decision.reason}"`]],
      });
      if (call.stored)
        this.deps.store.event(call.id, 'outbound_refused', {
          number,
          reason: decision.reason,
          by,
          kind: 'transfer',
        });
      return;
    }
    if (!route) {
      request.respond(503, { reason: 'No Outbound Trunk' });
      return;
    }
    request.respond(202);
    const notify = referNotifier(this.deps.core, dialog);
    notify('100 Trying', false);
    void this.toNumber(call, number, notify);
  }

  /**
   * The consulted agent takes the customer call (attended transfer, or the agent leaving a
   * three-way conference): the caller's leg is bridged to theirs, the first agent's dialogs end.
   */
  handOver(
    call: InboundCall,
    consult: AgentCall,
    kind: 'attended' | 'conference',
    notify?: Notify,
  ): Promise<void> {
    const { deps } = this;
    const target = consult.target;
    const targetDialog = consult.targetDialog;
    if (target.kind !== 'agent' || !targetDialog) return Promise.reject(new Error('not an agent consult'));
    return call
      .media!.connect(CALLER_LEG, consult.targetLeg)
      .then(() => {
        notify?.('200 OK', true);
        this.agentCalls.end(consult, 200, undefined, true);
        // The consulted agent now has the customer: keep them out of routing until it ends.
        if (deps.acd.agentStatus(target.agentId) === 'ready')
          deps.acd.setNotReady(target.agentId, 'transfer');
        const from = this.legs.replaceAgent(call, {
          agentId: target.agentId,
          extension: target.extension,
          dialog: targetDialog,
          mediaLegId: consult.targetLeg,
          transferred: true,
        });
        deps.store.event(call.id, 'transferred', { from: from?.extension, to: target.extension, kind });
        deps.events.answered?.(target.extension, call.payload());
      })
      .catch((err: unknown) => {
        deps.log('warn', 'attended transfer failed', { callId: call.id, err: String(err) });
        notify?.('500 Transfer Failed', true);
      });
  }

  /**
   * Blind: the new agent's phone gets a fresh leg on the plane; when it answers, the caller's leg
   * is bridged to it and the transferor's leg is dropped. Progress goes back to the transferor as
   * NOTIFY sipfrag (RFC 3515 §2.4.5).
   */
  private async blind(
    call: InboundCall,
    target: { user: string; agentId: string; contact: AgentContact },
    notify: Notify,
  ): Promise<void> {
    const { deps } = this;
    const media = call.media!;
    const failed = (status: number) => {
      // A caller gone meanwhile took the transferor's dialog with it: nobody to tell.
      if (!call.ended) notify(`${status} Transfer Failed`, true);
      deps.acd.setReady(target.agentId);
      if (call.stored) deps.store.event(call.id, 'transfer_failed', { to: target.user, status });
    };
    const mediaLegId = call.nextLegId();
    let sdp: string;
    try {
      sdp = await media.makeOffer(
        mediaLegId,
        target.contact.webrtc ? 'UDP/TLS/RTP/SAVPF' : 'RTP/AVP',
        'agent',
        deps.core.localAddressFor(target.contact.flow ?? target.contact.uri),
      );
    } catch {
      failed(500);
      return;
    }
    const invite = deps.core.createRequest('INVITE', target.contact.uri, {
      from: `<sip:${call.caller?.e164 ?? call.identity.ani ?? 'anonymous'}@${deps.domain}>`,
      to: `<sip:${target.user}@${deps.domain}>`,
      body: sdp,
      contentType: SDP,
      headers: [['X-Kefu-Call-Id', call.id]],
    });
    const lost = (status: number) => {
      unwatch();
      void media.removeLeg(mediaLegId).catch(() => {});
      failed(status);
    };
    // The call ending or changing hands while the target rings CANCELs the target's INVITE
    // (RFC 3261 §9.1): its 487 then gives the target back to routing.
    const transferor = call.agent;
    const unwatch = call.lifecycle.onChange(() => {
      if (call.state === 'connected' && call.agent === transferor) return;
      unwatch();
      sent.cancel();
    });
    const sent = deps.core.send(
      invite,
      {
        onAccept: (answer, targetDialog) => {
          unwatch();
          if (!targetDialog) return;
          deps.core.ack(targetDialog, answer);
          if (call.state !== 'connected') {
            deps.core.bye(targetDialog);
            lost(487);
            return;
          }
          void this.completeBlind(call, target, mediaLegId, answer, targetDialog, notify).catch(
            (err: unknown) => {
              deps.log('warn', 'transfer target answer unusable', { callId: call.id, err: String(err) });
              deps.core.bye(targetDialog);
              lost(488);
            },
          );
        },
        onReject: (r) => lost(r.status),
        onTimeout: () => lost(408),
        onTransportError: () => lost(503),
      },
      target.contact.flow ? { destination: target.contact.flow } : {},
    );
  }

  private async completeBlind(
    call: InboundCall,
    target: { user: string; agentId: string },
    mediaLegId: string,
    answer: SipResponse,
    targetDialog: Dialog,
    notify: Notify,
  ): Promise<void> {
    const media = call.media!;
    await media.acceptAnswer(mediaLegId, answer.body);
    await media.connect(CALLER_LEG, mediaLegId);
    notify('200 OK', true);
    const from = this.legs.replaceAgent(call, {
      agentId: target.agentId,
      extension: target.user,
      dialog: targetDialog,
      mediaLegId,
      transferred: true,
    });
    // A supervisor listening in follows the call to the new agent.
    const monitors = this.monitors;
    const mode = monitors.modeOf(call);
    if (mode) await monitors.setMode(call, mode).catch(() => monitors.stop(call));
    this.deps.store.event(call.id, 'transferred', { from: from?.extension, to: target.user, kind: 'blind' });
    this.deps.events.answered?.(target.user, call.payload());
  }

  /**
   * The caller goes to an outside number out of the outbound trunk (`dialOut`): a new leg on the
   * plane is INVITEd through the trunk; on answer the caller's leg is bridged to it and whoever
   * the caller was with leaves — the transferring agent (blind transfer, `notify` reports to them
   * as for an agent target), or the IVR (the caller hears music on hold while it rings). The
   * outside party then holds the call's agent slot (no agent id: the Interaction keeps the agent
   * who handled it). Resolves with the failure status, or undefined once bridged.
   */
  async toNumber(
    call: InboundCall,
    target: string,
    notify?: Notify,
    /** A named outbound trunk (an IVR transfer step's); else the default one. */
    trunkName?: string,
  ): Promise<number | undefined> {
    const { deps } = this;
    const number = outsideNumber(target) ?? target;
    const route = deps.outboundRoute(trunkName);
    const media = call.media;
    // The call it started from: a connected agent's (REFER), or the IVR's.
    const fromState = call.state;
    const from = call.agent;
    const mediaLegId = call.nextLegId();
    const failed = (status: number, reason: string): number => {
      void media?.removeLeg(mediaLegId).catch(() => {});
      notify?.(`${status} Transfer Failed`, true);
      deps.log('warn', 'transfer to an outside number failed', { callId: call.id, status, reason });
      if (call.stored)
        deps.store.event(call.id, 'transfer_failed', { to: number, kind: 'external', status, reason });
      return status;
    };
    if (number !== outsideNumber(number)) return failed(404, 'not a phone number');
    if (!route)
      return failed(503, trunkName ? `no usable outbound trunk "${trunkName}"` : 'no outbound trunk');
    if (!media) return failed(503, 'no media session');
    let offer: string;
    try {
      offer = await media.makeOffer(
        mediaLegId,
        'RTP/AVP',
        'agent',
        deps.core.localAddressFor(trunkRequestUri(route, number)),
      );
    } catch (err) {
      return failed(500, `media offer failed: ${String(err)}`);
    }
    // The call must still be where it was (not ended, not handed elsewhere) to be handed on.
    const still = () => !call.ended && call.state === fromState && call.agent === from;
    if (!still()) return failed(487, 'the call ended before the outside number was dialled');
    if (fromState === 'ivr')
      media
        .hold(CALLER_LEG, holdMusicFor(call, deps.holdMusic))
        .catch((err: unknown) =>
          deps.log('warn', 'hold music failed', { callId: call.id, err: String(err) }),
        );
    return new Promise<number | undefined>((resolve) => {
      // The caller (or the transferor) hanging up, or the call going elsewhere, while it rings.
      const unwatch = call.lifecycle.onChange(() => {
        if (still()) return;
        unwatch();
        outbound.cancel();
        resolve(failed(487, 'the call ended while the outside number rang'));
      });
      const outbound = dialOut(
        deps.core,
        { route, number, fallbackCallerId: call.dnis, domain: deps.domain, offer },
        {
          onAnswer: (response, dialog) => {
            unwatch();
            if (!still()) {
              deps.core.bye(dialog);
              resolve(failed(487, 'the call ended while the outside number rang'));
              return;
            }
            void this.bridgeOut(call, number, route.trunkName, mediaLegId, response, dialog, still)
              .then(() => {
                notify?.('200 OK', true);
                resolve(undefined);
              })
              .catch((err: unknown) => {
                if (dialog.state !== 'terminated') deps.core.bye(dialog);
                resolve(failed(488, `outside answer unusable: ${String(err)}`));
              });
          },
          onFailure: (failure) => {
            unwatch();
            resolve(failed(failure.status, failure.reason));
          },
        },
      );
    });
  }

  private async bridgeOut(
    call: InboundCall,
    number: string,
    trunkName: string,
    mediaLegId: string,
    answer: SipResponse,
    dialog: Dialog,
    still: () => boolean,
  ): Promise<void> {
    const media = call.media!;
    await media.acceptAnswer(mediaLegId, answer.body);
    if (!still()) throw new Error('the call ended while the outside number answered');
    await media.connect(CALLER_LEG, mediaLegId);
    // The outside party holds the agent slot: its BYE, re-INVITE (hold) and INFO are handled as
    // an agent leg's; no agent id, so the ACD and the Interaction keep the transferring agent.
    const from = this.legs.replaceAgent(call, { agentId: '', extension: number, dialog, mediaLegId });
    const monitors = this.monitors;
    const mode = monitors.modeOf(call);
    if (mode) await monitors.setMode(call, mode).catch(() => monitors.stop(call));
    this.deps.store.event(call.id, 'transferred', {
      from: from?.extension ?? 'ivr',
      to: number,
      kind: 'external',
      trunk: trunkName,
    });
  }

  /** REFER with Replaces: the consult shares this call's media session, so it is a re-bridge. */
  private attended(request: IncomingRequest, dialog: Dialog, call: InboundCall, replaces: Replaces): void {
    const consult = this.agentCalls.findConsult(replaces.callId, replaces.toTag, replaces.fromTag);
    if (!consult || consult.parent !== call || consult.target.kind !== 'agent' || !consult.targetDialog) {
      request.respond(481, { reason: 'Consultation Not Found' });
      return;
    }
    request.respond(202);
    void this.handOver(call, consult, 'attended', referNotifier(this.deps.core, dialog));
  }
}
