import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { AGENT_STATUSES } from '../../acd/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's Prometheus registry (one per instance: tests build many apps in one process). */
    metrics: Registry;
  }
}

/**
 * Prometheus text format at GET /metrics: Node's defaults (heap, event-loop lag, GC) and kefu's
 * gauges read at scrape time from the ACD and, when SIP is on, call control and the location
 * service. Nothing on the call path is touched: every kefu_ value is collected when scraped.
 * Unauthenticated, like most scrape targets: expose the HTTP port only on a private network
 * (or put the path behind the reverse proxy's access rules).
 */
export default fp(
  async (app) => {
    const registry = new Registry();
    // Unprefixed (process_*, nodejs_*) so stock Node.js dashboards read them.
    collectDefaultMetrics({ register: registry });
    const registers = [registry];
    const queues = () => app.agentDirectory.queues();

    new Gauge({
      name: 'kefu_queue_waiting_calls',
      help: 'Calls waiting in each queue.',
      labelNames: ['queue'],
      registers,
      collect() {
        this.reset();
        for (const q of queues()) this.set({ queue: q.name }, app.acd.queueMetrics(q.id)?.waiting ?? 0);
      },
    });
    new Gauge({
      name: 'kefu_queue_longest_wait_seconds',
      help: 'How long the oldest waiting call of each queue has waited.',
      labelNames: ['queue'],
      registers,
      collect() {
        this.reset();
        for (const q of queues()) {
          const m = app.acd.queueMetrics(q.id);
          if (m) this.set({ queue: q.name }, m.longestWaitMs / 1000);
        }
      },
    });
    new Gauge({
      name: 'kefu_queue_service_level_ratio',
      help: 'Share of calls answered within the queue threshold (absent until a call counts).',
      labelNames: ['queue'],
      registers,
      collect() {
        this.reset();
        for (const q of queues()) {
          const level = app.acd.queueMetrics(q.id)?.serviceLevel;
          if (level !== null && level !== undefined) this.set({ queue: q.name }, level);
        }
      },
    });
    // Totals kept by the ACD since start; exposed as counters by following them at scrape time.
    const queueTotals = ['entered', 'answered', 'abandoned', 'overflowed'] as const;
    for (const total of queueTotals) {
      const seen = new Map<string, number>();
      new Counter({
        name: `kefu_queue_calls_${total}_total`,
        help: `Calls ${total} per queue since the server started.`,
        labelNames: ['queue'],
        registers,
        collect() {
          for (const q of queues()) {
            const now = app.acd.queueMetrics(q.id)?.[total] ?? 0;
            const delta = now - (seen.get(q.id) ?? 0);
            this.inc({ queue: q.name }, Math.max(delta, 0));
            seen.set(q.id, now);
          }
        },
      });
    }
    new Gauge({
      name: 'kefu_agents',
      help: 'Agents by ACD state.',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = new Map<string, number>(AGENT_STATUSES.map((s) => [s, 0]));
        for (const agent of app.agentDirectory.agents()) {
          const status = app.acd.agentStatus(agent.id);
          if (status) counts.set(status, (counts.get(status) ?? 0) + 1);
        }
        for (const [state, n] of counts) this.set({ state }, n);
      },
    });

    if (app.hasDecorator('sip')) {
      new Gauge({
        name: 'kefu_active_calls',
        help: 'Inbound calls in progress by call state.',
        labelNames: ['state'],
        registers,
        collect() {
          this.reset();
          const counts = new Map<string, number>();
          for (const call of app.sip.calls.activeCalls)
            counts.set(call.state, (counts.get(call.state) ?? 0) + 1);
          for (const [state, n] of counts) this.set({ state }, n);
        },
      });
      new Gauge({
        name: 'kefu_registered_contacts',
        help: 'SIP contacts bound in the registrar (all addresses of record).',
        registers,
        collect() {
          const { locations } = app.sip;
          this.set(locations.aors().reduce((n, aor) => n + locations.lookup(aor).length, 0));
        },
      });
    }

    app.decorate('metrics', registry);
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics', dependencies: ['acd'] },
);
