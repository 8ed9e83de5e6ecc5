import fp from 'fastify-plugin';
import type {
  SupervisorBoard,
  WallboardAgent,
  WallboardInterval,
  WallboardQueue,
} from '../../services/supervision/supervision-events.js';
import type { SupervisionSettings } from '../../services/supervision/supervision-settings.js';
import type { Clock } from '../../clock/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Today's wallboard figures per queue and agent (issue 15). */
    supervision: Supervision;
  }
}

/** What the supervision plugin offers the routes and the live-calls/alerts plugin. */
export interface Supervision {
  settings(): SupervisionSettings;
  queues(): WallboardQueue[];
  agents(): WallboardAgent[];
  intervals(): Record<string, WallboardInterval[]>;
  /** A queue's row changed (pushed to the supervisors too); returns the unsubscribe function. */
  onQueue(listener: (q: WallboardQueue & { interval: WallboardInterval }) => void): () => void;
  onAgent(listener: (a: WallboardAgent) => void): () => void;
  /** Calls/alerts from app.liveCalls.list() / app.supervisorAlerts.list() when decorated, else []. */
  board(): SupervisorBoard;
}

export interface SupervisionPluginOptions {
  clock?: Clock;
}

/**
 * Supervision: today's wallboard figures per queue and agent, folded from the ACD's events and
 * pushed to the supervisors' room. (Issue 15: being built.)
 */
export default fp<SupervisionPluginOptions>(async () => {}, {
  name: 'supervision',
  dependencies: ['acd', 'realtime', 'config-changes'],
});
