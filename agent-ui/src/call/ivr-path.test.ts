import { describe, expect, it } from 'vitest';
import { ivrKeys, ivrSteps, parseIvrResult, seconds, stepLabel } from './ivr-path.js';

const entry = (step: string, type: string, keys: string, result: string | null, ms: number | null) => ({
  step,
  type,
  enteredAt: 1000,
  leftAt: ms === null ? null : 1000 + ms,
  keys,
  retries: 0,
  result,
});

describe('IVR path in the screen pop', () => {
  it('splits results into a code and a value', () => {
    expect(parseIvrResult('choice:2')).toEqual({ code: 'choice', value: '2' });
    expect(parseIvrResult('noInput:retries-exhausted')).toEqual({
      code: 'noInput',
      value: 'retries-exhausted',
    });
    expect(parseIvrResult('found')).toEqual({ code: 'found', value: null });
    expect(parseIvrResult(null)).toBeNull();
  });

  it('keeps the steps a caller went through, drops set-up steps, times each', () => {
    const path = [
      entry('identify', 'lookup', '', 'found', 4),
      entry('caller_language', 'setLanguage', '', 'set', 0),
      entry('welcome', 'play', '1', 'barge-in', 1500),
      entry('account', 'input', '123456#', 'collected', 8200),
      entry('main_menu', 'menu', '2', 'choice:2', null),
    ];
    const steps = ivrSteps(path);
    expect(steps.map((s) => s.step)).toEqual(['identify', 'welcome', 'account', 'main_menu']);
    expect(steps[2]).toEqual({
      step: 'account',
      type: 'input',
      keys: '123456#',
      result: { code: 'collected', value: null },
      ms: 8200,
    });
    expect(steps[3]?.ms).toBeNull();
    // The key that interrupted the welcome prompt is typed ahead into the next step: counted once.
    expect(ivrKeys(path)).toBe('123456#2');
  });

  it('labels steps and durations for people', () => {
    expect(stepLabel('main_menu')).toBe('main menu');
    expect(stepLabel('accountNumber')).toBe('account number');
    expect(seconds(1530)).toBe('1.5');
    expect(seconds(0)).toBe('0.0');
  });
});
