import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '@kefu/ivr-flows';
import { CallControlHarness } from './testing/call-control-harness.js';

// A line straight to a queue honours its calendar (issue 14). The harness clock starts at the
// epoch: Thursday 1970-01-01, 08:00 in Shanghai.

const allDay: Array<[string, string]> = [['00:00', '24:00']];

const calendar = (patch: Partial<BusinessCalendar>): BusinessCalendar => ({
  timeZone: 'Asia/Shanghai',
  weekly: { thu: allDay },
  holidays: [],
  ...patch,
});

describe('a direct line (no IVR flow) and its hours', () => {
  it('open: the caller hears ringing and waits in the queue', async () => {
    const h = new CallControlHarness({ lineCalendar: calendar({}) });
    const call = h.dial();
    await h.settle();
    expect(call.statuses).toEqual([180]);
    const callId = h.liveCallId();
    expect(h.store.eventTypes(callId)).not.toContain('closed');
    expect(h.store.writes.some((w) => w.op === 'queued')).toBe(true);
  });

  it('on a holiday: answered, told so, hung up by the server; the record says closed: holiday', async () => {
    const h = new CallControlHarness({
      lineCalendar: calendar({ holidays: ['1970-01-01'], holidayNames: { '1970-01-01': 'New Year' } }),
    });
    const call = h.dial();
    await h.settle();
    await h.advance(1000);

    expect(call.statuses).toContain(200);
    const callId = h.store.callIds[0]!;
    const closed = h.store.writes.find((w) => w.op === 'event' && w.data.type === 'closed');
    expect(closed?.data).toMatchObject({
      reason: 'holiday',
      holiday: { date: '1970-01-01', name: 'New Year' },
      localTime: '1970-01-01 08:00',
    });
    expect(h.store.writes.some((w) => w.op === 'queued')).toBe(false);
    expect(h.store.writes.find((w) => w.op === 'ended' && w.callId === callId)?.data).toMatchObject({
      endedBy: 'system',
    });
    expect([...h.acd.liveCalls()]).toEqual([]);
    expect(h.errors).toEqual([]);
  });

  it('outside its hours: closed with the reason outside_hours', async () => {
    const h = new CallControlHarness({ lineCalendar: calendar({ weekly: { thu: [['09:00', '18:00']] } }) });
    h.dial();
    await h.settle();
    await h.advance(1000);
    const closed = h.store.writes.find((w) => w.op === 'event' && w.data.type === 'closed');
    expect(closed?.data).toMatchObject({ reason: 'outside_hours' });
    expect(h.store.writes.some((w) => w.op === 'queued')).toBe(false);
  });

  it('a weekday without hours: closed_today', async () => {
    const h = new CallControlHarness({ lineCalendar: calendar({ weekly: { mon: allDay } }) });
    h.dial();
    await h.settle();
    await h.advance(1000);
    const closed = h.store.writes.find((w) => w.op === 'event' && w.data.type === 'closed');
    expect(closed?.data).toMatchObject({ reason: 'closed_today' });
  });
});
