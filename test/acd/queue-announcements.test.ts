import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

/**
 * Answered callers waiting in a queue hear their place in line between stretches of music. Two
 * SIPp callers press 2 in the sales hotline's IVR (the service queue) with no service agent
 * logged in; announcements every 2 s here (QUEUE_ANNOUNCE_SECONDS).
 */
describe('queue position announcements', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', { QUEUE_ANNOUNCE_SECONDS: '2' }, async (db) => {
      await db.line.update({ where: { dnis: '4008001000' }, data: { businessHours: ALL_DAY, holidays: [] } });
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('tells each waiting caller their place in the service queue, first caller first', async () => {
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-ivr-press-2.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008001000',
      vars: { ani: '13900000601' },
      calls: 2,
      rate: 2,
      timeoutSeconds: 40,
    });
    const c = await carrier.done;
    expect(c.code, c.output).toBe(0);
    const rows = await eventually(async () => {
      const found = await stack.tdb.db.interaction.findMany({
        where: { ani: '+8613900000601', endedAt: { not: null } },
        include: { events: { orderBy: { at: 'asc' } } },
      });
      return found.length === 2 ? found : null;
    });
    const said = rows.map((row) =>
      row.events
        .filter((e) => e.type === 'queue_announcement')
        .map((e) => (e.data as { position: number; waitMinutes: number | null }).position),
    );
    // Each caller heard at least one announcement (6 s in the queue, every 2 s) …
    for (const positions of said) expect(positions.length).toBeGreaterThanOrEqual(1);
    // … and they were told different places: 1 and 2, in the order they entered the queue.
    expect(new Set(said.map((p) => p[0]))).toEqual(new Set([1, 2]));
    for (const row of rows) expect(row.events.some((e) => e.type === 'answered')).toBe(false);
  }, 60_000);
});
