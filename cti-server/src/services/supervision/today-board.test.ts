import { describe, expect, it } from 'vitest';
import type { AcdCallEvent } from '../../acd/queue-metrics.js';
import { callEvents as storedCallEvents, replayDay, type DayRows } from './board-rebuild.js';
import { figures, occupancy } from './metric-definitions.js';
import { TodayBoard, type BoardStateChange } from './today-board.js';

// Asia/Shanghai is UTC+8 all year: local 09:00 on 4 December 2026 is 01:00Z.
const TZ = 'Asia/Shanghai';
const T = Date.UTC(2026, 11, 4, 1, 0, 0);
const s = 1000;

function newBoard(now: number) {
  return new TodayBoard({ timeZone: TZ, shortAbandonSeconds: 5, serviceLevelSeconds: () => 20, now });
}

const state = (
  at: number,
  st: BoardStateChange['state'],
  reason: string | null = null,
  callId: string | null = null,
) => ({
  agentId: 'a1',
  state: st,
  reason,
  at,
  callId,
});

// The morning of agent a1 and queue q:
//  08:00 a1 ready; 09:00:00 c1 queued, offered (reserved), 09:00:01 ringing, 09:00:08 answered
//  (waited 8 s), hold 09:01:00–09:01:30, call ends 09:02:08, wrap-up until 09:02:38 (30 s);
//  c2 queued 09:03:20, abandoned 09:03:23 (3 s: short); c3 queued 09:05:00, abandoned 09:05:30;
//  a1 not ready (break) 09:06:40–09:16:40.
const callEvents: AcdCallEvent[] = [
  { type: 'queued', callId: 'c1', queueId: 'q', at: T, priority: 0 },
  { type: 'offered', callId: 'c1', queueId: 'q', agentId: 'a1', at: T },
  { type: 'answered', callId: 'c1', queueId: 'q', agentId: 'a1', at: T + 8 * s, waitedMs: 8 * s },
  { type: 'finished', callId: 'c1', queueId: 'q', agentId: 'a1', at: T + 128 * s },
  { type: 'queued', callId: 'c2', queueId: 'q', at: T + 200 * s, priority: 0 },
  { type: 'abandoned', callId: 'c2', queueId: 'q', at: T + 203 * s, waitedMs: 3 * s },
  { type: 'queued', callId: 'c3', queueId: 'q', at: T + 300 * s, priority: 0 },
  { type: 'abandoned', callId: 'c3', queueId: 'q', at: T + 330 * s, waitedMs: 30 * s },
];
const states = [
  state(T - 3600 * s, 'ready'),
  state(T, 'reserved', null, 'c1'),
  state(T + 1 * s, 'ringing', null, 'c1'),
  state(T + 8 * s, 'on_call', null, 'c1'),
  state(T + 60 * s, 'on_call', 'hold', 'c1'),
  state(T + 90 * s, 'on_call', 'unhold', 'c1'),
  state(T + 128 * s, 'wrap_up', null, 'c1'),
  state(T + 158 * s, 'ready', 'wrap_up_complete', null),
  state(T + 400 * s, 'not_ready', 'break'),
  state(T + 1000 * s, 'ready'),
];

function liveFold(board: TodayBoard) {
  // In time order, as the ACD emits them (its call event before the agent's transition).
  const all = [
    ...callEvents.map((e, i) => ({ at: e.at, i, run: () => board.callEvent(e) })),
    ...states.map((c, i) => ({ at: c.at, i: 100 + i, run: () => board.agentState(c) })),
  ].sort((a, b) => a.at - b.at || a.i - b.i);
  for (const step of all) step.run();
}

function expectMorning(board: TodayBoard) {
  const f = figures(board.queueTally('q'));
  // offered 3, answered 1, abandoned 2 of which 1 short.
  expect(f).toMatchObject({ offered: 3, answered: 1, abandoned: 2, shortAbandoned: 1, handled: 1 });
  // SL = 1 within 20 s / (1 answered + 2 abandoned − 1 short) = 0.5; abandon rate = (2 − 1) / 2 = 0.5
  expect(f.serviceLevel).toBe(0.5);
  expect(f.abandonRate).toBe(0.5);
  expect(f.asaMs).toBe(8 * s);
  // AHT = talk 120 s − hold 30 s = 90 s, + hold 30 s + wrap-up 30 s = 150 s
  expect(f.ahtMs).toBe(150 * s);
  // All of it in the 09:00 interval.
  const intervals = board.intervals('q');
  expect(intervals.map((i) => new Date(i.start).toISOString())).toEqual(['2026-12-04T01:00:00.000Z']);
  expect(intervals[0]!.tally.offered).toBe(3);

  // a1 at 09:16:40: logged in 08:00 → 4600 s; not ready 600 s; busy = reserved 1 + ringing 7 +
  // on call 120 + wrap-up 30 = 158 s; occupancy = 158 / (4600 − 600) = 0.0395.
  const day = board.agentDay('a1', T + 1000 * s);
  expect(day).toEqual({
    handled: 1,
    handleMs: 150 * s,
    // 120 s on the call of which 30 s on hold, then 30 s of wrap-up.
    talkMs: 90 * s,
    holdMs: 30 * s,
    wrapMs: 30 * s,
    time: { loggedInMs: 4600 * s, notReadyMs: 600 * s, busyMs: 158 * s },
    notReadyByReason: { break: 600 * s },
  });
  expect(occupancy(day.time)).toBeCloseTo(0.0395, 10);
  // Arrivals in the last 30 min at 09:16:40 (since 08:46:40): all three.
  expect(board.arrivalsSince('q', T + 1000 * s - 1800 * s)).toBe(3);
  expect(board.arrivalsSince('q', T + 250 * s)).toBe(1);
}

describe('TodayBoard', () => {
  it('folds the ACD events of a morning into the queue and agent figures', () => {
    const board = newBoard(T - 3600 * s);
    liveFold(board);
    expectMorning(board);
  });

  it('rebuilds the same figures from the stored rows after a restart', () => {
    const rows: DayRows = {
      calls: [
        {
          callId: 'c1',
          routing: [{ queueId: 'q', at: new Date(T).toISOString() }],
          events: [
            { type: 'received', data: {}, at: new Date(T - 5 * s) },
            { type: 'queued', data: { queueId: 'q' }, at: new Date(T) },
            { type: 'offered', data: { agentId: 'a1' }, at: new Date(T + 1 * s) },
            { type: 'answered', data: { agentId: 'a1' }, at: new Date(T + 8 * s) },
            { type: 'hold', data: {}, at: new Date(T + 60 * s) },
            { type: 'ended', data: { endedBy: 'caller' }, at: new Date(T + 128 * s) },
          ],
        },
        {
          callId: 'c2',
          routing: null,
          events: [
            { type: 'queued', data: { queueId: 'q' }, at: new Date(T + 200 * s) },
            { type: 'ended', data: { endedBy: 'caller' }, at: new Date(T + 203 * s) },
          ],
        },
        {
          callId: 'c3',
          routing: null,
          events: [
            { type: 'queued', data: { queueId: 'q' }, at: new Date(T + 300 * s) },
            { type: 'ended', data: { endedBy: 'caller' }, at: new Date(T + 330 * s) },
          ],
        },
      ],
      // The last state before the day (yesterday's log-out), then today's rows (no call ids).
      states: [
        { agentId: 'a1', state: 'logged_out', reason: null, at: new Date(T - 20 * 3600 * s) },
        ...states.map((c) => ({ agentId: c.agentId, state: c.state, reason: c.reason, at: new Date(c.at) })),
      ],
    };
    const board = newBoard(T + 1000 * s);
    replayDay(board, rows);
    expectMorning(board);
  });

  it('counts a queue-to-queue overflow found in the routing decisions', () => {
    const board = newBoard(T);
    replayDay(board, {
      calls: [
        {
          callId: 'c9',
          routing: [
            { queueId: 'q', at: new Date(T).toISOString() },
            { queueId: 'q2', at: new Date(T + 60 * s).toISOString() },
          ],
          events: [
            { type: 'queued', data: { queueId: 'q' }, at: new Date(T) },
            { type: 'answered', data: { agentId: 'a1' }, at: new Date(T + 70 * s) },
            { type: 'ended', data: {}, at: new Date(T + 100 * s) },
          ],
        },
      ],
      states: [],
    });
    expect(board.queueTally('q')).toMatchObject({ offered: 1, overflowed: 1, answered: 0 });
    // Waited 10 s in q2: answered within its threshold.
    expect(board.queueTally('q2')).toMatchObject({
      offered: 1,
      answered: 1,
      answeredWithinThreshold: 1,
      answerWaitMs: 10 * s,
    });
  });

  it('reads a transfer to a queue in a stored trail as the end of one part and a new entry', () => {
    const events = storedCallEvents({
      callId: 'c7',
      routing: null,
      events: [
        { type: 'queued', data: { queueId: 'q' }, at: new Date(T) },
        { type: 'answered', data: { agentId: 'a1' }, at: new Date(T + 5 * s) },
        { type: 'transferred', data: { kind: 'queue' }, at: new Date(T + 60 * s) },
        { type: 'queued', data: { queueId: 'q2' }, at: new Date(T + 60 * s) },
        { type: 'answered', data: { agentId: 'a2' }, at: new Date(T + 75 * s) },
        { type: 'ended', data: {}, at: new Date(T + 200 * s) },
      ],
    });
    expect(events.map((e) => [e.type, e.queueId, e.at - T])).toEqual([
      ['queued', 'q', 0],
      ['answered', 'q', 5 * s],
      ['finished', 'q', 60 * s],
      ['queued', 'q2', 60 * s],
      ['answered', 'q2', 75 * s],
      ['finished', 'q2', 200 * s],
    ]);
  });

  it("reads a supervisor's move of a waiting call (a second queued event) as the ACD reports it", () => {
    const events = storedCallEvents({
      callId: 'c8',
      routing: null,
      events: [
        { type: 'queued', data: { queueId: 'q' }, at: new Date(T) },
        { type: 'queued', data: { queueId: 'q2' }, at: new Date(T + 40 * s) },
        { type: 'answered', data: { agentId: 'a2' }, at: new Date(T + 50 * s) },
        { type: 'ended', data: {}, at: new Date(T + 90 * s) },
      ],
    });
    expect(events.map((e) => [e.type, e.queueId, e.at - T, 'waitedMs' in e ? e.waitedMs : null])).toEqual([
      ['queued', 'q', 0, null],
      ['overflowed', 'q', 40 * s, 40 * s],
      ['queued', 'q2', 40 * s, null],
      ['answered', 'q2', 50 * s, 10 * s],
      ['finished', 'q2', 90 * s, null],
    ]);
  });

  it('starts a new day at local midnight; a call waiting across it is answered in the new day', () => {
    // 23:59:50 local = 15:59:50Z.
    const late = Date.UTC(2026, 11, 4, 15, 59, 50);
    const board = newBoard(late - 3600 * s);
    board.agentState({ agentId: 'a1', state: 'ready', reason: null, at: late - 3600 * s, callId: null });
    board.callEvent({ type: 'queued', callId: 'c4', queueId: 'q', at: late, priority: 0 });
    expect(board.queueTally('q').offered).toBe(1);
    expect(board.rollover(late + 9 * s)).toBe(false);
    // 00:00:00 local on the 5th.
    expect(board.rollover(late + 10 * s)).toBe(true);
    expect(board.date).toBe('2026-12-05');
    expect(board.queueTally('q').offered).toBe(0);
    expect(board.intervals('q')).toEqual([]);
    board.callEvent({
      type: 'answered',
      callId: 'c4',
      queueId: 'q',
      agentId: 'a1',
      at: late + 20 * s,
      waitedMs: 20 * s,
    });
    // Answered within 20 s today, offered yesterday: SL = 1 / 1.
    expect(figures(board.queueTally('q'))).toMatchObject({ offered: 0, answered: 1, serviceLevel: 1 });
    expect(new Date(board.intervals('q')[0]!.start).toISOString()).toBe('2026-12-04T16:00:00.000Z');
    // The agent's day began at midnight: 10 s logged in at 00:00:10 (not the hour before).
    expect(board.agentDay('a1', late + 20 * s).time.loggedInMs).toBe(10 * s);
  });

  it('handles a call answered before midnight and wrapped up after it on the new day, with all of its time, live and replayed', () => {
    // Local 23:58:00 on the 4th = 15:58:00Z; midnight = 16:00:00Z.
    const answer = Date.UTC(2026, 11, 4, 15, 58, 0);
    const midnight = Date.UTC(2026, 11, 4, 16, 0, 0);
    // On the call 23:58:00–00:01:00 (held 23:59:00–00:00:30), wrap-up until 00:03:00.
    const changes: Array<[number, BoardStateChange['state'], string | null]> = [
      [answer - 600 * s, 'ready', null],
      [answer, 'on_call', null],
      [answer + 60 * s, 'on_call', 'hold'],
      [answer + 150 * s, 'on_call', 'unhold'],
      [answer + 180 * s, 'wrap_up', null],
      [answer + 300 * s, 'ready', 'wrap_up_complete'],
    ];
    const queued = { type: 'queued' as const, callId: 'c7', queueId: 'q', at: answer - 10 * s, priority: 0 };
    const answered = {
      type: 'answered' as const,
      callId: 'c7',
      queueId: 'q',
      agentId: 'a1',
      at: answer,
      waitedMs: 10 * s,
    };
    const expectHandled = (board: TodayBoard) => {
      expect(board.date).toBe('2026-12-05');
      // 180 s on the call of which 90 s on hold, then 120 s of wrap-up: 300 s in all.
      expect(board.queueTally('q')).toMatchObject({ offered: 0, answered: 0, handled: 1, handleMs: 300 * s });
      const day = board.agentDay('a1', answer + 300 * s);
      expect(day.handled).toBe(1);
      expect(day.handleMs).toBe(300 * s);
      // The agent's own day starts at midnight: 180 s logged in, all of it busy.
      expect(day.time).toEqual({ loggedInMs: 180 * s, notReadyMs: 0, busyMs: 180 * s });
    };

    const live = newBoard(answer - 600 * s);
    live.agentState({ agentId: 'a1', state: 'ready', reason: null, at: answer - 600 * s, callId: null });
    live.callEvent(queued);
    live.callEvent(answered);
    for (const [at, st, reason] of changes.slice(1)) {
      if (at >= midnight) live.rollover(at);
      live.agentState({ agentId: 'a1', state: st, reason, at, callId: st === 'ready' ? null : 'c7' });
    }
    expectHandled(live);

    // The next day rebuilt from stored rows (states without call ids, from the lookback on).
    const replayed = newBoard(midnight);
    replayDay(replayed, {
      calls: [
        {
          callId: 'c7',
          routing: null,
          events: [
            { type: 'queued', data: { queueId: 'q' }, at: new Date(answer - 10 * s) },
            { type: 'answered', data: { agentId: 'a1' }, at: new Date(answer) },
            { type: 'ended', data: {}, at: new Date(answer + 180 * s) },
          ],
        },
      ],
      states: changes.map(([at, st, reason]) => ({ agentId: 'a1', state: st, reason, at: new Date(at) })),
    });
    expectHandled(replayed);
  });

  it('counts again with a new short-abandon threshold', () => {
    const board = newBoard(T - 3600 * s);
    liveFold(board);
    board.reconfigure({ timeZone: TZ, shortAbandonSeconds: 0, serviceLevelSeconds: () => 20 }, T + 1000 * s);
    // No short abandons now: SL = 1 / 3, abandon rate 2 / 3.
    const f = figures(board.queueTally('q'));
    expect(f.shortAbandoned).toBe(0);
    expect(f.serviceLevel).toBeCloseTo(1 / 3, 12);
    expect(f.ahtMs).toBe(150 * s);
  });
});
