import type { Condition, Step } from './flow-definition.js';

/** One way out of a step: where it leads and why (the diagram's edge label). */
export interface StepExit {
  to: string;
  label: string;
}

export function describeCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'customerKnown':
      return 'customer identified';
    case 'vipTier':
      return `VIP tier ≥ ${condition.min}`;
    case 'lifecycle':
      return `stage ∈ {${condition.stages.join(', ')}}`;
    case 'openComplaint':
      return 'open complaint';
    case 'language':
      return `language = ${condition.language}`;
    case 'timeOfDay':
      return `time ${condition.from}–${condition.to}`;
  }
}

/** Every transition a step can take; final steps have none. */
export function stepExits(step: Step): StepExit[] {
  switch (step.type) {
    case 'play':
    case 'setData':
    case 'setLanguage':
      return [{ to: step.next, label: 'next' }];
    case 'menu':
      return [
        ...Object.entries(step.choices).map(([key, to]) => ({ to, label: key })),
        { to: step.onFail, label: 'retries exhausted' },
      ];
    case 'collect':
      return [
        { to: step.next, label: 'digits entered' },
        { to: step.onFail, label: 'retries exhausted' },
      ];
    case 'lookup':
      return [
        { to: step.found, label: 'found' },
        { to: step.notFound, label: 'not found' },
      ];
    case 'branch':
      return [
        ...step.cases.map((c) => ({ to: c.next, label: describeCondition(c.when) })),
        { to: step.otherwise, label: 'otherwise' },
      ];
    case 'hours':
      return [
        { to: step.open, label: 'open' },
        { to: step.closed, label: 'closed' },
        ...(step.holiday ? [{ to: step.holiday, label: 'holiday' }] : []),
      ];
    case 'queue':
    case 'voicemail':
    case 'callback':
    case 'transfer':
    case 'hangup':
      return [];
  }
}

/** Prompt ids a step may play, including the retry prompts' defaults. */
export function stepPrompts(step: Step): string[] {
  switch (step.type) {
    case 'play':
      return [step.prompt];
    case 'menu':
    case 'collect':
      return [
        step.prompt,
        step.invalidPrompt ?? DEFAULT_INVALID_PROMPT,
        step.noInputPrompt ?? DEFAULT_NO_INPUT_PROMPT,
      ];
    default:
      return [];
  }
}

export const DEFAULT_INVALID_PROMPT = 'invalid_choice';
export const DEFAULT_NO_INPUT_PROMPT = 'no_input';
