import {
  createActor,
  fromCallback,
  fromPromise,
  type ActorOptions,
  type AnyActorLogic,
  type EventObject,
} from 'xstate';
import type {
  CustomerLookup,
  CustomerQuery,
  CustomerSummary,
  IvrCallInput,
  PromptRequest,
} from '../call-types.js';
import type { IvrMachine } from '../compile/compile-flow.js';

/** setTimeout/clearTimeout pair the call's `after` timers run on (a SimulatedClock in tests). */
export type TimerSource = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

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
  clock?: TimerSource;
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
