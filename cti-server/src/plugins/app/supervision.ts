import fp from 'fastify-plugin';
import type { Clock } from '../../clock/index.js';
import { touches } from '../../services/config/config-changes.js';
import { loadThresholds, quartersOfDays, settleDelay } from '../../services/reports/interval-store.js';
import { loadDayRows, replayDay } from '../../services/supervision/board-rebuild.js';
import type {
  SupervisorAlert,
  SupervisorBoard,
  WallboardAgent,
  WallboardCall,
  WallboardInterval,
  WallboardQueue,
} from '../../services/supervision/supervision-events.js';
import {
  loadSupervisionSettings,
  SUPERVISION_KEY,
  TIME_ZONE_KEY,
  type SupervisionSettings,
} from '../../services/supervision/supervision-settings.js';
import { Wallboard, type CallDetails } from '../../services/supervision/wallboard.js';

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
  /** The injected clock (the ACD's by default): "today", intervals, time in state. */
  clock?: Clock;
}

/** The live-calls/alerts plugin's lists, read when it is there. */
interface LiveLists {
  liveCalls?: { list(): WallboardCall[] };
  supervisorAlerts?: { list(): SupervisorAlert[] };
}

/** How often the agent role's users are read again. */
const ROLE_RELOAD_MS = 30_000;

/** How many calls' caller details are kept (the calls agents are on; old ones go first). */
const MAX_CALL_DETAILS = 5_000;

/**
 * Supervision: today's wallboard figures per queue and agent, folded from the ACD's events,
 * rebuilt from the database at start, and pushed to the supervisors' room within the tick of the
 * ACD event (changes are batched per event-loop turn, never delayed by a timer).
 */
export default fp<SupervisionPluginOptions>(
  async (app, opts) => {
    const clock = opts.clock ?? app.acdSettings.clock;
    const now = () => clock.now();
    let settings = await loadSupervisionSettings(app.db);
    let targets = await loadTargets();
    let agentUsers = await loadAgentUsers();

    async function loadTargets(): Promise<Map<string, number>> {
      const rows = await app.db.queue.findMany({ select: { id: true, serviceLevelTarget: true } });
      return new Map(rows.map((r) => [r.id, r.serviceLevelTarget / 100]));
    }
    async function loadAgentUsers(): Promise<Set<string>> {
      const rows = await app.db.userRole.findMany({ where: { role: 'agent' }, select: { userId: true } });
      return new Set(rows.map((r) => r.userId));
    }

    // Listen / whisper / barge sessions (call control, only with SIP).
    const monitors = app.hasDecorator('sip') ? app.sip.calls.monitors : undefined;
    const details = new Map<string, CallDetails>();
    const callDetails = (callId: string): CallDetails | null => {
      const cached = details.get(callId);
      if (cached) return cached;
      if (!app.hasDecorator('sip')) return null;
      const call = app.sip.calls.call(callId);
      if (!call) return null;
      const found: CallDetails = {
        ani: call.caller?.e164 ?? call.identity.ani,
        customerId: call.caller?.customerId ?? null,
        customerName: null,
      };
      details.set(callId, found);
      if (details.size > MAX_CALL_DETAILS) details.delete(details.keys().next().value!);
      if (found.customerId)
        app.db.customer.findUnique({ where: { id: found.customerId }, select: { name: true } }).then(
          (row) => {
            found.customerName = row?.name ?? null;
            markAgentsOnCall(callId);
          },
          (err: unknown) => app.log.warn({ err, callId }, 'supervision: customer name not read'),
        );
      return found;
    };

    const wallboard = new Wallboard({
      acd: app.acd,
      directory: app.agentDirectory,
      now,
      settings: () => settings,
      serviceLevelTarget: (queueId) => targets.get(queueId) ?? 0.8,
      isAgent: (userId) => agentUsers.has(userId),
      callDetails,
      monitor: (callId) => monitors?.session(callId) ?? null,
    });
    // Today so far, from the database: a restart loses nothing (nothing routes before listen).
    replayDay(wallboard.board, await loadDayRows(app.db, wallboard.board.dayStart));

    // ── pushes ────────────────────────────────────────────────────────────────────────────
    const queueListeners = new Set<(q: WallboardQueue & { interval: WallboardInterval }) => void>();
    const agentListeners = new Set<(a: WallboardAgent) => void>();
    const dirtyQueues = new Set<string>();
    const dirtyAgents = new Set<string>();
    const lastWaitLevel = new Map<string, string>();
    const lastStateLevel = new Map<string, string>();
    /** Phone registered / console connected as last pushed: the ACD reports no event for them. */
    const lastPresence = new Map<string, string>();
    const presenceOf = (a: WallboardAgent | { phoneRegistered: boolean; consoleConnected: boolean }) =>
      `${a.phoneRegistered}|${a.consoleConnected}`;
    let flushScheduled: ReturnType<typeof setImmediate> | null = null;
    let closed = false;

    const schedule = () => {
      if (flushScheduled || closed) return;
      // One push per event-loop turn: an ACD settle emits several events for one change.
      flushScheduled = setImmediate(flush);
    };
    const markQueues = (ids: Iterable<string>) => {
      for (const id of ids) dirtyQueues.add(id);
      schedule();
    };
    const markAgent = (agentId: string) => {
      if (!wallboard.isGridAgent(agentId)) return;
      dirtyAgents.add(agentId);
      schedule();
    };
    function markAgentsOnCall(callId: string) {
      for (const a of app.agentDirectory.agents())
        if ((app.acd.agentContext(a.id)?.callId ?? app.acd.offeredCall(a.id)) === callId) markAgent(a.id);
    }

    function flush() {
      flushScheduled = null;
      if (closed) return;
      rollover();
      for (const id of dirtyQueues) {
        const row = wallboard.queueWithInterval(id);
        if (!row) continue;
        lastWaitLevel.set(id, row.levels.longestWait);
        for (const listener of queueListeners) safely(() => listener(row));
        app.realtime.emitToSupervisors('supervisor.queue', row);
      }
      dirtyQueues.clear();
      for (const id of dirtyAgents) {
        const row = wallboard.agent(id);
        if (!row) continue;
        lastStateLevel.set(id, row.levels.timeInState);
        lastPresence.set(id, presenceOf(row));
        for (const listener of agentListeners) safely(() => listener(row));
        app.realtime.emitToSupervisors('supervisor.agent', row);
      }
      dirtyAgents.clear();
    }
    const safely = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        app.log.error({ err }, 'supervision listener failed');
      }
    };

    const board = (): SupervisorBoard => {
      rollover();
      const lists = app as unknown as LiveLists;
      const agents = wallboard.agents();
      return {
        at: new Date(now()).toISOString(),
        timeZone: settings.timeZone,
        queues: wallboard.queues(),
        intervals: wallboard.intervals(),
        agents,
        calls: app.hasDecorator('liveCalls') ? (lists.liveCalls?.list() ?? []) : [],
        alerts: app.hasDecorator('supervisorAlerts') ? (lists.supervisorAlerts?.list() ?? []) : [],
        teams: [...new Set(agents.flatMap((a) => (a.team ? [a.team] : [])))].sort(),
      };
    };

    /** Past local midnight: a new, empty day, sent whole to every supervisor. */
    function rollover() {
      const closedDay = wallboard.board.date;
      if (!wallboard.board.rollover(now())) return;
      storeWhenSettled(closedDay, wallboard.board.dayStart);
      lastWaitLevel.clear();
      setImmediate(() => {
        if (!closed) app.realtime.emitToSupervisors('supervisor.board', board());
      });
    }

    /**
     * The reports' aggregates of the day that just closed, once its last rows are written (write
     * path). If the server stops before, the first report that asks for the day stores it.
     */
    let storeTimer: unknown = null;
    function storeWhenSettled(day: string, dayEnd: number) {
      if (storeTimer !== null) clock.clearTimeout(storeTimer);
      storeTimer = clock.setTimeout(
        () => {
          storeTimer = null;
          if (closed) return;
          const { timeZone, shortAbandonSeconds } = settings;
          loadThresholds(app.db)
            .then((thresholds) =>
              quartersOfDays(app.db, [day], { timeZone, shortAbandonSeconds, thresholds, now: now() }),
            )
            .then(
              () => app.log.info({ day }, 'reports: closed day stored'),
              (err: unknown) => app.log.warn({ err, day }, 'reports: closed day not stored'),
            );
        },
        settleDelay(dayEnd, now()),
      );
    }

    const unsubscribe = [
      app.acdEvents.on('callEvent', (event) => markQueues(wallboard.callEvent(event))),
      app.acdEvents.on('agent.state', (change) => {
        markQueues(
          wallboard.agentState({
            agentId: change.agentId,
            state: change.state,
            reason: change.reason,
            at: Date.parse(change.at),
            callId: change.callId,
          }),
        );
        markAgent(change.agentId);
      }),
      // Phone registered, console connected, occupancy: the ACD reports them per agent.
      app.acdEvents.on('agent.metrics', (m) => markAgent(m.agentId)),
      app.acdEvents.on('queue.metrics', (m) => markQueues([m.queueId])),
      app.configChanges.subscribe(async (change) => {
        const ours =
          change.kind === 'all' ||
          (change.kind === 'setting' && (change.key === TIME_ZONE_KEY || change.key === SUPERVISION_KEY));
        if (ours) settings = await loadSupervisionSettings(app.db);
        if (touches(change, 'queue')) targets = await loadTargets();
        if (touches(change, 'agent')) agentUsers = await loadAgentUsers();
        if (ours || touches(change, 'queue')) wallboard.reconfigure();
        if (ours || touches(change, 'queue') || touches(change, 'agent'))
          app.realtime.emitToSupervisors('supervisor.board', board());
      }),
    ];
    if (monitors) unsubscribe.push(monitors.onChange((callId) => markAgentsOnCall(callId)));

    app.realtime.greetSupervisors(() => [['supervisor.board', board()]]);

    // Colours that change with time alone (a call waits longer, a break runs long), and midnight.
    let tick: unknown;
    const everySecond = () => {
      tick = clock.setTimeout(everySecond, 1000);
      rollover();
      for (const id of wallboard.queueIds()) {
        const level = wallboard.longestWaitLevel(id);
        if (level !== (lastWaitLevel.get(id) ?? 'ok')) {
          lastWaitLevel.set(id, level);
          markQueues([id]);
        }
      }
      for (const a of wallboard.gridAgents()) {
        const level = wallboard.timeInStateLevel(a.id);
        if (level !== (lastStateLevel.get(a.id) ?? 'ok')) {
          lastStateLevel.set(a.id, level);
          markAgent(a.id);
        }
        const ctx = app.acd.agentContext(a.id);
        const presence = ctx ? presenceOf(ctx) : undefined;
        const pushed = lastPresence.get(a.id);
        if (presence !== undefined && presence !== pushed) {
          lastPresence.set(a.id, presence);
          if (pushed !== undefined) markAgent(a.id);
        }
      }
    };
    // Roles change through the users' administration, which publishes no configuration change: a
    // database cache, so on wall time like the others.
    const roleReload = setInterval(() => {
      loadAgentUsers().then(
        (users) => {
          agentUsers = users;
        },
        (err: unknown) => app.log.warn({ err }, 'supervision: agent roles not re-read'),
      );
    }, ROLE_RELOAD_MS);
    roleReload.unref();
    tick = clock.setTimeout(everySecond, 1000);

    app.decorate('supervision', {
      settings: () => settings,
      queues: () => wallboard.queues(),
      agents: () => wallboard.agents(),
      intervals: () => wallboard.intervals(),
      onQueue(listener) {
        queueListeners.add(listener);
        return () => queueListeners.delete(listener);
      },
      onAgent(listener) {
        agentListeners.add(listener);
        return () => agentListeners.delete(listener);
      },
      board,
    } satisfies Supervision);

    app.addHook('preClose', async () => {
      closed = true;
      clock.clearTimeout(tick);
      if (storeTimer !== null) clock.clearTimeout(storeTimer);
      clearInterval(roleReload);
      if (flushScheduled) clearImmediate(flushScheduled);
      for (const off of unsubscribe) off();
    });
  },
  {
    name: 'supervision',
    dependencies: ['acd', 'realtime', 'config-changes'],
  },
);
