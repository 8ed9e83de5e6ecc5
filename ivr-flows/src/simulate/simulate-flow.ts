import { SimulatedClock } from 'xstate';
import type { CustomerLookup, IvrCallInput, IvrResult } from '../call-types.js';
import { compileFlow } from '../compile/compile-flow.js';
import type { FlowDefinition } from '../flow-definition.js';
import type { Language } from '../language.js';
import { promptText } from '../prompts.js';
import { createIvrCall } from '../runtime/start-ivr-call.js';
import { fakeCustomerLookup } from './fake-customers.js';

export interface SimulateOptions {
  flow: FlowDefinition;
  ani: string;
  dnis?: string;
  /** Key groups; each group is typed when the flow next waits for input ("1", "12345678#"). */
  keys?: readonly string[];
  /** Wall-clock time of the call (business hours); default now. */
  at?: Date;
  /** Make the caller a known customer of this VIP tier (fake CRM only). */
  customerTier?: number;
  /** Real lookup; without it an in-memory fake customer list is used. */
  lookupCustomer?: CustomerLookup;
  /** Hang up as soon as the flow enters this step. */
  hangupAtStep?: string;
  input?: Partial<IvrCallInput>;
  /** Give up (throw) if the call has not ended after this much simulated time (default 30 min). */
  maxSimulatedMs?: number;
}

export interface PlayedPrompt {
  atMs: number;
  /** Index of the path entry the prompt was played in. */
  pathIndex: number;
  step: string;
  prompt: string;
  language: Language;
  text: string;
}

export interface SimulationResult {
  result: IvrResult;
  prompts: PlayedPrompt[];
  unusedKeys: string[];
  usedFakeCustomers: boolean;
}

/** Silence is simulated in steps this long; every flow timeout is a multiple of it. */
const TICK_MS = 250;

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Walks a flow without a phone: prompts finish at once, key groups are typed whenever the flow
 * waits for input, and once they run out silence is simulated on a SimulatedClock until the
 * timeouts end the call.
 */
export async function simulateFlow(options: SimulateOptions): Promise<SimulationResult> {
  const clock = new SimulatedClock();
  const startedAt = (options.at ?? new Date()).getTime();
  clock.set(startedAt);
  const usedFakeCustomers = options.lookupCustomer === undefined;
  const lookup =
    options.lookupCustomer ??
    fakeCustomerLookup(
      undefined,
      options.customerTier === undefined ? undefined : { ani: options.ani, tier: options.customerTier },
    );
  const prompts: PlayedPrompt[] = [];
  const keys = [...(options.keys ?? [])];

  const machine = compileFlow(options.flow, { now: () => clock.now() });
  const actor = createIvrCall(machine, {
    input: { ani: options.ani, dnis: options.dnis ?? '', ...options.input },
    clock,
    onLookupCustomer: lookup,
    onPlayPrompt: (request) => {
      prompts.push({
        atMs: clock.now() - startedAt,
        pathIndex: actor.getSnapshot().context.path.length - 1,
        step: request.step,
        prompt: request.prompt,
        language: request.language,
        text: promptText(request.prompt, request.language),
      });
    },
  });
  actor.start();

  const deadline = startedAt + (options.maxSimulatedMs ?? 30 * 60_000);
  for (;;) {
    await settle();
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== 'active') break;
    if (clock.now() > deadline) {
      actor.stop();
      throw new Error(`simulation of ${options.flow.id} did not end within the simulated time limit`);
    }
    if (options.hangupAtStep !== undefined && snapshot.context.currentStep === options.hangupAtStep) {
      actor.send({ type: 'HANGUP' });
    } else if (snapshot.hasTag('playing')) {
      actor.send({ type: 'PROMPT_DONE' });
    } else if (snapshot.hasTag('awaitingInput') && keys.length > 0) {
      for (const digit of keys.shift() ?? '') actor.send({ type: 'DTMF', digit });
    } else {
      clock.increment(TICK_MS);
    }
  }
  const snapshot = actor.getSnapshot();
  if (snapshot.status !== 'done')
    throw new Error(`simulation of ${options.flow.id} failed: ${String(snapshot.error)}`);
  return { result: snapshot.output, prompts, unusedKeys: keys, usedFakeCustomers };
}
