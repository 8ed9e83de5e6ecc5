import fp from 'fastify-plugin';
import { Acd, type AcdCallEvent, type AcdDelegate } from '../../acd/index.js';
import { systemClock, type Clock } from '../../clock/index.js';
import { AcdEvents } from '../../services/routing/acd-events.js';
import { AcdRoutingLog } from '../../services/routing/acd-routing-log.js';
import { touches } from '../../services/config/config-changes.js';
import { storedNotReadyReasons } from '../../services/console/console-settings.js';
import { agentProfileFromRow, queueConfigFromRow } from '../../services/routing/acd-config.js';
import { agentMetricsView, queueMetricsView } from '../../services/routing/acd-views.js';
import { AgentDirectory, directoryFromRows, loadAcdRows } from '../../services/routing/agent-directory.js';
import { AgentRoster } from '../../services/routing/agent-roster.js';
import { AgentStateLog } from '../../services/routing/agent-state-log.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one ACD: call control calls enqueue/ringing/answer/reject/abandon/finish on it. */
    acd: Acd;
    /** Typed events from the ACD: agent.state, agent.metrics, queue.metrics, offer, offerWithdrawn, … */
    acdEvents: AcdEvents;
    agentDirectory: AgentDirectory;
    /** Applies an agent's changed row (administration) to the running ACD and directory. */
    agentRoster: AgentRoster;
    agentStateLog: AgentStateLog;
    /** Routing decisions on their way to Interaction.routing; `flush()` before reading them. */
    acdRoutingLog: AcdRoutingLog;
    acdSettings: AcdSettings;
  }
}

export interface AcdSettings {
  clock: Clock;
  /** Not-ready codes agents may pick: the Setting `notReadyReasons`, re-read when it changes. */
  notReadyReasons: readonly string[];
}

export interface AcdPluginOptions {
  /** Time source for the ACD's timers (ring timeout, wrap-up, relaxation); the wall clock by default. */
  clock?: Clock;
  /** Not-ready codes when the database has no Setting `notReadyReasons` (else the defaults). */
  notReadyReasons?: readonly string[];
}

export const DEFAULT_NOT_READY_REASONS = [
  'break',
  'lunch',
  'training',
  'meeting',
  'coaching',
  'admin',
  'missed_call',
  'other',
] as const;

/**
 * Builds the ACD from the database at startup (queues with their skills and policy, agents with
 * skills and languages; everyone logged out), stores each agent transition as an AgentStateEvent
 * and republishes what the ACD reports on `app.acdEvents`.
 */
export default fp<AcdPluginOptions>(
  async (app, opts) => {
    const clock = trackedClock(opts.clock ?? systemClock);
    // The administration's list (Setting row), else the option, else the built-in defaults.
    const readReasons = async (): Promise<readonly string[]> =>
      (await storedNotReadyReasons(app.db))?.map((r) => r.code) ??
      opts.notReadyReasons ??
      DEFAULT_NOT_READY_REASONS;
    const notReadyReasons = await readReasons();
    const rows = await loadAcdRows(app.db);
    const directory = directoryFromRows(rows);
    const stateLog = new AgentStateLog(app.db, app.log);
    const routingLog = new AcdRoutingLog(app.db, {
      extensionOf: (agentId) => directory.agent(agentId)?.extension,
      onError: (err, msg) => app.log.error({ err }, msg),
    });
    const events = new AcdEvents((err, event) => app.log.error({ err, event }, 'ACD event listener failed'));
    let booting = true;

    const delegate: AcdDelegate = {
      onAgentTransition(record) {
        // Every agent starts logged out; the rows for that are written below, once.
        if (booting) return;
        const agent = directory.agent(record.agentId);
        if (!agent) return;
        // The machine names the agent by agent id, a supervisor by user id, timers as "system".
        const actorId =
          record.actor === 'system' ? null : record.actor === record.agentId ? agent.userId : record.actor;
        const at = new Date(record.at);
        stateLog.record({ agentId: agent.id, state: record.to, reason: record.reason, actorId, at });
        events.emit('agent.state', {
          agentId: agent.id,
          extension: agent.extension,
          userId: agent.userId,
          from: record.from,
          state: record.to,
          reason: record.reason,
          actorId,
          at: at.toISOString(),
          callId: record.callId ?? null,
        });
      },
      onQueueMetrics(snapshot) {
        const queue = directory.queue(snapshot.queueId);
        if (!queue) return;
        const sl = acd.engine.queue(snapshot.queueId)?.serviceLevelSeconds;
        events.emit('queue.metrics', queueMetricsView(snapshot, queue, sl));
      },
      onAgentMetrics(snapshot) {
        const agent = directory.agent(snapshot.agentId);
        if (agent) events.emit('agent.metrics', agentMetricsView(snapshot, agent));
      },
      onOffer(offer) {
        const agent = directory.agent(offer.agentId);
        events.emit('offer', {
          ...offer,
          extension: agent?.extension ?? '',
          queue: directory.queue(offer.queueId)?.name ?? offer.queueId,
        });
      },
      onOfferWithdrawn(event) {
        events.emit('offerWithdrawn', {
          ...event,
          extension: directory.agent(event.agentId)?.extension ?? '',
        });
      },
      onDecision: (decision) => routingLog.record(decision),
      onOverflow: (event) => events.emit('overflow', event),
      onCallEvent(event) {
        if (leavesAcd(event)) routingLog.callDone(event.callId);
        events.emit('callEvent', event);
      },
    };

    const acd = new Acd({ clock, delegate, notReadyReasons });
    for (const q of rows.queues) acd.defineQueue(queueConfigFromRow(q));
    for (const a of rows.agents) acd.addAgent(agentProfileFromRow(a));
    booting = false;
    await recordRestartLogout(app.db, stateLog, clock.now());

    app.decorate('acd', acd);
    app.decorate('acdEvents', events);
    app.decorate('agentDirectory', directory);
    app.decorate('agentRoster', new AgentRoster(app.db, acd, directory, events));
    app.decorate('agentStateLog', stateLog);
    app.decorate('acdRoutingLog', routingLog);
    const settings: AcdSettings = { clock, notReadyReasons };
    app.decorate('acdSettings', settings);
    app.log.info({ queues: rows.queues.length, agents: rows.agents.length }, 'ACD ready');

    // The administration changed something the ACD keeps in memory: re-read it, apply it now.
    const unsubscribe = app.configChanges.subscribe(async (change) => {
      if (touches(change, 'queue')) {
        const where = change.kind === 'queue' ? { id: change.id } : {};
        for (const row of await loadQueueRows(app.db, where)) {
          // Defined before it is named: the directory's queues are the ones the ACD routes.
          acd.defineQueue(queueConfigFromRow(row));
          directory.putQueue({
            id: row.id,
            name: row.name,
            displayName: row.displayName,
            strategy: row.strategy,
          });
        }
      }
      if (change.kind === 'agent') await app.agentRoster.refresh(change.id);
      if (change.kind === 'all')
        for (const a of await app.db.agent.findMany({ select: { id: true } }))
          await app.agentRoster.refresh(a.id);
      if (change.kind === 'all' || (change.kind === 'setting' && change.key === 'notReadyReasons')) {
        settings.notReadyReasons = await readReasons();
        acd.setNotReadyReasons(settings.notReadyReasons);
      }
    });

    // Store what is queued before the database goes away; then drop the ACD's timers.
    app.addHook('preClose', async () => {
      await Promise.all([stateLog.flush(), routingLog.flush()]);
    });
    app.addHook('onClose', async () => {
      unsubscribe();
      await Promise.all([stateLog.flush(), routingLog.close()]);
      clock.clearAll();
    });
  },
  { name: 'acd', dependencies: ['prisma', 'config-changes'] },
);

/** Queue rows with their skills, as `queueConfigFromRow` maps them. */
function loadQueueRows(db: Parameters<typeof loadAcdRows>[0], where: { id?: string }) {
  return db.queue.findMany({
    where,
    include: { skills: { include: { skill: { select: { name: true, kind: true } } } } },
    orderBy: { name: 'asc' },
  });
}

/** No more routing decisions will come for a call after these. */
function leavesAcd(event: AcdCallEvent): boolean {
  return (
    event.type === 'finished' ||
    event.type === 'abandoned' ||
    (event.type === 'overflowed' && event.target.kind !== 'queue')
  );
}

/**
 * A restart logs everyone out. Agents whose last stored state says otherwise get a
 * `logged_out / server_restart` row, so the history does not show them ready for ever.
 */
async function recordRestartLogout(db: Parameters<typeof loadAcdRows>[0], log: AgentStateLog, now: number) {
  const latest = await db.agentStateEvent.findMany({
    orderBy: [{ agentId: 'asc' }, { at: 'desc' }, { id: 'desc' }],
    distinct: ['agentId'],
    select: { agentId: true, state: true },
  });
  const at = new Date(now);
  for (const row of latest) {
    if (row.state !== 'logged_out') {
      log.record({ agentId: row.agentId, state: 'logged_out', reason: 'server_restart', actorId: null, at });
    }
  }
  await log.flush();
}

/** Wraps a clock so every pending timer can be cancelled when the app closes. */
function trackedClock(clock: Clock): Clock & { clearAll(): void } {
  const pending = new Set<unknown>();
  return {
    now: () => clock.now(),
    setTimeout(fn, ms) {
      const handle: unknown = clock.setTimeout(() => {
        pending.delete(handle);
        fn();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      clock.clearTimeout(handle);
    },
    clearAll() {
      for (const handle of pending) clock.clearTimeout(handle);
      pending.clear();
    },
  };
}
