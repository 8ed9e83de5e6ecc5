// Pure-logic tests of the runner: the media plane is a FakeMediaPlane (records play/stopPlay,
// the test reports play ends), flow timers run on a SimulatedClock.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/index.js';
import {
  compileFlow,
  salesHotline,
  serviceHotline,
  type CustomerSummary,
  type IvrPathEntry,
  type Language,
} from '@kefu/ivr-flows';
import { MediaPlaneError } from '../rtp/media-plane.js';
import { IvrRunner } from './ivr-runner.js';
import { FakeMediaPlane } from './testing/fake-media-plane.js';

/** Tuesday 10:00 in Shanghai: the demo lines are open. */
const OPEN_TIME = Date.parse('2026-11-24T10:00:00+08:00');

const files = { pathOf: (id: string, language: Language) => `${language}/${id}.wav` };
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const englishCustomer: CustomerSummary = {
  id: 'c1',
  name: 'Ada',
  accountNumber: '12345678',
  language: 'en-US',
  vipTier: 0,
  lifecycleStage: 'repeat',
  openComplaint: false,
};

function salesCall(options: { customer?: CustomerSummary } = {}) {
  const clock = new SimulatedClock(OPEN_TIME);
  const plane = new FakeMediaPlane();
  const steps: IvrPathEntry[] = [];
  const warnings: Array<Record<string, unknown> | undefined> = [];
  const runner = new IvrRunner({
    plane,
    sessionId: 's1',
    legId: 'caller',
    machine: compileFlow(salesHotline, { now: () => clock.now() }),
    input: { ani: '13800138000', dnis: '4008001000', callId: 'call-1', language: 'zh-CN' },
    prompts: files,
    lookupCustomer: async () => options.customer ?? null,
    clock,
    onStep: (entry) => steps.push(entry),
    log: (level, _message, data) => {
      if (level === 'warn') warnings.push(data);
    },
  });
  return { clock, plane, runner, steps, warnings, result: runner.start() };
}

describe('IvrRunner (fake media plane)', () => {
  it('plays the sales prompts on the leg and reaches the service queue by DTMF', async () => {
    const { plane, runner, steps, result } = salesCall();
    await settle(); // the ANI lookup
    expect(runner.step).toBe('welcome');
    expect(plane.lastPlay()).toMatchObject({
      sessionId: 's1',
      legId: 'caller',
      path: 'zh-CN/welcome_sales.wav',
    });
    const welcome = plane.lastPlay().playId;
    expect(runner.playDone(welcome)).toBe(true);
    await settle();
    expect(runner.step).toBe('main_menu');
    expect(plane.lastPlay().path).toBe('zh-CN/menu_sales.wav');
    // The welcome's end reported twice, or an unknown play, must not skip the menu prompt.
    expect(runner.playDone(welcome)).toBe(false);
    expect(runner.playDone('play-999')).toBe(false);
    expect(runner.step).toBe('main_menu');

    runner.dtmf('2'); // barge-in: the menu prompt is stopped
    const outcome = await result;
    expect(outcome.outcome).toEqual({
      kind: 'queue',
      queue: 'service',
      skills: ['service'],
      priority: 0,
      language: 'zh-CN',
    });
    expect(plane.calls).toEqual(['play zh-CN/welcome_sales.wav', 'play zh-CN/menu_sales.wav', 'stop caller']);
    expect(steps.map((s) => `${s.step}:${s.result}`)).toEqual([
      'identify:not-found',
      'caller_language:set',
      'hours:open',
      'welcome:played',
      'main_menu:choice:2',
      'queue_service:queue',
    ]);
    expect(steps).toEqual(outcome.path);
    expect(runner.active).toBe(false);
    runner.dtmf('1'); // after the end: ignored, no throw
  });

  it('speaks the known caller’s language and lets a key typed during the welcome pick the menu', async () => {
    const { plane, result, runner } = salesCall({ customer: englishCustomer });
    await settle();
    expect(plane.lastPlay().path).toBe('en/welcome_sales.wav');
    runner.dtmf('1');
    expect((await result).outcome).toMatchObject({
      kind: 'queue',
      queue: 'sales',
      skills: ['sales'],
      language: 'en',
    });
    expect(plane.calls).toEqual(['play en/welcome_sales.wav', 'stop caller']);
  });

  it('ends as abandoned in the menu when the caller hangs up, without touching the leg again', async () => {
    const { plane, runner, clock, result, steps } = salesCall();
    await settle();
    runner.playDone(plane.lastPlay().playId);
    await settle();
    clock.advance(1500);
    runner.hangup();
    const outcome = await result;
    expect(outcome.outcome).toEqual({
      kind: 'abandoned',
      step: 'main_menu',
      stepType: 'menu',
      afterMs: 1500,
    });
    expect(steps.at(-1)).toMatchObject({ step: 'main_menu', result: 'caller-hangup' });
    // The menu prompt is not stopped: the leg is being torn down by call control.
    expect(plane.calls).toEqual(['play zh-CN/welcome_sales.wav', 'play zh-CN/menu_sales.wav']);
    expect(runner.playDone(plane.lastPlay().playId)).toBe(false);
  });

  it('treats a prompt the plane cannot play as finished, so the call reaches an outcome', async () => {
    const { plane, clock, result, warnings } = salesCall();
    plane.failPlay = () => new MediaPlaneError('bad-prompt', 'cannot play: no such file');
    await settle();
    // Every prompt fails: welcome → menu → silence → no-input retries → onFail (operator queue).
    for (let i = 0; i < 3; i++) {
      await settle();
      clock.advance(5000);
    }
    const outcome = await result;
    expect(outcome.outcome).toMatchObject({ kind: 'queue', queue: 'sales', skills: [] });
    expect(outcome.path.map((e) => e.step)).toEqual([
      'identify',
      'caller_language',
      'hours',
      'welcome',
      'main_menu',
      'queue_operator',
    ]);
    expect(outcome.path[4]).toMatchObject({ retries: 2, result: 'noInput:retries-exhausted' });
    expect(plane.calls).toEqual([
      'play zh-CN/welcome_sales.wav',
      'play zh-CN/menu_sales.wav',
      'play zh-CN/no_input.wav',
      'play zh-CN/menu_sales.wav',
      'play zh-CN/no_input.wav',
      'play zh-CN/menu_sales.wav',
    ]);
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toMatchObject({
      step: 'welcome',
      prompt: 'welcome_sales',
      err: 'cannot play: no such file',
    });
  });

  it('keeps plane calls in order when a key barges in before play() has answered', async () => {
    const { plane, runner, result } = salesCall();
    plane.holdPlays = true;
    await settle();
    runner.dtmf('0'); // stops the welcome whose play id is not known yet
    await settle();
    plane.releasePlays();
    const outcome = await result;
    expect(outcome.outcome).toMatchObject({ kind: 'queue', queue: 'sales' });
    // The stop waits for the play it stops; nothing runs after the result resolved.
    expect(plane.calls).toEqual(['play zh-CN/welcome_sales.wav', 'stop caller']);
  });

  it('accepts a play end that arrives before play() answered with its id', async () => {
    const { plane, runner } = salesCall();
    plane.holdPlays = true;
    await settle();
    const pending = plane.lastPlay().playId;
    expect(runner.playDone(pending)).toBe(false); // not known as ours yet
    plane.releasePlays();
    await settle();
    expect(runner.step).toBe('main_menu');
    runner.hangup();
  });

  it('ends as abandoned when the caller hangs up before the flow started', async () => {
    const plane = new FakeMediaPlane();
    const runner = new IvrRunner({
      plane,
      sessionId: 's',
      legId: 'l',
      machine: compileFlow(salesHotline),
      input: { ani: '1', dnis: '4008001000' },
      prompts: files,
    });
    runner.hangup();
    expect((await runner.start()).outcome).toMatchObject({ kind: 'abandoned', step: 'identify' });
    expect(plane.calls).toEqual([]);
  });

  it('takes the not-found branch when the CRM lookup throws', async () => {
    const plane = new FakeMediaPlane();
    const runner = new IvrRunner({
      plane,
      sessionId: 's',
      legId: 'l',
      machine: compileFlow(salesHotline, { now: () => OPEN_TIME }),
      input: { ani: '1', dnis: '4008001000' },
      prompts: files,
      lookupCustomer: () => {
        throw new Error('database down');
      },
    });
    const result = runner.start();
    await settle();
    expect(runner.step).toBe('welcome');
    runner.hangup();
    expect((await result).path[0]).toMatchObject({ step: 'identify', result: 'lookup-error' });
  });

  it('service line: keys during a prompt without barge-in are ignored, the account typed routes a VIP complaint', async () => {
    const clock = new SimulatedClock(OPEN_TIME);
    const plane = new FakeMediaPlane();
    const queries: string[] = [];
    const vip: CustomerSummary = { ...englishCustomer, language: 'zh-CN', vipTier: 3, openComplaint: true };
    const runner = new IvrRunner({
      plane,
      sessionId: 's',
      legId: 'caller',
      machine: compileFlow(serviceHotline, { now: () => clock.now() }),
      input: { ani: '13900000000', dnis: '4008002000' },
      prompts: files,
      clock,
      lookupCustomer: async (q) => {
        queries.push(`${q.by}:${q.value}`);
        return q.by === 'account' && q.value === '12345678' ? vip : null;
      },
    });
    const result = runner.start();
    await settle();
    runner.dtmf('5'); // the service welcome has no barge-in
    await settle();
    expect(runner.step).toBe('welcome');
    runner.playDone(plane.lastPlay().playId);
    await settle();
    expect(plane.lastPlay().path).toBe('zh-CN/enter_account.wav');
    for (const digit of '12345678#') runner.dtmf(digit);
    await settle();
    expect(runner.step).toBe('vip_greeting');
    runner.playDone(plane.lastPlay().playId);
    const outcome = await result;
    expect(queries).toEqual(['ani:13900000000', 'account:12345678']);
    expect(outcome.outcome).toEqual({
      kind: 'queue',
      queue: 'service',
      skills: ['service', 'complaints'],
      priority: 8,
      language: 'zh-CN',
    });
    expect(outcome.collected).toEqual({ accountNumber: '12345678' });
    expect(plane.calls).toEqual([
      'play zh-CN/welcome_service.wav',
      'play zh-CN/enter_account.wav',
      'stop caller', // the first digit barged in
      'play zh-CN/vip_greeting.wav',
    ]);
  });
});
