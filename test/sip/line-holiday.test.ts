import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { runSipp, scenario } from '../support/sipp.js';

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

/** Today's date where the lines are (Asia/Shanghai), as a holiday is written. */
const todayInShanghai = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/**
 * A holiday added through the administration API for today closes a line for the very next
 * call, without a restart (issue 14): the IVR line's flow takes its closed branch, and a line
 * straight to a queue tells the caller it is closed. SIPp is the carrier.
 */
describe('a holiday added for today closes a line at once', () => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', {}, async (db) => {
      // Open all day, every day, so only the holiday added below can close it.
      await db.line.update({ where: { dnis: '4008001000' }, data: { businessHours: ALL_DAY, holidays: [] } });
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const addHolidayToday = async (dnis: string) => {
    const line = await stack.tdb.db.line.findUniqueOrThrow({ where: { dnis } });
    const res = await stack.app.inject({
      method: 'PATCH',
      url: `/api/admin/lines/${line.id}`,
      headers: await stack.headers('admin'),
      payload: { holidays: [{ date: todayInShanghai(), name: '测试假日 Test holiday' }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const calendar = await stack.app.inject({
      method: 'GET',
      url: `/api/admin/lines/${line.id}/calendar`,
      headers: await stack.headers('admin'),
    });
    expect(calendar.json()).toMatchObject({
      open: false,
      reason: 'holiday',
      holiday: { date: todayInShanghai(), name: '测试假日 Test holiday' },
    });
  };

  it('the IVR line: the next call takes the flow’s closed branch', async () => {
    await addHolidayToday('4008001000');
    const carrier = await runSipp({
      // The caller listens 6 s (the branch offers a call-back menu after the closed prompt,
      // which would take a minute to time out) and hangs up.
      scenarioFile: scenario('carrier-call-timed.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008001000',
      vars: { ani: '13900000401' },
      extra: ['-d', '6000'],
      timeoutSeconds: 30,
    });
    const c = await carrier.done;
    expect(c.code, c.output).toBe(0);

    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani: '+8613900000401', endedAt: { not: null } },
        include: { events: true },
      }),
    );
    const path = row.ivrPath as Array<{ step: string; result?: string }>;
    expect(path.find((e) => e.step === 'hours')?.result).toBe('holiday');
    expect(path.map((e) => e.step)).toContain('closed');
    expect(path.map((e) => e.step)).not.toContain('welcome');
    expect(row.endedBy).toBe('caller');
    expect(row.agentId).toBeNull();
  }, 90_000);

  it('the direct line: the caller hears it is closed and kefu hangs up; the record says closed: holiday', async () => {
    await addHolidayToday('4008003000');
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call-until-bye.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000402' },
      timeoutSeconds: 40,
    });
    const c = await carrier.done;
    expect(c.code, c.output).toBe(0);

    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani: '+8613900000402', endedAt: { not: null } },
        include: { events: true },
      }),
    );
    const closed = row.events.find((e) => e.type === 'closed');
    expect(closed?.data).toMatchObject({
      reason: 'holiday',
      holiday: { date: todayInShanghai(), name: '测试假日 Test holiday' },
    });
    expect(row.events.some((e) => e.type === 'queued')).toBe(false);
    expect(row.agentId).toBeNull();
    expect(row.endedBy).toBe('system');
    expect(row.sipCause).toBe(200);
  }, 60_000);
});
