import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from './flow-definition.js';
import { FlowValidationError } from './flow-validation-error.js';
import { demoQueues, flows } from './flows/index.js';
import { prompts } from './prompts.js';
import { testFlow } from './test-support/call-harness.js';
import { validateFlow } from './validate-flow.js';

function problemsOf(flow: FlowDefinition, knownQueues = demoQueues): FlowValidationError {
  try {
    validateFlow(flow, { source: 'flows/broken.ts', knownQueues });
  } catch (error) {
    if (error instanceof FlowValidationError) return error;
    throw error;
  }
  throw new Error('flow was accepted');
}

const good = () =>
  testFlow('menu', {
    menu: { type: 'menu', prompt: 'menu_sales', choices: { '1': 'sales' }, onFail: 'bye' },
    sales: { type: 'queue', queue: 'sales' },
    bye: { type: 'hangup' },
  });

describe('validateFlow', () => {
  it('accepts the demo flows', () => {
    for (const flow of Object.values(flows))
      expect(validateFlow(flow, { knownQueues: demoQueues })).toBe(flow);
  });

  it('names the flow, file and step of an unknown prompt', () => {
    const flow = good();
    flow.steps.menu = { type: 'menu', prompt: 'menu_typo', choices: { '1': 'sales' }, onFail: 'bye' };
    const error = problemsOf(flow);
    expect(error.code).toBe('IVR_FLOW_INVALID');
    expect(error.problems).toEqual([{ step: 'menu', message: 'unknown prompt "menu_typo"' }]);
    expect(error.message).toContain('test-flow (flows/broken.ts)');
    expect(error.message).toContain('step "menu": unknown prompt "menu_typo"');
  });

  it('rejects an unreachable step', () => {
    const flow = good();
    flow.steps.orphan = { type: 'hangup' };
    expect(problemsOf(flow).problems).toEqual([
      { step: 'orphan', message: 'unreachable from start step "menu"' },
    ]);
  });

  it('rejects a menu key without a target and one leading to a missing step', () => {
    const flow = good();
    flow.steps.menu = {
      type: 'menu',
      prompt: 'menu_sales',
      choices: { '1': 'sales', '2': '', '3': 'nowhere' },
      onFail: 'bye',
    };
    expect(problemsOf(flow).problems).toEqual([
      { step: 'menu', message: '"2" has no target step' },
      { step: 'menu', message: '"3" leads to missing step "nowhere"' },
    ]);
  });

  it('rejects an unknown queue, only when the known queues are given', () => {
    const flow = good();
    flow.steps.sales = { type: 'queue', queue: 'presales' };
    expect(problemsOf(flow).problems).toEqual([{ step: 'sales', message: 'unknown queue "presales"' }]);
    expect(() => validateFlow(flow)).not.toThrow();
  });

  it('rejects a missing start, bad step ids, bad keys, bad collect bounds and a bad time zone', () => {
    const flow: FlowDefinition = {
      ...good(),
      start: 'begin',
      calendar: { timeZone: 'Mars/Olympus', weekly: {}, holidays: [] },
    };
    flow.steps['bad.id'] = { type: 'hangup' };
    flow.steps.menu = { type: 'menu', prompt: 'menu_sales', choices: { '12': 'sales' }, onFail: 'bye' };
    flow.steps.ask = {
      type: 'collect',
      prompt: 'enter_account',
      into: 'a',
      minDigits: 5,
      maxDigits: 3,
      next: 'bye',
      onFail: 'bye',
    };
    const messages = problemsOf(flow).problems.map((p) => `${p.step}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'null: unknown time zone "Mars/Olympus"',
        'null: start step "begin" does not exist',
        'bad.id: step id must match /^[A-Za-z][A-Za-z0-9_-]*$/',
        'menu: menu key "12" is not a DTMF key',
        'ask: needs 1 ≤ minDigits ≤ maxDigits (got 5..3)',
      ]),
    );
  });

  it('rejects a lookup by account with no collect step feeding it', () => {
    const flow = testFlow('find', {
      find: { type: 'lookup', by: 'account', from: 'account', found: 'bye', notFound: 'bye' },
      bye: { type: 'hangup' },
    });
    expect(problemsOf(flow).problems).toEqual([
      { step: 'find', message: `lookup by account needs "from" naming a collect step's "into" key` },
    ]);
  });

  it('names hand-edited steps of unknown type or with missing fields instead of crashing', () => {
    // As a JSON flow file could arrive: the types are not checked there.
    const flow = JSON.parse(
      JSON.stringify(
        testFlow('menu', {
          menu: { type: 'menu', prompt: 'menu_sales', choices: { '1': 'sales', '2': 'mail' }, onFail: 'bye' },
          sales: { type: 'queue', queue: 'sales' },
          mail: { type: 'voicemail', mailbox: 'sales' },
          bye: { type: 'hangup' },
        }),
      ),
    ) as FlowDefinition;
    Object.assign(flow.steps, {
      menu: { type: 'menu', prompt: 'menu_sales', choices: { '1': 'sales', '2': 'mail' } },
      sales: { type: 'queue' },
      mail: { type: 'voicemial', mailbox: 'sales' },
      bye: { type: 'play', next: 'sales', timeoutMs: -1 },
    });
    expect(problemsOf(flow).problems).toEqual([
      { step: 'menu', message: 'menu step has no "onFail" step' },
      { step: 'sales', message: 'queue step has no queue' },
      { step: 'mail', message: 'unknown step type "voicemial"' },
      { step: 'bye', message: 'play step has no prompt' },
    ]);
  });

  it('rejects bad timeouts and retry counts, and a prompt missing a language', () => {
    const flow = good();
    flow.steps.menu = {
      type: 'menu',
      prompt: 'menu_sales',
      choices: { '1': 'sales' },
      onFail: 'bye',
      timeoutMs: 0,
      maxRetries: 1.5,
    };
    expect(problemsOf(flow).problems).toEqual([
      { step: 'menu', message: 'timeoutMs must be a positive number of ms' },
      { step: 'menu', message: 'maxRetries must be a whole number ≥ 0' },
    ]);
    const catalogue = { ...prompts, menu_sales: { 'zh-CN': '请按1。', en: '' } };
    expect(() => validateFlow(good(), { prompts: catalogue })).toThrow(
      'step "menu": prompt "menu_sales" has no en text',
    );
  });
});
