import { describe, expect, it } from 'vitest';
import { ivrEndOf, lineFigures, type StoredLineCall } from './lines-ivr-figures.js';

const entry = (
  step: string,
  type: string,
  enteredAt: number,
  leftAt: number | null,
  result: string | null,
) => ({
  step,
  type,
  enteredAt,
  leftAt,
  keys: '',
  retries: 0,
  result,
});
const done = (kind: string) => [{ type: 'ivr_done', data: { flowId: 'f', outcome: { kind } } }];

describe('ivrEndOf', () => {
  it('reads the outcome kind of ivr_done, failed for ivr_failed, null without either', () => {
    expect(ivrEndOf(done('callback'))).toBe('callback');
    expect(ivrEndOf([{ type: 'ivr_failed', data: { error: 'x' } }])).toBe('failed');
    expect(ivrEndOf(done('something-new'))).toBeNull();
    expect(ivrEndOf([])).toBeNull();
  });
});

describe('lineFigures', () => {
  const calls: StoredLineCall[] = [
    // To a queue by key 1: 1 s welcome, 3 s menu.
    {
      queueId: 'q',
      ivrPath: [
        entry('welcome', 'play', 0, 1_000, 'played'),
        entry('menu', 'menu', 1_000, 4_000, 'choice:1'),
        entry('queue_sales', 'queue', 4_000, 4_000, 'queue'),
      ],
      ivrEvents: done('queue'),
    },
    // Hung up in the menu after 5 s.
    {
      queueId: null,
      ivrPath: [
        entry('welcome', 'play', 0, 1_000, 'played'),
        entry('menu', 'menu', 1_000, 6_000, 'caller-hangup'),
      ],
      ivrEvents: done('abandoned'),
    },
    // Silence, then the goodbye: self-service.
    {
      queueId: null,
      ivrPath: [
        entry('welcome', 'play', 0, 1_000, 'played'),
        entry('menu', 'menu', 1_000, 16_000, 'noInput:retries-exhausted'),
        entry('bye', 'hangup', 16_000, 16_000, 'hangup'),
      ],
      ivrEvents: done('hangup'),
    },
    // The flow broke after the welcome: its ivr_step trail (out of order) is the path; then queued.
    {
      queueId: 'q',
      ivrPath: null,
      stepTrail: [
        entry('menu', 'menu', 1_000, 2_000, 'choice:2'),
        entry('welcome', 'play', 0, 1_000, 'played'),
      ],
      ivrEvents: [{ type: 'ivr_failed', data: { error: 'boom' } }],
    },
    // No IVR on the way: straight to the queue.
    { queueId: 'q', ivrPath: null, ivrEvents: [] },
  ];

  it('counts calls by how the IVR ended, containment and time in the IVR', () => {
    const f = lineFigures(calls);
    expect(f).toMatchObject({
      calls: 5,
      ivrCalls: 4,
      ends: { queue: 1, voicemail: 0, callback: 0, hangup: 1, transfer: 0, abandoned: 1, failed: 1 },
      containment: 1 / 4,
      queued: 3,
      // 4 s, 6 s, 16 s, 2 s
      meanIvrMs: 7_000,
      medianIvrMs: 5_000,
    });
  });

  it('counts each step: entered, hung up there, next steps, exits and mean time', () => {
    const steps = Object.fromEntries(lineFigures(calls).steps.map((s) => [s.step, s]));
    expect(steps.welcome).toEqual({
      step: 'welcome',
      type: 'play',
      entered: 4,
      dropped: 0,
      next: { menu: 4 },
      exits: { played: 4 },
      meanMs: 1_000,
    });
    expect(steps.menu).toEqual({
      step: 'menu',
      type: 'menu',
      entered: 4,
      dropped: 1,
      next: { queue_sales: 1, bye: 1 },
      exits: { 'choice:1': 1, 'caller-hangup': 1, 'noInput:retries-exhausted': 1, 'choice:2': 1 },
      meanMs: (3_000 + 5_000 + 15_000 + 1_000) / 4,
    });
    expect(steps.bye).toMatchObject({ entered: 1, dropped: 0, next: {}, meanMs: 0 });
    // Busiest step first.
    expect(
      lineFigures(calls)
        .steps.map((s) => s.step)
        .slice(0, 2),
    ).toEqual(['menu', 'welcome']);
  });

  it('has no rates or times without IVR calls, and leaves a step not yet left out of its mean', () => {
    expect(lineFigures([{ queueId: 'q', ivrPath: null, ivrEvents: [] }])).toMatchObject({
      ivrCalls: 0,
      containment: null,
      meanIvrMs: null,
      medianIvrMs: null,
      steps: [],
    });
    const open = lineFigures([
      { queueId: null, ivrPath: [entry('welcome', 'play', 0, null, null)], ivrEvents: done('abandoned') },
    ]);
    expect(open.steps[0]).toMatchObject({ entered: 1, exits: {}, meanMs: null });
    expect(open.meanIvrMs).toBe(0);
  });
});
