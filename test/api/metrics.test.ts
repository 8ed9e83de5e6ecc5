import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp } from '../support/api-app.js';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';

/** A queue line of the demo data: with no agent ready, a call to it waits in its queue. */
const QUEUE_LINE = '4008003000';

/** The value of one sample line (`name{labels} value`) of a Prometheus text page. */
function sample(page: string, series: string): number | undefined {
  const line = page.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics and readiness without SIP', () => {
  let tdb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    tdb = await createTestDatabase('sqlite');
    app = await buildTestApp(tdb.db);
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  it('serves the Prometheus text format: Node defaults, a waiting gauge per queue, agents by state', async () => {
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const page = res.body;
    expect(page).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(page).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    for (const queue of app.agentDirectory.queues())
      expect(sample(page, `kefu_queue_waiting_calls{queue="${queue.name}"}`)).toBe(0);
    expect(sample(page, 'kefu_agents{state="logged_out"}')).toBe(app.agentDirectory.agents().length);
    expect(sample(page, 'kefu_agents{state="ready"}')).toBe(0);
    // HTTP-only: no SIP gauges.
    expect(page).not.toContain('kefu_active_calls');
    // Not in the API documentation.
    const spec = await app.inject({ url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json().paths)).not.toContain('/metrics');
    expect(Object.keys(spec.json().paths)).not.toContain('/ready');
  });

  it('is ready while the database answers, 503 with the reason when it does not; liveness unchanged', async () => {
    const ready = await app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    const failing = vi.spyOn(app.db, '$queryRaw').mockRejectedValueOnce(new Error('connection closed'));
    const down = await app.inject({ url: '/ready' });
    failing.mockRestore();
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'not_ready', reason: 'database' });
    const live = await app.inject({ url: '/health' });
    expect(live.statusCode).toBe(200);
    expect(live.json().status).toBe('ok');
  });
});

describe('metrics and readiness with SIP', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite');
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  const scrape = async () => {
    const res = await stack.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('counts a waiting carrier call as active and in its queue; draining makes the server not ready', async () => {
    const before = await scrape();
    expect(before).toContain('# TYPE kefu_active_calls gauge');
    expect(sample(before, 'kefu_registered_contacts')).toBe(0);
    expect((await stack.app.inject({ url: '/ready' })).statusCode).toBe(200);

    // No agent is ready: the call waits until the drain below refuses it with 503.
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-expect-503.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: QUEUE_LINE,
      vars: { ani: '13900000081' },
      timeoutSeconds: 30,
    });
    const page = await eventually(async () => {
      const p = await scrape();
      return /^kefu_queue_waiting_calls\{queue="[^"]+"\} 1$/m.test(p) ? p : null;
    }, 15_000);
    const active = page
      .split('\n')
      .filter((l) => l.startsWith('kefu_active_calls{'))
      .reduce((n, l) => n + Number(l.split(' ')[1]), 0);
    expect(active).toBe(1);
    expect(page).toMatch(/^kefu_queue_calls_entered_total\{queue="[^"]+"\} 1$/m);

    await stack.app.sip.calls.drain(0, 5);
    const { code, output } = await carrier.done;
    expect(code, output).toBe(0);
    const draining = await stack.app.inject({ url: '/ready' });
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toEqual({ status: 'not_ready', reason: 'draining' });
    const after = await scrape();
    expect(after).not.toMatch(/^kefu_active_calls\{/m);
    expect(after).not.toMatch(/^kefu_queue_waiting_calls\{queue="[^"]+"\} 1$/m);
  }, 60_000);
});
