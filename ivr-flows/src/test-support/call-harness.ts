import { SimulatedClock } from 'xstate';
import type { CustomerLookup, IvrCallInput, IvrResult, PromptRequest } from '../call-types.js';
import { compileFlow } from '../compile/compile-flow.js';
import type { FlowDefinition, Step } from '../flow-definition.js';
import { createIvrCall } from '../runtime/start-ivr-call.js';
import { demoCalendar } from '../flows/demo-calendar.js';

/** Tuesday 10:00 in Shanghai: the demo lines are open. */
export const OPEN_TIME = '2026-11-24T10:00:00+08:00';

/** A throwaway flow around the steps under test. */
export function testFlow(start: string, steps: Record<string, Step>): FlowDefinition {
  return { id: 'test-flow', name: 'test', defaultLanguage: 'zh-CN', calendar: demoCalendar, start, steps };
}

export interface HarnessOptions {
  at?: string;
  input?: Partial<IvrCallInput>;
  lookup?: CustomerLookup;
}

/** A started call on a SimulatedClock, with the prompts it asked to play. */
export function startCall(flow: FlowDefinition, options: HarnessOptions = {}) {
  const clock = new SimulatedClock();
  clock.set(Date.parse(options.at ?? OPEN_TIME));
  const played: PromptRequest[] = [];
  const stopped: string[] = [];
  const actor = createIvrCall(compileFlow(flow, { now: () => clock.now() }), {
    input: { ani: '13800138000', dnis: '4008001000', ...options.input },
    clock,
    onLookupCustomer: options.lookup ?? (async () => null),
    onPlayPrompt: (request) => {
      played.push(request);
      return () => stopped.push(request.prompt);
    },
  });
  actor.start();
  return {
    actor,
    clock,
    played,
    stopped,
    promptDone: () => actor.send({ type: 'PROMPT_DONE' }),
    press: (keys: string) => {
      for (const digit of keys) actor.send({ type: 'DTMF', digit });
    },
    hangup: () => actor.send({ type: 'HANGUP' }),
    /** Lets promise actors (lookups) settle. */
    settle: () => new Promise<void>((resolve) => setImmediate(resolve)),
    state: () => actor.getSnapshot().value,
    step: () => actor.getSnapshot().context.currentStep,
    result: (): IvrResult => {
      const snapshot = actor.getSnapshot();
      if (snapshot.status !== 'done') throw new Error(`call not finished: ${JSON.stringify(snapshot.value)}`);
      return snapshot.output;
    },
  };
}
