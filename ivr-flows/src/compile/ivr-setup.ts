import { assertEvent, assign, fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import { inClockRange, isHoliday, isOpen, localTime } from '../business-hours.js';
import type {
  CustomerQuery,
  CustomerSummary,
  IvrCallInput,
  IvrContext,
  IvrEvent,
  IvrOutcome,
  IvrPathEntry,
  IvrResult,
  PromptRequest,
} from '../call-types.js';
import type { Condition, FlowDefinition, SetDataStep, Step, StepType } from '../flow-definition.js';
import { normalizeLanguage, type Language } from '../language.js';

export interface CompileOptions {
  /** Epoch-ms time source for the path and business hours; a SimulatedClock's `now` in tests. */
  now?: () => number;
}

/**
 * Longest a prompt may play before the flow moves on without PROMPT_DONE, so a lost media
 * event can never strand a caller.
 */
export const PROMPT_SAFETY_MS = 120_000;

type FinalStep = Extract<Step, { type: 'queue' | 'voicemail' | 'callback' | 'transfer' | 'hangup' }>;

/** Output of the `lookupCustomer` actor as it arrives on the done event. */
function lookupOutput(event: EventObject): CustomerSummary | null {
  return (event as { output?: CustomerSummary | null }).output ?? null;
}

function withLastEntry(path: IvrPathEntry[], change: (entry: IvrPathEntry) => IvrPathEntry): IvrPathEntry[] {
  const last = path.at(-1);
  return last ? [...path.slice(0, -1), change(last)] : path;
}

function digitsOf(buffer: string, terminator: string): string {
  return buffer.endsWith(terminator) ? buffer.slice(0, -terminator.length) : buffer;
}

/** Per-step timer names, so `after` in the machine reads e.g. `main_menu_timeout`. */
export const delayName = {
  timeout: (step: string) => `${step}_timeout`,
  interDigit: (step: string) => `${step}_interDigit`,
};

function flowDelays(flow: FlowDefinition): Record<string, number> {
  const delays: Record<string, number> = { promptSafety: PROMPT_SAFETY_MS };
  for (const [id, step] of Object.entries(flow.steps)) {
    if (step.type === 'menu' || step.type === 'collect')
      delays[delayName.timeout(id)] = step.timeoutMs ?? 5000;
    if (step.type === 'collect') delays[delayName.interDigit(id)] = step.interDigitTimeoutMs ?? 3000;
    if (step.type === 'lookup') delays[delayName.timeout(id)] = step.timeoutMs ?? 3000;
  }
  return delays;
}

/**
 * The named implementations every compiled flow shares. I/O is two actors the server replaces
 * per call with `machine.provide({ actors })`: `playPrompt` (media leg) and `lookupCustomer` (CRM).
 */
export function ivrSetup(flow: FlowDefinition, options: CompileOptions = {}) {
  const now = options.now ?? Date.now;

  function outcomeOf(step: FinalStep, context: IvrContext): IvrOutcome {
    const language: Language = context.language;
    switch (step.type) {
      case 'queue':
        return {
          kind: 'queue',
          queue: context.queue ?? step.queue,
          skills: [...new Set([...(step.skills ?? []), ...context.skills])],
          priority: context.priority + (step.raisePriority ?? 0),
          language,
        };
      case 'voicemail':
        return { kind: 'voicemail', mailbox: step.mailbox, language };
      case 'callback':
        return { kind: 'callback', queue: step.queue, number: context.ani, language };
      case 'transfer':
        return { kind: 'transfer', number: step.number, trunk: step.trunk ?? null };
      case 'hangup':
        return { kind: 'hangup', reason: step.reason ?? null };
    }
  }

  function holds(condition: Condition, context: IvrContext): boolean {
    const customer = context.customer;
    switch (condition.kind) {
      case 'customerKnown':
        return customer !== null;
      case 'vipTier':
        return (customer?.vipTier ?? 0) >= condition.min;
      case 'lifecycle':
        return customer !== null && condition.stages.includes(customer.lifecycleStage);
      case 'openComplaint':
        return customer?.openComplaint === true;
      case 'language':
        return context.language === condition.language;
      case 'timeOfDay':
        return inClockRange(
          localTime(now(), context.calendar.timeZone).minutes,
          condition.from,
          condition.to,
        );
    }
  }

  return setup({
    types: {
      context: {} as IvrContext,
      events: {} as IvrEvent,
      input: {} as IvrCallInput,
      output: {} as IvrResult,
      tags: {} as 'playing' | 'awaitingInput' | 'lookingUp',
    },
    actors: {
      /** Plays a prompt on the caller leg; the returned cleanup stops it (barge-in, hang-up). */
      playPrompt: fromCallback<EventObject, PromptRequest>(() => undefined),
      lookupCustomer: fromPromise<CustomerSummary | null, CustomerQuery>(async () => {
        throw new Error('no customer lookup provided to this call');
      }),
    },
    delays: flowDelays(flow),
    actions: {
      enterStep: assign(({ context }, params: { step: string; type: StepType }) => ({
        currentStep: params.step,
        retries: 0,
        buffer: '',
        path: [
          ...context.path,
          {
            step: params.step,
            type: params.type,
            enteredAt: now(),
            leftAt: null,
            keys: '',
            retries: 0,
            result: null,
          },
        ],
      })),
      leaveStep: assign(({ context }) => ({
        path: withLastEntry(context.path, (e) => (e.leftAt === null ? { ...e, leftAt: now() } : e)),
      })),
      setResult: assign(({ context }, params: { result: string }) => ({
        path: withLastEntry(context.path, (e) => ({ ...e, result: params.result })),
      })),
      recordKey: assign(({ context, event }) => {
        assertEvent(event, 'DTMF');
        return { path: withLastEntry(context.path, (e) => ({ ...e, keys: e.keys + event.digit })) };
      }),
      stashTypeahead: assign(({ context, event }) => {
        assertEvent(event, 'DTMF');
        return { typeahead: context.typeahead + event.digit };
      }),
      takeTypeahead: assign(({ context }) => ({
        typeahead: context.typeahead.slice(1),
        path: withLastEntry(context.path, (e) => ({ ...e, keys: e.keys + context.typeahead.slice(0, 1) })),
      })),
      typeaheadToBuffer: assign(({ context }) => ({
        buffer: context.typeahead,
        typeahead: '',
        path: withLastEntry(context.path, (e) => ({ ...e, keys: e.keys + context.typeahead })),
      })),
      appendDigit: assign(({ context, event }) => {
        assertEvent(event, 'DTMF');
        return {
          buffer: context.buffer + event.digit,
          path: withLastEntry(context.path, (e) => ({ ...e, keys: e.keys + event.digit })),
        };
      }),
      clearBuffer: assign({ buffer: '' }),
      countRetry: assign(({ context }) => ({
        retries: context.retries + 1,
        path: withLastEntry(context.path, (e) => ({ ...e, retries: context.retries + 1 })),
      })),
      storeCollected: assign(({ context }, params: { into: string; terminator: string }) => ({
        collected: { ...context.collected, [params.into]: digitsOf(context.buffer, params.terminator) },
      })),
      storeCustomer: assign(({ event }) => ({ customer: lookupOutput(event) })),
      setCallData: assign(({ context }, params: SetDataStep) => ({
        skills: [...new Set([...context.skills, ...(params.addSkills ?? [])])],
        priority: (params.priority ?? context.priority) + (params.raisePriority ?? 0),
        language: params.language ?? context.language,
        queue: params.queue ?? context.queue,
      })),
      setLanguage: assign(({ context }, params: { language: Language | 'customer' }) => ({
        language:
          params.language === 'customer'
            ? context.customer
              ? normalizeLanguage(context.customer.language)
              : context.language
            : params.language,
      })),
      setOutcome: assign(({ context }, params: { step: FinalStep }) => ({
        outcome: outcomeOf(params.step, context),
        path: withLastEntry(context.path, (e) => ({ ...e, leftAt: e.enteredAt, result: params.step.type })),
      })),
      setAbandoned: assign(({ context }) => {
        const last = context.path.at(-1);
        const step = flow.steps[context.currentStep];
        return {
          outcome: {
            kind: 'abandoned',
            step: context.currentStep,
            stepType: step?.type ?? 'play',
            afterMs: last ? now() - last.enteredAt : 0,
          },
          path: withLastEntry(context.path, (e) => ({ ...e, result: 'caller-hangup' })),
        };
      }),
    },
    guards: {
      digitIs: ({ event }, params: { digit: string }) =>
        event.type === 'DTMF' && event.digit === params.digit,
      typeaheadIs: ({ context }, params: { digit: string }) => context.typeahead.startsWith(params.digit),
      hasTypeahead: ({ context }) => context.typeahead.length > 0,
      retriesExhausted: ({ context }, params: { max: number }) => context.retries >= params.max,
      bufferComplete: ({ context }, params: { terminator: string; max: number }) =>
        context.buffer.endsWith(params.terminator) || context.buffer.length >= params.max,
      bufferValid: (
        { context },
        params: { terminator: string; min: number; max: number; pattern: string | null },
      ) => {
        const digits = digitsOf(context.buffer, params.terminator);
        return (
          /^\d*$/.test(digits) &&
          digits.length >= params.min &&
          digits.length <= params.max &&
          (params.pattern === null || new RegExp(params.pattern).test(digits))
        );
      },
      lookupFound: ({ event }) => lookupOutput(event) !== null,
      condition: ({ context }, params: { condition: Condition }) => holds(params.condition, context),
      isHoliday: ({ context }) => isHoliday(context.calendar, now()),
      isOpen: ({ context }) => isOpen(context.calendar, now()),
    },
  });
}

export type IvrSetup = ReturnType<typeof ivrSetup>;
export type { FinalStep };
