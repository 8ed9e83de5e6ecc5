import type { CollectStep, MenuStep } from '../flow-definition.js';
import { DEFAULT_INVALID_PROMPT, DEFAULT_NO_INPUT_PROMPT } from '../step-targets.js';
import { delayName } from './ivr-setup.js';
import { playPrompt, result, type StateConfig } from './state-config.js';

/**
 * Retry sub-states shared by menu and collect: a failed attempt either plays the invalid /
 * no-input prompt and returns to the main prompt, or, with retries used up, leaves for onFail.
 */
function retryStates(id: string, step: MenuStep | CollectStep): Record<string, StateConfig> {
  const max = step.maxRetries ?? 2;
  const failure = (prompt: string, reason: string): Record<string, StateConfig> => ({
    [reason]: {
      always: [
        {
          guard: { type: 'retriesExhausted', params: { max } },
          target: `#${step.onFail}`,
          actions: [result(`${reason}:retries-exhausted`)],
        },
        { target: `${reason}Prompt`, actions: ['countRetry', 'clearBuffer'] },
      ],
    },
    [`${reason}Prompt`]: {
      tags: ['playing'],
      invoke: playPrompt(id, prompt, false),
      on: { PROMPT_DONE: 'prompt' },
      after: { promptSafety: 'prompt' },
    },
  });
  return {
    ...failure(step.invalidPrompt ?? DEFAULT_INVALID_PROMPT, 'invalid'),
    ...failure(step.noInputPrompt ?? DEFAULT_NO_INPUT_PROMPT, 'noInput'),
  };
}

/** Menu: prompt (keys barge in by default), wait, then the choice's step or a retry. */
export function menuState(id: string, step: MenuStep): StateConfig {
  const bargeIn = step.bargeIn ?? true;
  const choices = Object.entries(step.choices);
  const onDigit = [
    ...choices.map(([digit, to]) => ({
      guard: { type: 'digitIs', params: { digit } },
      target: `#${to}`,
      actions: ['recordKey', result(`choice:${digit}`)],
    })),
    { target: 'invalid', actions: ['recordKey'] },
  ];
  return {
    initial: 'start',
    states: {
      // A key pressed during an earlier barge-in prompt answers this menu at once.
      start: {
        always: [
          ...choices.map(([digit, to]) => ({
            guard: { type: 'typeaheadIs', params: { digit } },
            target: `#${to}`,
            actions: ['takeTypeahead', result(`choice:${digit}`)],
          })),
          { guard: 'hasTypeahead', target: 'invalid', actions: ['takeTypeahead'] },
          { target: 'prompt' },
        ],
      },
      prompt: {
        tags: ['playing'],
        invoke: playPrompt(id, step.prompt, bargeIn),
        on: { PROMPT_DONE: 'waiting', ...(bargeIn ? { DTMF: onDigit } : {}) },
        after: { promptSafety: 'waiting' },
      },
      waiting: {
        tags: ['awaitingInput'],
        on: { DTMF: onDigit },
        after: { [delayName.timeout(id)]: 'noInput' },
      },
      ...retryStates(id, step),
    },
  };
}

/**
 * Collect digits: entry ends on the terminator, at maxDigits, or after the inter-digit
 * silence; then the digits are validated (only 0-9, min/max, pattern) and stored.
 */
export function collectState(id: string, step: CollectStep): StateConfig {
  const bargeIn = step.bargeIn ?? true;
  const terminator = step.terminator ?? '#';
  const toCheck = { target: 'check', actions: ['appendDigit'] };
  return {
    initial: 'start',
    states: {
      start: {
        always: [
          { guard: 'hasTypeahead', target: 'check', actions: ['typeaheadToBuffer'] },
          { target: 'prompt' },
        ],
      },
      prompt: {
        tags: ['playing'],
        invoke: playPrompt(id, step.prompt, bargeIn),
        on: { PROMPT_DONE: 'firstDigit', ...(bargeIn ? { DTMF: toCheck } : {}) },
        after: { promptSafety: 'firstDigit' },
      },
      firstDigit: {
        tags: ['awaitingInput'],
        on: { DTMF: toCheck },
        after: { [delayName.timeout(id)]: 'noInput' },
      },
      collecting: {
        tags: ['awaitingInput'],
        on: { DTMF: toCheck },
        after: { [delayName.interDigit(id)]: 'validate' },
      },
      check: {
        always: [
          {
            guard: { type: 'bufferComplete', params: { terminator, max: step.maxDigits } },
            target: 'validate',
          },
          { target: 'collecting' },
        ],
      },
      validate: {
        always: [
          {
            guard: {
              type: 'bufferValid',
              params: { terminator, min: step.minDigits, max: step.maxDigits, pattern: step.pattern ?? null },
            },
            target: `#${step.next}`,
            actions: [
              { type: 'storeCollected', params: { into: step.into, terminator } },
              result('collected'),
            ],
          },
          { target: 'invalid' },
        ],
      },
      ...retryStates(id, step),
    },
  };
}
