import { timingSafeEqual } from 'node:crypto';
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
 * Unauthenticated unless METRICS_TOKEN is set (then the scraper sends it as a bearer token,
 * Prometheus' `authorization` setting); without it, expose the HTTP port only on a private
 * network or put the path behind the reverse proxy's access rules.
 */
export default fp<{ token?: string | undefined }>(
  async (app, { token }) => {
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
    const follow = followTotals();
    const queueTotals = ['entered', 'answered', 'abandoned', 'overflowed'] as const;
    for (const total of queueTotals) {
      new Counter({
        name: `kefu_queue_calls_${total}_total`,
        help: `Calls ${total} per queue since the server started.`,
        labelNames: ['queue'],
        registers,
        collect() {
          for (const q of queues())
            follow(this, `${total}|${q.id}`, { queue: q.name }, app.acd.queueMetrics(q.id)?.[total] ?? 0);
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
      // SIP traffic: calls per second is rate(kefu_sip_requests_received_total{method="INVITE"}).
      new Counter({
        name: 'kefu_sip_requests_received_total',
        help: 'SIP requests received by method (retransmissions included).',
        labelNames: ['method'],
        registers,
        collect() {
          for (const [method, n] of app.sip.core.stats.requests) follow(this, `req|${method}`, { method }, n);
        },
      });
      new Counter({
        name: 'kefu_sip_responses_sent_total',
        help: 'SIP responses sent by status code.',
        labelNames: ['code'],
        registers,
        collect() {
          for (const [code, n] of app.sip.core.stats.responses)
            follow(this, `res|${code}`, { code: String(code) }, n);
        },
      });
      new Counter({
        name: 'kefu_sip_requests_blocked_total',
        help: 'SIP requests refused by the flood guard: over rate (503), from a banned source, or a scanner.',
        labelNames: ['reason'],
        registers,
        collect() {
          for (const [reason, n] of Object.entries(app.sip.floodGuard.stats.dropped))
            follow(this, `blocked|${reason}`, { reason }, n);
        },
      });
      new Gauge({
        name: 'kefu_sip_banned_sources',
        help: 'Source addresses banned now for flooding.',
        registers,
        collect() {
          this.set(app.sip.floodGuard.banned().length);
        },
      });
      new Gauge({
        name: 'kefu_sip_connections',
        help: 'Open SIP connections by transport (TCP, TLS, WS).',
        labelNames: ['transport'],
        registers,
        collect() {
          for (const [transport, n] of Object.entries(app.sip.connectionCounts())) this.set({ transport }, n);
        },
      });
    }

    app.decorate('metrics', registry);
    const expected = token === undefined ? undefined : Buffer.from(`Bearer ${token}`);
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (expected) {
        const given = Buffer.from(request.headers.authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected))
          return reply
            .code(401)
            .header('WWW-Authenticate', 'Bearer')
            .send({ error: 'metrics token required' });
      }
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics', dependencies: ['acd'] },
);

/**
 * prom-client counters only go up by `inc`: follow a total kept elsewhere by adding what it
 * grew since the last scrape.
 */
function followTotals() {
  const seen = new Map<string, number>();
  return (counter: Counter, key: string, labels: Record<string, string>, total: number): void => {
    counter.inc(labels, Math.max(total - (seen.get(key) ?? 0), 0));
    seen.set(key, total);
  };
}
