import type { Db } from '@kefu/db';
import type { CallStore } from '../call/call-control-deps.js';

/**
 * The Interaction row of each call, written in call order: every write for a call waits for
 * the previous one, so "ended" can never land before "opened" even under load.
 */
export function createCallStore(
  db: Db,
  onError: (err: unknown) => void,
): CallStore & { settled(): Promise<void> } {
  const chains = new Map<string, Promise<unknown>>();
  const ids = new Map<string, string>();
  // Events wait here and go out with the call's next write (or one batch of their own).
  const pendingEvents = new Map<string, { type: string; data: object; at: Date }[]>();
  const takeEvents = (callId: string) => {
    const events = pendingEvents.get(callId) ?? [];
    pendingEvents.delete(callId);
    return events;
  };

  const enqueue = (callId: string, write: () => Promise<unknown>) => {
    const next = (chains.get(callId) ?? Promise.resolve()).then(write).catch(onError);
    chains.set(callId, next);
    return next;
  };
  const interactionId = (callId: string) => ids.get(callId) ?? '';

  return {
    async open(call) {
      await enqueue(call.callId, async () => {
        const row = await db.interaction.create({
          data: {
            callId: call.callId,
            direction: call.direction ?? 'inbound',
            ...(call.agentId && { agentId: call.agentId }),
            ani: call.ani,
            dnis: call.dnis,
            lineId: call.lineId,
            queueId: call.queueId,
            customerId: call.customerId,
            events: {
              create: { type: 'received', data: { sipCallId: call.sipCallId, trunk: call.trunkName } },
            },
          },
          select: { id: true },
        });
        ids.set(call.callId, row.id);
      });
    },
    event(callId, type, data) {
      const event = { type, data: (data ?? {}) as object, at: new Date() };
      const queued = pendingEvents.get(callId);
      if (queued) {
        queued.push(event);
        return;
      }
      pendingEvents.set(callId, [event]);
      void enqueue(callId, async () => {
        const events = takeEvents(callId);
        if (events.length === 0) return;
        await db.interactionEvent.createMany({
          data: events.map((e) => ({ ...e, interactionId: interactionId(callId) })),
        });
      });
    },
    answered(callId, agentId, at) {
      void enqueue(callId, () =>
        db.interaction.update({
          where: { callId },
          data: {
            agentId,
            answeredAt: at,
            events: { create: [...takeEvents(callId), { type: 'answered', data: { agentId }, at }] },
          },
        }),
      );
    },
    queued(callId, queueId) {
      const at = new Date();
      void enqueue(callId, () =>
        db.interaction.update({
          where: { callId },
          data: {
            queueId,
            events: { create: [...takeEvents(callId), { type: 'queued', data: { queueId }, at }] },
          },
        }),
      );
    },
    ivrDone(callId, result) {
      const at = new Date();
      void enqueue(callId, () =>
        db.interaction.update({
          where: { callId },
          data: {
            ivrPath: toJson(result.path),
            events: {
              create: [
                ...takeEvents(callId),
                {
                  type: 'ivr_done',
                  data: toJson({ flowId: result.flowId, outcome: result.outcome }),
                  at,
                },
              ],
            },
          },
        }),
      );
    },
    recorded(callId, ref) {
      void enqueue(callId, () => db.interaction.update({ where: { callId }, data: { recordingRef: ref } }));
    },
    ended(callId, ended) {
      void enqueue(callId, async () => {
        await db.interaction.update({
          where: { callId },
          data: {
            endedAt: ended.at,
            endedBy: ended.endedBy,
            sipCause: ended.sipCause,
            ...(ended.agentId ? { agentId: ended.agentId } : {}),
            events: {
              create: [
                ...takeEvents(callId),
                { type: 'ended', data: { endedBy: ended.endedBy, sipCause: ended.sipCause }, at: ended.at },
              ],
            },
          },
        });
      }).then(() => {
        chains.delete(callId);
        ids.delete(callId);
      });
    },
    async settled() {
      await Promise.all(chains.values());
    },
  };
}

/** A plain JSON copy for Prisma's Json columns (drops undefined, dates become strings). */
function toJson(value: unknown): object {
  return JSON.parse(JSON.stringify(value)) as object;
}
