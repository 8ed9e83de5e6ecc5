import fp from 'fastify-plugin';
import type { InboundCall } from '../../call/inbound-call.js';
import type { Clock } from '../../clock/index.js';
import { touches } from '../../services/config/config-changes.js';
import { AlertRules } from '../../services/supervision/alert-rules.js';
import { LiveCallTracker, type SipCallFacts } from '../../services/supervision/live-calls.js';
import { stuckCustomerAlerts } from '../../services/supervision/stuck-customers.js';
import type { SupervisorAlert, WallboardCall } from '../../services/supervision/supervision-events.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The calls in progress (IVR, waiting, ringing, connected, held), for the board (issue 15). */
    liveCalls: { list(): WallboardCall[] };
    /** The supervisors' active alerts (issue 15). */
    supervisorAlerts: { list(): SupervisorAlert[] };
  }
}

export interface SupervisionLiveOptions {
  /** The injected clock (the ACD's by default): waits, time in state, the alert tick. */
  clock?: Clock;
  /** How often stuck customers are read again (they change over days, not seconds). */
  stuckCustomersEveryMs?: number;
}

const STUCK_CUSTOMERS_EVERY_MS = 10 * 60_000;

/** The ACD's reason when an agent's phone rang out (agent-state-machine.ts ringTimeout). */
const RING_NO_ANSWER = 'missed_call';

/**
 * Supervision of what is happening now: the live calls (from the ACD's call events, and call
 * control's calls when SIP is on) and the alerts raised on the wallboard, each change pushed to
 * the supervisors' room; a stuck customer's alert goes to their owner too.
 */
export default fp<SupervisionLiveOptions>(
  async (app, opts) => {
    const clock = opts.clock ?? app.acdSettings.clock;
    const now = () => clock.now();
    let lines = await loadLines();
    let closed = false;

    async function loadLines(): Promise<Map<string, string>> {
      const rows = await app.db.line.findMany({ select: { dnis: true, name: true } });
      return new Map(rows.map((r) => [r.dnis, r.name]));
    }

    const tracker = new LiveCallTracker({
      now,
      queueName: (id) => app.agentDirectory.queue(id)?.displayName ?? null,
      agentExtension: (id) => app.agentDirectory.agent(id)?.extension ?? null,
      lineName: (dnis) => lines.get(dnis) ?? null,
      onChange: (call) => {
        if (!closed) app.realtime.emitToSupervisors('supervisor.call', call);
        scheduleEvaluate();
      },
      onGone: (callId) => {
        if (!closed) app.realtime.emitToSupervisors('supervisor.call.gone', { callId });
        scheduleEvaluate();
      },
    });

    const alerts = new AlertRules({
      now,
      onRaised: (alert) => {
        if (closed) return;
        app.realtime.emitToSupervisors('supervisor.alert', alert);
        if (alert.kind === 'stuck_customer' && alert.ownerUserId)
          app.realtime.emitToUser(alert.ownerUserId, 'supervisor.alert', alert);
      },
      onCleared: (id) => {
        if (!closed) app.realtime.emitToSupervisors('supervisor.alert.cleared', { id });
      },
    });

    // Alerts are evaluated once per event-loop turn after a change (an ACD settle emits several).
    let evaluateScheduled: ReturnType<typeof setImmediate> | null = null;
    function scheduleEvaluate() {
      if (evaluateScheduled || closed) return;
      evaluateScheduled = setImmediate(evaluate);
    }
    function evaluate() {
      evaluateScheduled = null;
      if (closed) return;
      try {
        alerts.evaluate({
          queues: app.supervision.queues(),
          agents: app.supervision.agents(),
          calls: tracker.list(),
          settings: app.supervision.settings().alerts,
        });
      } catch (err) {
        app.log.error({ err }, 'supervision: alerts not evaluated');
      }
    }

    // ── call control (SIP) ────────────────────────────────────────────────────────────────
    const sipFacts = (call: InboundCall): SipCallFacts => ({
      state: call.state,
      held: call.onHold,
      ani: call.caller?.e164 ?? call.identity.ani ?? null,
      dnis: call.dnis,
      customerId: call.caller?.customerId ?? null,
      ivrPath: [...call.ivrPath],
      agentId: call.agent?.agentId ?? null,
    });
    const namesAsked = new Map<string, string>();
    const follow = (call: InboundCall) => {
      const update = () => {
        if (call.ended) {
          namesAsked.delete(call.id);
          tracker.sipCall(call.id, null);
          return;
        }
        tracker.sipCall(call.id, sipFacts(call));
        const customerId = call.caller?.customerId;
        // Asked once per customer of the call (an agent may pick another customer for it).
        if (customerId && namesAsked.get(call.id) !== customerId) {
          namesAsked.set(call.id, customerId);
          app.db.customer.findUnique({ where: { id: customerId }, select: { name: true } }).then(
            (row) => tracker.customerName(call.id, row?.name ?? null),
            (err: unknown) => app.log.warn({ err, callId: call.id }, 'live calls: customer name not read'),
          );
        }
      };
      call.lifecycle.onChange(update);
      update();
    };
    const unsubscribe: Array<() => void> = [];
    const sip = app.hasDecorator('sip') ? app.sip : undefined;
    if (sip) {
      for (const call of sip.calls.activeCalls) follow(call);
      unsubscribe.push(sip.calls.onCall(follow));
      unsubscribe.push(sip.calls.monitors.onChange((callId, session) => tracker.monitor(callId, session)));
    }

    // ── the ACD (always) ──────────────────────────────────────────────────────────────────
    unsubscribe.push(
      app.acdEvents.on('callEvent', (event) => {
        tracker.acdEvent(event);
        if (event.type === 'requeued' && event.reason === RING_NO_ANSWER) {
          const extension = app.agentDirectory.agent(event.agentId)?.extension ?? '';
          alerts.rona(event.agentId, extension, event.at);
        }
        scheduleEvaluate();
      }),
      app.acdEvents.on('offer', (offer) => tracker.routed(offer.callId, offer.decision.why)),
      app.supervision.onQueue(scheduleEvaluate),
      app.supervision.onAgent(scheduleEvaluate),
      app.configChanges.subscribe(async (change) => {
        if (touches(change, 'line')) lines = await loadLines();
      }),
    );

    // ── stuck customers, every few minutes ────────────────────────────────────────────────
    const readStuck = () =>
      stuckCustomerAlerts(app.db, new Date(now())).then(
        (conditions) => {
          alerts.setExternal(conditions);
          scheduleEvaluate();
        },
        (err: unknown) => app.log.warn({ err }, 'supervision: stuck customers not read'),
      );
    // On the injected clock (a simulated day re-reads them too); a database read, so every few
    // minutes only.
    const stuckEveryMs = opts.stuckCustomersEveryMs ?? STUCK_CUSTOMERS_EVERY_MS;
    let stuckTimer: unknown;
    const everyFewMinutes = () => {
      stuckTimer = clock.setTimeout(everyFewMinutes, stuckEveryMs);
      void readStuck();
    };
    stuckTimer = clock.setTimeout(everyFewMinutes, stuckEveryMs);
    app.addHook('onReady', async () => {
      void readStuck();
    });

    // Waits and breaks grow without events: once a second, and the IVR path as the caller moves.
    let tick: unknown;
    const everySecond = () => {
      tick = clock.setTimeout(everySecond, 1000);
      if (sip)
        for (const call of sip.calls.activeCalls)
          if (call.state === 'ivr') tracker.sipCall(call.id, sipFacts(call));
      evaluate();
    };
    tick = clock.setTimeout(everySecond, 1000);

    // An owner whose console opens after the raise still hears of their stuck customers.
    app.realtime.greetAgents((extension) => {
      const userId = app.agentDirectory.agentByExtension(extension)?.userId;
      if (!userId) return [];
      return alerts
        .list()
        .filter((a) => a.kind === 'stuck_customer' && a.ownerUserId === userId)
        .map((a) => ['supervisor.alert', a]);
    });

    app.decorate('liveCalls', { list: () => tracker.list() });
    app.decorate('supervisorAlerts', { list: () => alerts.list() });

    app.addHook('preClose', async () => {
      closed = true;
      clock.clearTimeout(tick);
      clock.clearTimeout(stuckTimer);
      if (evaluateScheduled) clearImmediate(evaluateScheduled);
      for (const off of unsubscribe) off();
    });
  },
  {
    name: 'supervision-live',
    dependencies: ['acd', 'realtime', 'config-changes', 'supervision'],
  },
);
