// Which queues the wallboard and which agents the grid show, and in what order: pure, so the
// pages only render. A queue is served by the agents holding its skill (the seed and most
// centres name a queue's skill after it) or on one of its calls now.
import type { AgentStatus, WallboardAgent, WallboardQueue } from '../api/types.js';
import { timeInStateMs } from './format.js';

export const GRID_STATES: AgentStatus[] = [
  'ready',
  'reserved',
  'ringing',
  'on_call',
  'wrap_up',
  'not_ready',
  'logged_out',
];

/** Ant Design tag colours per state; the state's name is always written beside it. */
export const STATE_COLOURS: Record<AgentStatus, string> = {
  ready: 'green',
  reserved: 'gold',
  ringing: 'gold',
  on_call: 'blue',
  wrap_up: 'purple',
  not_ready: 'red',
  logged_out: 'default',
};

/** The same states as chart colours (the day timeline). */
export const STATE_HEX: Record<AgentStatus, string> = {
  ready: '#52c41a',
  reserved: '#faad14',
  ringing: '#fadb14',
  on_call: '#1677ff',
  wrap_up: '#722ed1',
  not_ready: '#f5222d',
  logged_out: '#bfbfbf',
};

export function servesQueue(agent: WallboardAgent, queue: Pick<WallboardQueue, 'queue'>): boolean {
  return agent.skills.includes(queue.queue) || agent.call?.queue === queue.queue;
}

export interface QueueFilter {
  queueIds: string[];
  team: string | null;
}

/** The queues chosen (all when none), and with a team only those its agents serve. */
export function visibleQueues(
  queues: readonly WallboardQueue[],
  agents: readonly WallboardAgent[],
  filter: QueueFilter,
): WallboardQueue[] {
  const team = filter.team;
  return queues
    .filter((q) => filter.queueIds.length === 0 || filter.queueIds.includes(q.queueId))
    .filter((q) => team === null || agents.some((a) => a.team === team && servesQueue(a, q)))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export interface AgentFilter {
  teams: string[];
  /** Queue names. */
  queues: string[];
  states: AgentStatus[];
}

export function visibleAgents(agents: readonly WallboardAgent[], filter: AgentFilter): WallboardAgent[] {
  return agents
    .filter((a) => filter.teams.length === 0 || (a.team !== null && filter.teams.includes(a.team)))
    .filter((a) => filter.queues.length === 0 || filter.queues.some((queue) => servesQueue(a, { queue })))
    .filter((a) => filter.states.length === 0 || filter.states.includes(a.state))
    .sort((a, b) => a.extension.localeCompare(b.extension, undefined, { numeric: true }));
}

export type AgentSortKey = 'extension' | 'state' | 'timeInState' | 'handled' | 'aht' | 'occupancy';

/** The grid's column sorters; figures with no base (null) sort first. */
export function compareAgents(
  key: AgentSortKey,
  now: number,
): (a: WallboardAgent, b: WallboardAgent) => number {
  const num = (x: number | null) => x ?? -1;
  switch (key) {
    case 'extension':
      return (a, b) => a.extension.localeCompare(b.extension, undefined, { numeric: true });
    case 'state':
      return (a, b) => GRID_STATES.indexOf(a.state) - GRID_STATES.indexOf(b.state);
    case 'timeInState':
      return (a, b) => timeInStateMs(a, now) - timeInStateMs(b, now);
    case 'handled':
      return (a, b) => a.handled - b.handled;
    case 'aht':
      return (a, b) => num(a.ahtMs) - num(b.ahtMs);
    case 'occupancy':
      return (a, b) => num(a.occupancy) - num(b.occupancy);
  }
}
