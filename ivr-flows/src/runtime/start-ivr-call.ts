import { createActor, fromCallback, fromPromise, type EventObject } from 'xstate';
import type {
  CustomerLookup,
  CustomerQuery,
  CustomerSummary,
  IvrCallInput,
  PromptRequest,
} from '../call-types.js';
import type { IvrMachine } from '../compile/compile-flow.js';

/**
 * What a call's `after` delays (menu and digit timeouts, the prompt safety net) are scheduled
 * on. Declared here by shape, so this package depends on no server type: cti-server's `Clock`
 * fits it, and so does xstate's `SimulatedClock` in this package's tests. The time the flow
 * reads (path entries, business hours) is `CompileOptions.now`, fixed when the flow is compiled.
 */
export interface IvrClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** How a call reaches the world: the server's media leg and CRM, as optional callbacks. */
export interface IvrCallDelegate {
  /**
   * Start playing `request.prompt` on the caller leg. Call `done()` when it ends (or send
   * PROMPT_DONE to the actor); return a function that stops playback, called on barge-in,
   * hang-up or a safety timeout. `done()` after the flow has moved on is ignored.
   */
  onPlayPrompt?(request: PromptRequest, done: () => void): (() => void) | void;
  /** Find the caller in the CRM; resolve null when there is no match. */
  onLookupCustomer?: CustomerLookup;
}

export interface IvrCallOptions extends IvrCallDelegate {
  input: IvrCallInput;
  /** xstate's real-time timers when omitted. */
  clock?: IvrClock;
  /** Actor system id, e.g. the call id, for inspection. */
  id?: string;
}

/**
 * One actor per call, not yet started: subscribe, then `start()`. Send it DTMF / PROMPT_DONE /
 * HANGUP; when its status is 'done', `getSnapshot().output` is the IvrResult.
 */
export function createIvrCall(machine: IvrMachine, options: IvrCallOptions) {
  const { onPlayPrompt, onLookupCustomer } = options;
  const provided = machine.provide({
    actors: {
      ...(onPlayPrompt && {
        playPrompt: fromCallback<EventObject, PromptRequest>(({ input, sendBack }) => {
          const stop = onPlayPrompt(input, () => sendBack({ type: 'PROMPT_DONE' }));
          return stop ?? undefined;
        }),
      }),
      ...(onLookupCustomer && {
        lookupCustomer: fromPromise<CustomerSummary | null, CustomerQuery>(({ input }) =>
          onLookupCustomer(input),
        ),
      }),
    },
  });
  // An explicit `clock: undefined` would replace xstate's real-time default, so only pass what is set.
  return createActor(provided, {
    input: options.input,
    ...(options.clock && { clock: options.clock }),
    ...(options.id !== undefined && { id: options.id }),
  });
}

export type IvrCallActor = ReturnType<typeof createIvrCall>;
