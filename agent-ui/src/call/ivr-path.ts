import type { IvrPathEntry } from '../api/types.js';

/** One step of the caller's IVR path as the screen pop shows it. */
export interface IvrStepView {
  step: string;
  type: string;
  /** Keys pressed in the step (a menu choice, digits typed such as an account number). */
  keys: string;
  /** How the step ended, split into a code to translate and its value ("choice:2" → choice, 2). */
  result: { code: string; value: string | null } | null;
  /** Time spent in the step; null for the step the caller was in when the IVR stopped. */
  ms: number | null;
}

/** Steps that only set things up (language, call data) say nothing to the agent. */
const SILENT_TYPES = new Set(['setLanguage', 'setCallData']);

/** "choice:2" → { code: 'choice', value: '2' }; "noInput:retries-exhausted" → noInput. */
export function parseIvrResult(result: string | null): IvrStepView['result'] {
  if (!result) return null;
  const colon = result.indexOf(':');
  if (colon < 0) return { code: result, value: null };
  return { code: result.slice(0, colon), value: result.slice(colon + 1) || null };
}

/** The path in order, without the set-up steps. */
export function ivrSteps(path: readonly IvrPathEntry[]): IvrStepView[] {
  return path
    .filter((e) => !SILENT_TYPES.has(e.type))
    .map((e) => ({
      step: e.step,
      type: e.type,
      keys: e.keys,
      result: parseIvrResult(e.result),
      ms: e.leftAt === null ? null : Math.max(0, e.leftAt - e.enteredAt),
    }));
}

/**
 * Every key the caller pressed in the IVR, in order (what they typed, at a glance). A key that
 * interrupted a prompt (result "barge-in") is typed ahead into the next step and recorded there
 * again: it is counted once, in that step.
 */
export const ivrKeys = (path: readonly IvrPathEntry[]): string =>
  path
    .filter((e) => e.result !== 'barge-in')
    .map((e) => e.keys)
    .join('');

/** "main_menu" → "main menu" (flow step ids are snake/camel case). */
export const stepLabel = (step: string): string =>
  step
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();

/** Seconds with one decimal: 1530 → "1.5". */
export const seconds = (ms: number): string => (Math.round(ms / 100) / 10).toFixed(1);
