import { callPriority } from '../acd/index.js';
import type { AcdLink } from './acd-link.js';
import type { CallControlDeps } from './call-control-deps.js';
import type { CallLegs } from './call-legs.js';
import type { CallerAnnouncements } from './caller-announcements.js';
import { holdMusicFor } from './hold-music.js';
import { CALLER_LEG, type ConnectedAgent, type InboundCall, type QueueArrival } from './inbound-call.js';

type QueueDeps = Pick<CallControlDeps, 'store' | 'log' | 'holdMusic'>;

/**
 * Callers waiting for an agent: into a queue (the line's or the IVR's), and back into one when
 * their agent is gone (phone not back, answer unusable) or hands them to a queue.
 */
export class CallerQueue {
  constructor(
    private readonly deps: QueueDeps,
    private readonly acd: AcdLink,
    private readonly legs: CallLegs,
    private readonly announcements: CallerAnnouncements,
  ) {}

  enqueue(call: InboundCall, arrival: QueueArrival): void {
    // A disabled queue without an overflow takes nobody new: the caller is told "not now" (480),
    // as when a queue's overflow fails. One with an overflow sends them on at once (the ACD).
    if (this.acd.acd.acceptsCalls(arrival.queueId) === 'closed') {
      this.deps.log('info', 'call for a disabled queue refused', {
        callId: call.id,
        queueId: arrival.queueId,
      });
      this.deps.store.event(call.id, 'queue_closed', { queueId: arrival.queueId });
      if (call.carrier.pending) this.legs.fail(call, 480, 'system', 'Queue Closed');
      else this.legs.hangUp(call, 'system', 480);
      return;
    }
    if (!call.lifecycle.send({ type: 'QUEUE' })) return;
    call.arrival = arrival;
    this.deps.store.queued(call.id, arrival.queueId);
    // An answered caller (after the IVR) waits with music and hears their place in line; an
    // unanswered one hears ringback.
    if (!call.carrier.pending && call.media) {
      call.media
        .hold(CALLER_LEG, holdMusicFor(call, this.deps.holdMusic))
        .catch((err: unknown) =>
          this.deps.log('warn', 'hold music failed', { callId: call.id, err: String(err) }),
        );
      this.announcements.queued(call);
    }
    this.acd.acd.enqueue({
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

  /** Its agent did not come back (or answered unusably): the call waits ahead of its tier. */
  requeue(call: InboundCall): void {
    const agent = call.agent;
    const arrival =
      call.arrival ?? (call.route?.queueId ? { queueId: call.route.queueId, priority: 0 } : null);
    if (!arrival) {
      call.agent = undefined;
      this.legs.hangUp(call, 'system', 480);
      return;
    }
    // One VIP tier up (callPriority): served before callers who have not been answered yet.
    this.queueAgain(call, agent, { ...arrival, priority: arrival.priority + 10 });
    this.deps.store.event(call.id, 'requeued', { queueId: arrival.queueId, from: agent?.extension });
  }

  /** A transfer to a queue: the agent leaves, the caller is queued again with music. */
  requeueTo(call: InboundCall, queueId: string): ConnectedAgent | undefined {
    const from = this.legs.releaseAgent(call);
    const priority = call.arrival?.priority ?? callPriority({ vipTier: call.caller?.vipTier ?? 0 });
    const language = call.arrival?.language;
    this.queueAgain(call, from, { queueId, priority, ...(language && { language }) });
    return from;
  }

  /** The call leaves `agent` (already released) and waits in a queue again, with music. */
  private queueAgain(call: InboundCall, agent: ConnectedAgent | undefined, arrival: QueueArrival): void {
    call.agent = undefined;
    this.acd.defer((acd) => {
      if (call.ended) return;
      acd.finish(call.id);
      // A transferred-to agent was held out of routing by hand; give them back to the ACD.
      if (agent?.transferred) acd.setReady(agent.agentId);
      this.enqueue(call, arrival);
    });
  }
}
