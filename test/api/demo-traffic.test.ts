import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { QueueIntervalsReport } from '@kefu/cti-server/contract';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/database.js';
import { buildTestApp, loginAs } from '../support/api-app.js';

// The demo's past days of traffic (what `pnpm seed` gives a fresh install, so the reports show
// something): stored as call control writes calls, so they fold into whole days — every call
// offered left its queue the same day, every answered one was handled, every agent logged out.
describe.each(PROVIDERS)('demo traffic (%s)', (provider) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const DAYS = 2;

  beforeAll(async () => {
    tdb = await createTestDatabase(provider, 20, { trafficDays: DAYS });
    app = await buildTestApp(tdb.db);
    headers = (await loginAs(app, 'sup1')).headers;
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  /** Local (Asia/Shanghai, the demo lines' zone) dates of the seeded days. */
  const localDay = (daysAgo: number) =>
    new Date(Date.now() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);

  it('gives each past day calls in both queues that add up, and nothing today', async () => {
    const res = await app.inject({
      url: `/api/reports/queue-intervals?from=${localDay(DAYS)}&to=${localDay(0)}&size=day`,
      headers,
    });
    expect(res.statusCode).toBe(200);
    const report = res.json() as QueueIntervalsReport;
    expect(report.queues.map((q) => q.name).sort()).toEqual(['sales', 'service']);
    for (const q of report.queues) {
      const days = q.intervals.map((i) => i.day);
      expect(days).toEqual([localDay(2), localDay(1)]);
      for (const { figures: f } of q.intervals) {
        expect(f.offered).toBeGreaterThan(20);
        expect(f.answered + f.abandoned + f.overflowed).toBe(f.offered);
        expect(f.handled).toBe(f.answered);
        expect(f.abandoned).toBeGreaterThan(0);
        expect(f.ahtMs).toBeGreaterThan(60_000);
      }
    }
    const stored = await tdb.db.interaction.count({ where: { callId: { startsWith: 'demo-' } } });
    const offered = report.queues.reduce((n, q) => n + q.total.offered, 0);
    // Callers who hung up in the IVR never reached a queue.
    expect(stored).toBeGreaterThan(offered);
    const ivrHangUps = await tdb.db.interactionEvent.count({
      where: { type: 'ivr_done', interaction: { queueId: null } },
    });
    expect(stored).toBe(offered + ivrHangUps);
  });

  it('leaves every agent logged out and their states in order', async () => {
    const states = await tdb.db.agentStateEvent.findMany({ orderBy: [{ agentId: 'asc' }, { at: 'asc' }] });
    expect(states.length).toBeGreaterThan(100);
    const last = new Map(states.map((s) => [s.agentId, s]));
    for (const s of last.values()) {
      expect(s.state).toBe('logged_out');
      expect(s.at.getTime()).toBeLessThan(Date.now());
    }
    // An agent is reserved for a call only when ready.
    let prev: (typeof states)[number] | undefined;
    for (const s of states) {
      if (s.state === 'reserved' && prev?.agentId === s.agentId) expect(prev.state).toBe('ready');
      prev = s;
    }
  });
});
