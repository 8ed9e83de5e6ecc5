import { describe, expect, it } from 'vitest';
import type { CustomerSummary } from '../call-types.js';
import type { Condition, Step } from '../flow-definition.js';
import { OPEN_TIME, startCall, testFlow, type HarnessOptions } from '../test-support/call-harness.js';
import { PROMPT_SAFETY_MS } from './ivr-setup.js';

const customer: CustomerSummary = {
  id: 'c1',
  name: 'Li',
  accountNumber: '123456',
  language: 'en-US',
  vipTier: 3,
  lifecycleStage: 'repeat',
  openComplaint: true,
};

const finals = {
  done: { type: 'hangup', reason: 'done' },
  failed: { type: 'hangup', reason: 'failed' },
  one: { type: 'queue', queue: 'sales' },
  two: { type: 'queue', queue: 'service' },
} as const;

describe('play step', () => {
  const flow = (bargeIn: boolean) =>
    testFlow('hello', {
      hello: { type: 'play', prompt: 'welcome_sales', bargeIn, next: 'menu' },
      menu: { type: 'menu', prompt: 'menu_sales', choices: { '1': 'one', '2': 'two' }, onFail: 'failed' },
      ...finals,
    });

  it('moves on when the prompt is done', () => {
    const call = startCall(flow(false));
    expect(call.played.map((p) => p.prompt)).toEqual(['welcome_sales']);
    call.promptDone();
    expect(call.state()).toEqual({ menu: 'prompt' });
    expect(call.stopped).toEqual(['welcome_sales']);
  });

  it('ignores keys without barge-in', () => {
    const call = startCall(flow(false));
    call.press('1');
    expect(call.state()).toEqual({ hello: 'playing' });
  });

  it('with barge-in, a key stops the prompt and answers the next menu', () => {
    const call = startCall(flow(true));
    call.press('2');
    expect(call.stopped).toEqual(['welcome_sales']);
    const result = call.result();
    expect(result.outcome).toMatchObject({ kind: 'queue', queue: 'service' });
    expect(result.path.map((e) => [e.step, e.keys, e.result])).toEqual([
      ['hello', '2', 'barge-in'],
      ['menu', '2', 'choice:2'],
      ['two', '', 'queue'],
    ]);
    expect(call.played.map((p) => p.prompt)).toEqual(['welcome_sales']);
  });

  it('moves on after the safety limit when PROMPT_DONE never comes', () => {
    const call = startCall(flow(false));
    call.clock.increment(PROMPT_SAFETY_MS - 1);
    expect(call.step()).toBe('hello');
    call.clock.increment(1);
    expect(call.step()).toBe('menu');
    expect(call.actor.getSnapshot().context.path[0]?.result).toBe('prompt-timeout');
  });
});

describe('menu step', () => {
  const flow = (bargeIn = true) =>
    testFlow('menu', {
      menu: {
        type: 'menu',
        prompt: 'menu_sales',
        choices: { '1': 'one', '2': 'two' },
        maxRetries: 2,
        timeoutMs: 4000,
        bargeIn,
        onFail: 'failed',
      },
      ...finals,
    });

  it('takes the chosen branch after the prompt', () => {
    const call = startCall(flow());
    call.promptDone();
    call.press('1');
    expect(call.result().outcome).toMatchObject({ kind: 'queue', queue: 'sales' });
  });

  it('replays after an invalid key and counts the retry', () => {
    const call = startCall(flow());
    call.promptDone();
    call.press('9');
    expect(call.played.map((p) => p.prompt)).toEqual(['menu_sales', 'invalid_choice']);
    call.promptDone();
    expect(call.state()).toEqual({ menu: 'prompt' });
    call.promptDone();
    call.press('2');
    const menu = call.result().path[0];
    expect(menu).toMatchObject({ step: 'menu', keys: '92', retries: 1, result: 'choice:2' });
  });

  it('gives up to onFail after maxRetries invalid answers', () => {
    const call = startCall(flow());
    for (let attempt = 0; attempt < 2; attempt++) {
      call.promptDone();
      call.press('7');
      call.promptDone();
    }
    call.promptDone();
    call.press('8');
    const result = call.result();
    expect(result.outcome).toEqual({ kind: 'hangup', reason: 'failed' });
    expect(result.path[0]).toMatchObject({ keys: '778', retries: 2, result: 'invalid:retries-exhausted' });
  });

  it('plays the no-input prompt after the timeout and fails after the last one', () => {
    const call = startCall(flow());
    call.promptDone();
    call.clock.increment(3999);
    expect(call.state()).toEqual({ menu: 'waiting' });
    call.clock.increment(1);
    expect(call.played.at(-1)?.prompt).toBe('no_input');
    call.promptDone();
    call.promptDone();
    call.clock.increment(4000);
    call.promptDone();
    call.promptDone();
    call.clock.increment(4000);
    const result = call.result();
    expect(result.outcome).toEqual({ kind: 'hangup', reason: 'failed' });
    expect(result.path[0]).toMatchObject({ retries: 2, result: 'noInput:retries-exhausted' });
    expect(result.path[0]!.leftAt! - result.path[0]!.enteredAt).toBe(12_000);
  });

  it('ignores keys during the prompt when barge-in is off', () => {
    const call = startCall(flow(false));
    call.press('1');
    expect(call.state()).toEqual({ menu: 'prompt' });
    call.promptDone();
    call.press('1');
    expect(call.result().outcome).toMatchObject({ queue: 'sales' });
  });
});

describe('collect step', () => {
  const flow = (pattern?: string) =>
    testFlow('ask', {
      ask: {
        type: 'collect',
        prompt: 'enter_account',
        into: 'account',
        minDigits: 4,
        maxDigits: 6,
        pattern,
        interDigitTimeoutMs: 3000,
        maxRetries: 1,
        next: 'done',
        onFail: 'failed',
      },
      ...finals,
    });

  it('ends entry on the terminator and stores the digits', () => {
    const call = startCall(flow());
    call.promptDone();
    call.press('1234#');
    expect(call.result().collected).toEqual({ account: '1234' });
  });

  it('ends entry at maxDigits without a terminator', () => {
    const call = startCall(flow());
    call.press('123456');
    expect(call.result().collected).toEqual({ account: '123456' });
  });

  it('ends entry after the inter-digit silence when enough digits are in', () => {
    const call = startCall(flow());
    call.promptDone();
    call.press('12345');
    call.clock.increment(2999);
    expect(call.state()).toEqual({ ask: 'collecting' });
    call.clock.increment(1);
    expect(call.result().collected).toEqual({ account: '12345' });
  });

  it('rejects too few digits, a star, or a pattern mismatch, then fails', () => {
    const short = startCall(flow());
    short.promptDone();
    short.press('12#');
    expect(short.played.at(-1)?.prompt).toBe('invalid_choice');
    short.promptDone();
    short.promptDone();
    short.press('1*34#');
    expect(short.result().outcome).toEqual({ kind: 'hangup', reason: 'failed' });

    const patterned = startCall(flow('^9'));
    patterned.promptDone();
    patterned.press('1234#');
    patterned.promptDone();
    patterned.promptDone();
    patterned.press('9234#');
    expect(patterned.result().collected).toEqual({ account: '9234' });
    expect(patterned.result().path[0]).toMatchObject({ keys: '1234#9234#', retries: 1 });
  });
});

describe('lookup step', () => {
  const flow = testFlow('find', {
    find: { type: 'lookup', by: 'ani', found: 'one', notFound: 'two', timeoutMs: 2000 },
    ...finals,
  });

  it('stores the customer and takes found', async () => {
    const queries: unknown[] = [];
    const call = startCall(flow, { lookup: async (q) => (queries.push(q), customer) });
    await call.settle();
    expect(queries).toEqual([{ by: 'ani', value: '13800138000' }]);
    expect(call.result().customer).toEqual(customer);
    expect(call.result().outcome).toMatchObject({ queue: 'sales' });
  });

  it('takes notFound for no match, an error, or a timeout', async () => {
    const none = startCall(flow, { lookup: async () => null });
    await none.settle();
    expect(none.result().path[0]?.result).toBe('not-found');

    const failing = startCall(flow, { lookup: async () => Promise.reject(new Error('db down')) });
    await failing.settle();
    expect(failing.result().path[0]?.result).toBe('lookup-error');

    const hanging = startCall(flow, { lookup: () => new Promise(() => undefined) });
    await hanging.settle();
    hanging.clock.increment(2000);
    expect(hanging.result().path[0]?.result).toBe('lookup-timeout');
    expect(hanging.result().outcome).toMatchObject({ queue: 'service' });
  });
});

describe('branch step', () => {
  const branchTo = (when: Condition) =>
    testFlow('check', {
      check: { type: 'branch', cases: [{ when, next: 'one' }], otherwise: 'two' },
      ...finals,
    });
  const withCustomer = testFlow('find', {
    find: { type: 'lookup', by: 'ani', found: 'check', notFound: 'check' },
    check: {
      type: 'branch',
      cases: [
        { when: { kind: 'vipTier', min: 4 }, next: 'failed' },
        { when: { kind: 'lifecycle', stages: ['lost'] }, next: 'failed' },
        { when: { kind: 'openComplaint' }, next: 'one' },
      ],
      otherwise: 'two',
    },
    ...finals,
  });

  it('picks the first matching case on customer data', async () => {
    const call = startCall(withCustomer, { lookup: async () => customer });
    await call.settle();
    expect(call.result().path[1]).toMatchObject({ step: 'check', result: 'open complaint' });
    const calm = startCall(withCustomer, { lookup: async () => ({ ...customer, openComplaint: false }) });
    await calm.settle();
    expect(calm.result().outcome).toMatchObject({ queue: 'service' });
  });

  it('tests language and time of day in the line time zone', () => {
    expect(
      startCall(branchTo({ kind: 'language', language: 'en' }), { input: { language: 'en-GB' } }).result()
        .outcome,
    ).toMatchObject({ queue: 'sales' });
    expect(startCall(branchTo({ kind: 'language', language: 'en' })).result().outcome).toMatchObject({
      queue: 'service',
    });
    const evening = branchTo({ kind: 'timeOfDay', from: '18:00', to: '08:00' });
    expect(startCall(evening, { at: '2026-11-24T23:30:00+08:00' }).result().outcome).toMatchObject({
      queue: 'sales',
    });
    expect(startCall(evening, { at: OPEN_TIME }).result().outcome).toMatchObject({ queue: 'service' });
    expect(startCall(branchTo({ kind: 'customerKnown' })).result().outcome).toMatchObject({
      queue: 'service',
    });
  });
});

describe('hours step', () => {
  const flow = testFlow('hours', {
    hours: { type: 'hours', open: 'one', closed: 'two', holiday: 'failed' },
    ...finals,
  });
  const outcomeAt = (at: string, options: HarnessOptions = {}) =>
    startCall(flow, { ...options, at }).result().outcome;

  it('is open Mon–Sat 09:00–21:00 Shanghai time and closed otherwise', () => {
    expect(outcomeAt(OPEN_TIME)).toMatchObject({ queue: 'sales' });
    expect(outcomeAt('2026-11-24T21:00:00+08:00')).toMatchObject({ queue: 'service' });
    expect(outcomeAt('2026-11-29T10:00:00+08:00')).toMatchObject({ queue: 'service' });
    // 01:30 UTC on a Monday is 09:30 in Shanghai.
    expect(outcomeAt('2026-11-23T01:30:00Z')).toMatchObject({ queue: 'sales' });
  });

  it('takes the holiday branch on a listed date', () => {
    expect(outcomeAt('2026-10-01T10:00:00+08:00')).toEqual({ kind: 'hangup', reason: 'failed' });
  });

  it('uses the line calendar from the call input over the flow default', () => {
    const london = {
      timeZone: 'Europe/London',
      weekly: { tue: [['09:00', '17:00']] as Array<[string, string]> },
      holidays: [],
    };
    // 10:00 in Shanghai is 02:00 in London.
    expect(outcomeAt(OPEN_TIME, { input: { calendar: london } })).toMatchObject({ queue: 'service' });
    expect(outcomeAt('2026-11-24T10:00:00Z', { input: { calendar: london } })).toMatchObject({
      queue: 'sales',
    });
  });
});

describe('call data and final steps', () => {
  it('setData adds skills and priority, redirects the queue; setLanguage follows the customer', async () => {
    const flow = testFlow('find', {
      find: { type: 'lookup', by: 'ani', found: 'lang', notFound: 'lang' },
      lang: { type: 'setLanguage', language: 'customer', next: 'data' },
      data: {
        type: 'setData',
        addSkills: ['complaints'],
        priority: 2,
        raisePriority: 3,
        queue: 'vip',
        next: 'q',
      },
      q: { type: 'queue', queue: 'service', skills: ['service'], raisePriority: 1 },
    });
    const call = startCall(flow, { lookup: async () => customer });
    await call.settle();
    expect(call.result().outcome).toEqual({
      kind: 'queue',
      queue: 'vip',
      skills: ['service', 'complaints'],
      priority: 6,
      language: 'en',
    });
  });

  it('voicemail, callback and transfer end the call with their outcome', () => {
    const single = (step: Step) => startCall(testFlow('end', { end: step })).result().outcome;
    expect(single({ type: 'voicemail', mailbox: 'sales' })).toEqual({
      kind: 'voicemail',
      mailbox: 'sales',
      language: 'zh-CN',
    });
    expect(single({ type: 'callback', queue: 'service' })).toEqual({
      kind: 'callback',
      queue: 'service',
      number: '13800138000',
      language: 'zh-CN',
    });
    expect(single({ type: 'transfer', number: '+862155550000', trunk: 'carrier' })).toEqual({
      kind: 'transfer',
      number: '+862155550000',
      trunk: 'carrier',
    });
  });
});

describe('caller hang-up', () => {
  it('ends as abandoned, naming the step and how long the caller stayed in it', () => {
    const flow = testFlow('hello', {
      hello: { type: 'play', prompt: 'welcome_sales', next: 'menu' },
      menu: { type: 'menu', prompt: 'menu_sales', choices: { '1': 'one' }, onFail: 'failed' },
      ...finals,
    });
    const call = startCall(flow);
    call.promptDone();
    call.promptDone();
    call.press('5');
    call.clock.increment(1500);
    call.hangup();
    const result = call.result();
    expect(result.outcome).toEqual({ kind: 'abandoned', step: 'menu', stepType: 'menu', afterMs: 1500 });
    expect(result.path.at(-1)).toMatchObject({
      step: 'menu',
      keys: '5',
      retries: 1,
      result: 'caller-hangup',
    });
    expect(result.path.at(-1)!.leftAt! - result.path.at(-1)!.enteredAt).toBe(1500);
    expect(call.stopped).toContain('invalid_choice');
  });
});
