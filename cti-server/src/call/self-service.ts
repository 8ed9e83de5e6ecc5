import type { IvrResult, OpeningStatus } from '@kefu/ivr-flows';
import { callPriority } from '../acd/index.js';
import type { CallControlDeps, IvrSession } from './call-control-deps.js';
import type { CallLegs } from './call-legs.js';
import type { CallerAnnouncements } from './caller-announcements.js';
import type { CallerQueue } from './caller-queue.js';
import type { CallTransfers } from './call-transfers.js';
import { CALLER_LEG, type InboundCall } from './inbound-call.js';

type SelfServiceDeps = Pick<
  CallControlDeps,
  'ivr' | 'voicemailPath' | 'store' | 'log' | 'queueName' | 'queueIdOf'
>;

/**
 * The caller with the server rather than an agent: the line's IVR flow and what its outcome
 * asks for (a queue, voicemail, a call-back, an outside number, hanging up), and a queue's
 * overflow to voicemail or a call-back request.
 */
export class SelfService {
  constructor(
    private readonly deps: SelfServiceDeps,
    private readonly legs: CallLegs,
    private readonly queue: CallerQueue,
    private readonly transfers: CallTransfers,
    private readonly announcements: CallerAnnouncements,
  ) {}

  /** Answers the carrier and runs the line's flow on the caller's leg; its outcome decides. */
  async runIvr(call: InboundCall, ivr: IvrSession): Promise<void> {
    const { deps } = this;
    call.lifecycle.send({ type: 'IVR' });
    call.ivr = ivr;
    this.legs.answerCarrier(call);
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
        this.queue.enqueue(call, {
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
        this.queue.enqueue(call, {
          queueId,
          priority: outcome.priority,
          extraSkills: outcome.skills,
          language: outcome.language,
        });
        return;
      }
      deps.log('error', 'IVR chose a queue the ACD does not know', { callId: call.id, queue: outcome.queue });
    } else if (outcome.kind === 'abandoned') {
      this.legs.hangUp(call, 'caller', 200);
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
      if (failed !== undefined) this.legs.hangUp(call, 'system', failed);
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
    this.legs.hangUp(call, 'system', 200);
  }

  /**
   * A line without a flow, called while it is closed (outside its hours or on a holiday): the
   * call is recorded as `closed` with the reason, answered, told so (the prompts a closed IVR
   * branch plays) and ended by the server.
   */
  async closedLine(call: InboundCall, status: OpeningStatus, language: 'zh-CN' | 'en'): Promise<void> {
    const { deps } = this;
    deps.store.event(call.id, 'closed', {
      reason: status.reason,
      ...(status.holiday && { holiday: status.holiday }),
      localTime: `${status.localTime.date} ${status.localTime.time}`,
    });
    deps.log('info', 'call to a closed line', { callId: call.id, reason: status.reason });
    // The server speaks to the answered caller, as an IVR does.
    call.lifecycle.send({ type: 'IVR' });
    this.legs.answerCarrier(call);
    try {
      await call.carrierMedia.promise;
    } catch {
      return;
    }
    if (call.ended) return;
    const prompts = status.reason === 'holiday' ? ['holiday_closed', 'goodbye'] : ['closed', 'goodbye'];
    await this.announcements.play(call, prompts, language);
    if (!call.ended) this.legs.hangUp(call, 'system', 200);
  }

  /** The caller leaves a message after the flow's beep: their leg is recorded until they hang up. */
  private takeVoicemail(call: InboundCall, mailbox: string, path: string): void {
    const { deps } = this;
    // At most VOICEMAIL_MAX_MS long (the machine's timer); the caller usually hangs up first.
    if (!call.lifecycle.send({ type: 'VOICEMAIL' })) return;
    call.media
      ?.record({ path, callerLegId: CALLER_LEG, agentLegId: CALLER_LEG })
      .then(() => {
        deps.store.recorded(call.id, path);
        deps.store.event(call.id, 'voicemail', { mailbox, path });
      })
      .catch((err: unknown) => {
        deps.log('warn', 'voicemail not recorded', { callId: call.id, err: String(err) });
        this.legs.hangUp(call, 'system', 500);
      });
  }

  /**
   * The ACD's overflow (waited the queue's max wait; an overflow *queue* is the ACD's own
   * business): the caller leaves a voicemail in the queue's mailbox, or a call-back request is
   * taken, with the prompt in the language they were queued in.
   */
  overflow(call: InboundCall, target: string): void {
    if (call.state !== 'queued') return;
    this.deps.store.event(call.id, 'overflow', { target });
    // The ACD has already let go of the call: the server looks after the caller from here (a
    // ringing offer is cancelled as the call leaves `queued`).
    call.lifecycle.send({ type: 'OVERFLOW' });
    void this.overflowTo(call, target).catch((err: unknown) => {
      this.deps.log('warn', 'queue overflow failed', { callId: call.id, err: String(err) });
      if (call.carrier.pending) this.legs.fail(call, 480, 'system', 'No Agent Available');
      else this.legs.hangUp(call, 'system', 480);
    });
  }

  private async overflowTo(call: InboundCall, target: string): Promise<void> {
    const { deps } = this;
    const voicemail = target === 'voicemail' && deps.voicemailPath;
    if (!voicemail && target !== 'callback') throw new Error(`no overflow to ${target}`);
    this.legs.answerCarrier(call);
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
    this.legs.hangUp(call, 'system', 200);
  }
}
