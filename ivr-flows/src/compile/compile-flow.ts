import type { IvrContext, IvrCallInput } from '../call-types.js';
import type { FlowDefinition, Step } from '../flow-definition.js';
import { normalizeLanguage } from '../language.js';
import { describeCondition } from '../step-targets.js';
import { collectState, menuState } from './input-step-states.js';
import { delayName, ivrSetup, type CompileOptions } from './ivr-setup.js';
import { playPrompt, result, type StateConfig } from './state-config.js';

/** Final state entered when the caller hangs up; step ids cannot start with "_". */
export const ABANDONED_STATE = '_abandoned';

function stepBody(id: string, step: Step): StateConfig {
  switch (step.type) {
    case 'play':
      return {
        initial: 'start',
        states: {
          // A key typed ahead during an earlier barge-in prompt skips this one too.
          start: {
            always: step.bargeIn
              ? [{ guard: 'hasTypeahead', target: `#${step.next}`, actions: [result('skipped')] }, 'playing']
              : 'playing',
          },
          playing: {
            tags: ['playing'],
            invoke: playPrompt(id, step.prompt, step.bargeIn ?? false),
            on: {
              PROMPT_DONE: { target: `#${step.next}`, actions: [result('played')] },
              ...(step.bargeIn
                ? {
                    DTMF: {
                      target: `#${step.next}`,
                      actions: ['recordKey', 'stashTypeahead', result('barge-in')],
                    },
                  }
                : {}),
            },
            after: { promptSafety: { target: `#${step.next}`, actions: [result('prompt-timeout')] } },
          },
        },
      };
    case 'menu':
      return menuState(id, step);
    case 'collect':
      return collectState(id, step);
    case 'lookup':
      return {
        tags: ['lookingUp'],
        invoke: {
          src: 'lookupCustomer',
          input: ({ context }: { context: IvrContext }) => ({
            by: step.by,
            value: step.by === 'ani' ? context.ani : (context.collected[step.from ?? ''] ?? ''),
          }),
          onDone: [
            { guard: 'lookupFound', target: `#${step.found}`, actions: ['storeCustomer', result('found')] },
            { target: `#${step.notFound}`, actions: [result('not-found')] },
          ],
          onError: { target: `#${step.notFound}`, actions: [result('lookup-error')] },
        },
        after: {
          [delayName.timeout(id)]: { target: `#${step.notFound}`, actions: [result('lookup-timeout')] },
        },
      };
    case 'branch':
      return {
        always: [
          ...step.cases.map((c) => ({
            guard: { type: 'condition', params: { condition: c.when } },
            target: `#${c.next}`,
            actions: [result(describeCondition(c.when))],
          })),
          { target: `#${step.otherwise}`, actions: [result('otherwise')] },
        ],
      };
    case 'hours':
      return {
        always: [
          { guard: 'isHoliday', target: `#${step.holiday ?? step.closed}`, actions: [result('holiday')] },
          { guard: 'isOpen', target: `#${step.open}`, actions: [result('open')] },
          { target: `#${step.closed}`, actions: [result('closed')] },
        ],
      };
    case 'setData':
      return { entry: [{ type: 'setCallData', params: step }, result('set')], always: `#${step.next}` };
    case 'setLanguage':
      return {
        entry: [{ type: 'setLanguage', params: { language: step.language } }, result('set')],
        always: `#${step.next}`,
      };
    case 'queue':
    case 'voicemail':
    case 'callback':
    case 'transfer':
    case 'hangup':
      return { type: 'final', entry: [{ type: 'setOutcome', params: { step } }] };
  }
}

function stepState(id: string, step: Step): StateConfig {
  const body = stepBody(id, step);
  const entry = [
    { type: 'enterStep', params: { step: id, type: step.type } },
    ...((body.entry as unknown[]) ?? []),
  ];
  return { ...body, id, entry, exit: ['leaveStep'] };
}

/**
 * Compiles a validated flow into an xstate machine: one state per step (state id = step id),
 * a root HANGUP handler that ends in the `_abandoned` final state, and an output of the
 * outcome plus the recorded path. Validate first (`validateFlow`): the compiler trusts its input.
 */
export function compileFlow(flow: FlowDefinition, options: CompileOptions = {}) {
  const now = options.now ?? Date.now;
  const states: Record<string, StateConfig> = {};
  for (const [id, step] of Object.entries(flow.steps)) states[id] = stepState(id, step);
  states[ABANDONED_STATE] = { type: 'final', entry: ['setAbandoned'] };

  const config = {
    id: `ivr:${flow.id}`,
    initial: flow.start,
    context: ({ input }: { input: IvrCallInput }): IvrContext => ({
      flowId: flow.id,
      ani: input.ani,
      dnis: input.dnis,
      callId: input.callId ?? null,
      startedAt: now(),
      language: input.language ? normalizeLanguage(input.language) : flow.defaultLanguage,
      calendar: input.calendar ?? flow.calendar,
      customer: null,
      skills: [],
      priority: input.priority ?? 0,
      queue: null,
      collected: {},
      typeahead: '',
      buffer: '',
      retries: 0,
      currentStep: flow.start,
      path: [],
      outcome: null,
    }),
    on: { HANGUP: { target: `.${ABANDONED_STATE}` } },
    states,
    output: ({ context }: { context: IvrContext }) => {
      if (!context.outcome) throw new Error(`flow ${flow.id} finished without an outcome`);
      return {
        flowId: flow.id,
        outcome: context.outcome,
        path: context.path,
        customer: context.customer,
        collected: context.collected,
        durationMs: now() - context.startedAt,
      };
    },
  };
  const machineSetup = ivrSetup(flow, { now });
  return machineSetup.createMachine(config as unknown as Parameters<typeof machineSetup.createMachine>[0]);
}

export type IvrMachine = ReturnType<typeof compileFlow>;
