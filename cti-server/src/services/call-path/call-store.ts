import type { Db } from '@kefu/db';
import type { CallStore } from '../../call/call-control-deps.js';
import { newId, writeQueueFor, type InteractionUpdate } from '../write-queue.js';

/**
 * The Interaction row of each call and its event trail, written behind the call through the
 * database's write queue (`write-queue.ts`): rows wait up to 20 ms and go out in one
 * transaction with every other call's, in the order they were recorded, so "ended" can never
 * land before "opened". `open` resolves once the row is stored (call control relies on the row
 * existing); everything else returns at once. `settled()` (or any flush of the queue) stores what
 * is queued, for shutdown and for readers that must see their own writes.
 */
export function createCallStore(
  db: Db,
  onError: (err: unknown) => void,
  /** A callback request was stored (consoles refresh their list). */
  onCallbackStored?: () => void,
): CallStore & { settled(): Promise<void> } {
  const queue = writeQueueFor(db);
  // Interaction ids are made here, so events can be queued with their row.
  const ids = new Map<string, string>();

  const event = (callId: string, type: string, data: object, at = new Date()) => {
    const interactionId = ids.get(callId);
    if (!interactionId) {
      onError(new Error(`event ${type} for call ${callId}, which has no Interaction row`));
      return;
    }
    queue.insertLater('InteractionEvent', { id: newId(), interactionId, type, data, at }, onError);
  };
  const update = (callId: string, fields: InteractionUpdate) =>
    queue.updateInteraction(callId, fields, onError);

  return {
    async open(call) {
      const id = newId();
      ids.set(call.callId, id);
      const at = new Date();
      const stored = queue.insert(
        'Interaction',
        {
          id,
          callId: call.callId,
          direction: call.direction ?? 'inbound',
          ...(call.agentId && { agentId: call.agentId }),
          ani: call.ani,
          dnis: call.dnis,
          lineId: call.lineId,
          queueId: call.queueId,
          customerId: call.customerId,
          offeredAt: at,
        },
        onError,
      );
      event(call.callId, 'received', { sipCallId: call.sipCallId, trunk: call.trunkName }, at);
      await stored;
    },
    event(callId, type, data) {
      event(callId, type, data ?? {});
    },
    answered(callId, agentId, at) {
      void update(callId, { agentId, answeredAt: at });
      event(callId, 'answered', { agentId }, at);
    },
    queued(callId, queueId) {
      void update(callId, { queueId });
      event(callId, 'queued', { queueId });
    },
    ivrDone(callId, result) {
      void update(callId, { ivrPath: toJson(result.path) });
      event(callId, 'ivr_done', toJson({ flowId: result.flowId, outcome: result.outcome }));
    },
    callbackRequested(callId, request) {
      event(callId, 'callback_requested', { ...request });
      if (!request.number) return; // An anonymous caller cannot be called back.
      const interactionId = ids.get(callId) ?? null;
      // Rare, so a row of its own once the call's row is stored (the flush), not write-behind.
      void queue
        .flush()
        .then(() => db.callbackRequest.create({ data: { ...request, interactionId } }))
        .then(() => onCallbackStored?.(), onError);
    },
    recorded(callId, ref) {
      void update(callId, { recordingRef: ref });
    },
    ended(callId, ended) {
      const stored = update(callId, {
        endedAt: ended.at,
        endedBy: ended.endedBy,
        sipCause: ended.sipCause,
        ...(ended.agentId ? { agentId: ended.agentId } : {}),
      });
      event(callId, 'ended', { endedBy: ended.endedBy, sipCause: ended.sipCause }, ended.at);
      // Events after the end still find the row's id for a while: a consult's end, a last DTMF,
      // and the IVR's ivr_done, which an abandoned flow reports once its prompt has stopped.
      void stored.then(() => setTimeout(() => ids.delete(callId), ENDED_CALL_EVENTS_MS).unref());
    },
    async settled() {
      await queue.flush();
    },
  };
}

/** How long events of an ended call are still stored (wall time: write batching, not call logic). */
const ENDED_CALL_EVENTS_MS = 60_000;

/** A plain JSON copy for Prisma's Json columns (drops undefined, dates become strings). */
function toJson(value: unknown): object {
  return JSON.parse(JSON.stringify(value)) as object;
}
