import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileFlow } from '../compile/compile-flow.js';
import { testFlow } from '../test-support/call-harness.js';
import { createIvrCall } from './start-ivr-call.js';

const flow = testFlow('hello', {
  hello: { type: 'play', prompt: 'welcome_sales', bargeIn: true, next: 'menu' },
  menu: { type: 'menu', prompt: 'menu_sales', choices: { '1': 'sales' }, timeoutMs: 4000, onFail: 'bye' },
  sales: { type: 'queue', queue: 'sales' },
  bye: { type: 'hangup' },
});

describe('createIvrCall', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets the media delegate end a prompt, and ignores its late done() after barge-in', () => {
    const done: Array<() => void> = [];
    const stopped: string[] = [];
    const actor = createIvrCall(compileFlow(flow), {
      input: { ani: '1', dnis: '2' },
      onPlayPrompt: (request, finished) => {
        done.push(finished);
        return () => stopped.push(request.prompt);
      },
    });
    actor.start();
    actor.send({ type: 'DTMF', digit: '5' });
    expect(stopped).toEqual(['welcome_sales']);
    // The menu answered the typed-ahead 5 as invalid; the welcome's done() now arrives late.
    expect(actor.getSnapshot().value).toEqual({ menu: 'invalidPrompt' });
    done[0]!();
    expect(actor.getSnapshot().value).toEqual({ menu: 'invalidPrompt' });
    done[1]!();
    expect(actor.getSnapshot().value).toEqual({ menu: 'prompt' });
    actor.stop();
  });

  it('runs timers on real time when no clock is given', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-24T10:00:00+08:00'));
    const actor = createIvrCall(compileFlow(flow), { input: { ani: '1', dnis: '2' } });
    actor.start();
    actor.send({ type: 'PROMPT_DONE' });
    actor.send({ type: 'PROMPT_DONE' });
    vi.advanceTimersByTime(4000);
    expect(actor.getSnapshot().value).toEqual({ menu: 'noInputPrompt' });
    actor.stop();
  });
});
