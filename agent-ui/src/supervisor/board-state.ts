// The supervisor workspace's live board: the server's snapshot (`supervisor.board`, sent when
// the socket connects) with each later push folded in. Pure, so it is unit-tested; the React
// side is board-context.tsx.
import type {
  ServerEventName,
  ServerEventPayload,
  SupervisorBoard,
  WallboardInterval,
} from '../api/types.js';

/** The pushes the board folds in (the snapshot replaces it whole). */
export const BOARD_EVENTS = [
  'supervisor.board',
  'supervisor.queue',
  'supervisor.agent',
  'supervisor.call',
  'supervisor.call.gone',
  'supervisor.alert',
  'supervisor.alert.cleared',
] as const satisfies readonly ServerEventName[];
export type BoardEventName = (typeof BOARD_EVENTS)[number];

const upsert = <T>(list: readonly T[], item: T, same: (a: T) => boolean): T[] => {
  const i = list.findIndex(same);
  if (i < 0) return [...list, item];
  const out = [...list];
  out[i] = item;
  return out;
};

const withInterval = (list: readonly WallboardInterval[], interval: WallboardInterval): WallboardInterval[] =>
  upsert(list, interval, (i) => i.start === interval.start).sort((a, b) => a.start.localeCompare(b.start));

/** The board after one push; null (no snapshot yet) ignores everything but the snapshot. */
export function applyBoardEvent<E extends BoardEventName>(
  board: SupervisorBoard | null,
  event: E,
  payload: ServerEventPayload<E>,
): SupervisorBoard | null {
  if (event === 'supervisor.board') return payload as SupervisorBoard;
  if (!board) return null;
  switch (event) {
    case 'supervisor.queue': {
      const { interval, ...queue } = payload as ServerEventPayload<'supervisor.queue'>;
      return {
        ...board,
        at: queue.at,
        queues: upsert(board.queues, queue, (q) => q.queueId === queue.queueId),
        intervals: {
          ...board.intervals,
          [queue.queueId]: withInterval(board.intervals[queue.queueId] ?? [], interval),
        },
      };
    }
    case 'supervisor.agent': {
      const agent = payload as ServerEventPayload<'supervisor.agent'>;
      return { ...board, agents: upsert(board.agents, agent, (a) => a.agentId === agent.agentId) };
    }
    case 'supervisor.call': {
      const call = payload as ServerEventPayload<'supervisor.call'>;
      return { ...board, calls: upsert(board.calls, call, (c) => c.callId === call.callId) };
    }
    case 'supervisor.call.gone': {
      const { callId } = payload as ServerEventPayload<'supervisor.call.gone'>;
      return { ...board, calls: board.calls.filter((c) => c.callId !== callId) };
    }
    case 'supervisor.alert': {
      const alert = payload as ServerEventPayload<'supervisor.alert'>;
      return { ...board, alerts: upsert(board.alerts, alert, (a) => a.id === alert.id) };
    }
    case 'supervisor.alert.cleared': {
      const { id } = payload as ServerEventPayload<'supervisor.alert.cleared'>;
      return { ...board, alerts: board.alerts.filter((a) => a.id !== id) };
    }
  }
  return board;
}
