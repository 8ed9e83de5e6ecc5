import type { IvrContext, PromptRequest } from '../call-types.js';

/**
 * A state node config as the compiler assembles it. Flows are data, so the machine config is
 * built at run time and cannot be checked against the literal types xstate infers for
 * hand-written machines; the named implementations it refers to are typed in `ivr-setup.ts`.
 */
export type StateConfig = Record<string, unknown>;

/** Invoke the `playPrompt` actor for the life of the state (leaving it stops the prompt). */
export function playPrompt(step: string, prompt: string, bargeIn: boolean): StateConfig {
  return {
    src: 'playPrompt',
    input: ({ context }: { context: IvrContext }): PromptRequest => ({
      prompt,
      language: context.language,
      bargeIn,
      step,
    }),
  };
}

export function result(value: string): { type: 'setResult'; params: { result: string } } {
  return { type: 'setResult', params: { result: value } };
}
