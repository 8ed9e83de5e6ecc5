import { assertTimeZone, parseClock } from './business-hours.js';
import type { BusinessCalendar, Condition, FlowDefinition, Step } from './flow-definition.js';
import { DTMF_KEYS, STEP_ID_PATTERN } from './flow-definition.js';
import { FlowValidationError, type FlowProblem } from './flow-validation-error.js';
import { LANGUAGES } from './language.js';
import { prompts, type PromptCatalogue } from './prompts.js';
import { stepShapeProblems } from './step-shape.js';
import { stepExits, stepPrompts } from './step-targets.js';

export interface ValidateFlowOptions {
  /** Where the flow came from, for the error message. */
  source?: string;
  prompts?: PromptCatalogue;
  /** Queue names that exist (from the DB); omit to skip the queue check. */
  knownQueues?: readonly string[];
}

/** Throws a FlowValidationError listing every problem found; returns the flow when it is sound. */
export function validateFlow(flow: FlowDefinition, options: ValidateFlowOptions = {}): FlowDefinition {
  const problems: FlowProblem[] = [];
  const report = (step: string | null, message: string): void => {
    problems.push({ step, message });
  };
  const catalogue: PromptCatalogue = options.prompts ?? prompts;
  const steps = flow.steps ?? {};

  checkCalendar(flow.calendar, null, report);
  if (!LANGUAGES.includes(flow.defaultLanguage))
    report(null, `default language must be one of ${LANGUAGES.join(', ')}`);
  if (!Object.hasOwn(steps, flow.start)) report(null, `start step "${flow.start}" does not exist`);
  const collectedKeys = new Set(
    Object.values(steps).flatMap((step) => (step?.type === 'collect' ? [step.into] : [])),
  );
  let malformed = false;

  for (const [id, step] of Object.entries(steps)) {
    if (!STEP_ID_PATTERN.test(id)) report(id, `step id must match ${STEP_ID_PATTERN}`);
    const shape = stepShapeProblems(step);
    if (shape.length > 0) {
      // Walking a step of unknown type or missing lists would throw: report it and skip it.
      for (const message of shape) report(id, message);
      malformed = true;
      continue;
    }
    for (const prompt of stepPrompts(step)) {
      const entry = Object.hasOwn(catalogue, prompt) ? catalogue[prompt] : undefined;
      if (!entry) report(id, `unknown prompt "${prompt}"`);
      else
        for (const language of LANGUAGES) {
          if (!entry[language]) report(id, `prompt "${prompt}" has no ${language} text`);
        }
    }
    for (const exit of stepExits(step)) {
      if (!exit.to) report(id, `"${exit.label}" has no target step`);
      else if (!Object.hasOwn(steps, exit.to))
        report(id, `"${exit.label}" leads to missing step "${exit.to}"`);
    }
    checkStep(id, step, report, collectedKeys);
    for (const queue of queuesOf(step)) {
      if (options.knownQueues && !options.knownQueues.includes(queue)) report(id, `unknown queue "${queue}"`);
    }
  }

  // Exits of a malformed step are unknown, so reachability is only judged on a well-formed flow.
  if (!malformed) {
    const reachable = reachableSteps(flow);
    for (const id of Object.keys(steps)) {
      if (!reachable.has(id)) report(id, `unreachable from start step "${flow.start}"`);
    }
  }

  if (problems.length > 0) throw new FlowValidationError(flow.id, options.source ?? null, problems);
  return flow;
}

type Report = (step: string | null, message: string) => void;

function checkStep(id: string, step: Step, report: Report, collectedKeys: Set<string>): void {
  switch (step.type) {
    case 'menu':
      if (Object.keys(step.choices).length === 0) report(id, 'menu has no choices');
      for (const key of Object.keys(step.choices)) {
        if (key.length !== 1 || !DTMF_KEYS.includes(key)) report(id, `menu key "${key}" is not a DTMF key`);
      }
      break;
    case 'collect':
      if (!(step.minDigits >= 1 && step.minDigits <= step.maxDigits)) {
        report(id, `needs 1 ≤ minDigits ≤ maxDigits (got ${step.minDigits}..${step.maxDigits})`);
      }
      if (
        step.terminator !== undefined &&
        (step.terminator.length !== 1 || !'*#'.includes(step.terminator))
      ) {
        report(id, `terminator must be "#" or "*"`);
      }
      if (step.pattern !== undefined) {
        try {
          new RegExp(step.pattern);
        } catch {
          report(id, `pattern "${step.pattern}" is not a valid regular expression`);
        }
      }
      break;
    case 'lookup':
      if (step.by !== 'ani' && (!step.from || !collectedKeys.has(step.from))) {
        report(id, `lookup by ${step.by} needs "from" naming a collect step's "into" key`);
      }
      break;
    case 'branch':
      for (const c of step.cases) checkCondition(id, c.when, report);
      break;
    default:
      break;
  }
}

function checkCondition(id: string, condition: Condition, report: Report): void {
  if (
    condition.kind === 'timeOfDay' &&
    (Number.isNaN(parseClock(condition.from)) || Number.isNaN(parseClock(condition.to)))
  ) {
    report(id, `time of day "${condition.from}–${condition.to}" must be HH:MM`);
  }
}

function checkCalendar(calendar: BusinessCalendar | undefined, id: string | null, report: Report): void {
  if (!calendar) {
    report(id, 'flow has no business-hours calendar');
    return;
  }
  try {
    assertTimeZone(calendar.timeZone);
  } catch {
    report(id, `unknown time zone "${calendar.timeZone}"`);
  }
  for (const [day, intervals] of Object.entries(calendar.weekly)) {
    for (const [from, to] of intervals ?? []) {
      if (Number.isNaN(parseClock(from)) || Number.isNaN(parseClock(to)))
        report(id, `hours ${day} ${from}–${to} must be HH:MM`);
    }
  }
  for (const date of calendar.holidays) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) report(id, `holiday "${date}" must be YYYY-MM-DD`);
  }
}

/** What is wrong with a calendar (bad zone, HH:MM, dates); empty when it is usable. */
export function calendarProblems(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  checkCalendar(calendar, null, (_step, message) => problems.push(message));
  return problems;
}

function queuesOf(step: Step): string[] {
  if (step.type === 'queue' || step.type === 'callback') return [step.queue];
  if (step.type === 'setData' && step.queue) return [step.queue];
  return [];
}

/** Breadth-first walk from the start step over every exit. */
export function reachableSteps(flow: FlowDefinition): Set<string> {
  const seen = new Set<string>();
  const queue = [flow.start];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const step = flow.steps[id];
    if (seen.has(id) || !step) continue;
    seen.add(id);
    for (const exit of stepExits(step)) queue.push(exit.to);
  }
  return seen;
}
