import type { Language } from './language.js';

/**
 * The step vocabulary an IVR flow is written in. A flow is plain data (serialisable, so the
 * console can draw and later edit it); `compileFlow` turns it into an xstate machine.
 * Step ids become state ids, so they must match `STEP_ID_PATTERN`.
 */
export type StepId = string;

/** Weekday keys as stored in `Line.businessHours` (`{"mon":[["09:00","18:00"]], ...}`). */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Opening hours in one IANA time zone. Same JSON shape as the Line row, so the DB can override it. */
export interface BusinessCalendar {
  timeZone: string;
  /** Open intervals per weekday, local "HH:MM" pairs, end exclusive; a missing day is closed. */
  weekly: Partial<Record<Weekday, Array<[string, string]>>>;
  /** Local dates ("YYYY-MM-DD") closed all day. */
  holidays: string[];
  /** A holiday's name by date (`国庆节 National Day`), where the line gave one. */
  holidayNames?: Partial<Record<string, string>>;
}

export type LifecycleStage = 'potential' | 'intent' | 'first_purchase' | 'repeat' | 'lost';

/** A test on call data, used by `branch` steps. */
export type Condition =
  | { kind: 'customerKnown' }
  | { kind: 'vipTier'; min: number }
  | { kind: 'lifecycle'; stages: LifecycleStage[] }
  | { kind: 'openComplaint' }
  | { kind: 'language'; language: Language }
  /** Local time in the calendar's zone, "HH:MM" from inclusive to exclusive (may wrap midnight). */
  | { kind: 'timeOfDay'; from: string; to: string };

interface StepBase {
  /** Shown on the diagram; defaults to a description of the step. */
  label?: string;
}

export interface PlayStep extends StepBase {
  type: 'play';
  prompt: string;
  /** A key pressed during the prompt stops it and is kept for the next menu/collect step. */
  bargeIn?: boolean;
  next: StepId;
}

/** Shared retry policy of the input steps. */
interface InputPolicy {
  /** Re-prompts after an invalid or missing answer before `onFail` (default 2). */
  maxRetries?: number;
  /** Wait for the first key after the prompt, ms (default 5000). */
  timeoutMs?: number;
  invalidPrompt?: string;
  noInputPrompt?: string;
  onFail: StepId;
  /** Keys stop the prompt (default true). */
  bargeIn?: boolean;
}

export interface MenuStep extends StepBase, InputPolicy {
  type: 'menu';
  prompt: string;
  /** DTMF key ("0"-"9", "*", "#") → step. */
  choices: Record<string, StepId>;
}

export interface CollectStep extends StepBase, InputPolicy {
  type: 'collect';
  prompt: string;
  /** Key of `context.collected` the digits are stored under, e.g. "accountNumber". */
  into: string;
  minDigits: number;
  maxDigits: number;
  /** Ends entry early (default "#"). */
  terminator?: string;
  /** Silence between keys that ends entry, ms (default 3000). */
  interDigitTimeoutMs?: number;
  /** Extra validation: the digits must match this regular expression. */
  pattern?: string;
  next: StepId;
}

export type LookupKey = 'ani' | 'account' | 'order';

export interface LookupStep extends StepBase {
  type: 'lookup';
  by: LookupKey;
  /** For account/order: the `collected` key holding the number. */
  from?: string;
  found: StepId;
  notFound: StepId;
  /** Give up and take `notFound` after this long, ms (default 3000). */
  timeoutMs?: number;
}

export interface BranchStep extends StepBase {
  type: 'branch';
  /** First matching case wins. */
  cases: Array<{ when: Condition; next: StepId }>;
  otherwise: StepId;
}

export interface HoursStep extends StepBase {
  type: 'hours';
  open: StepId;
  closed: StepId;
  /** Defaults to `closed`. */
  holiday?: StepId;
}

export interface SetDataStep extends StepBase {
  type: 'setData';
  addSkills?: string[];
  priority?: number;
  raisePriority?: number;
  language?: Language;
  /** Redirects the hand-off of later `queue` steps to this queue. */
  queue?: string;
  next: StepId;
}

export interface SetLanguageStep extends StepBase {
  type: 'setLanguage';
  /** 'customer' = the identified customer's language, else unchanged. */
  language: Language | 'customer';
  next: StepId;
}

export interface QueueStep extends StepBase {
  type: 'queue';
  /** Used unless a `setData` step redirected the call. */
  queue: string;
  skills?: string[];
  /** Added to the call priority. */
  raisePriority?: number;
}

export interface VoicemailStep extends StepBase {
  type: 'voicemail';
  mailbox: string;
}

export interface CallbackStep extends StepBase {
  type: 'callback';
  /** The queue whose agents return the call. */
  queue: string;
}

export interface TransferStep extends StepBase {
  type: 'transfer';
  /** External number dialled through the outbound trunk. */
  number: string;
  trunk?: string;
}

export interface HangupStep extends StepBase {
  type: 'hangup';
  reason?: string;
}

export type Step =
  | PlayStep
  | MenuStep
  | CollectStep
  | LookupStep
  | BranchStep
  | HoursStep
  | SetDataStep
  | SetLanguageStep
  | QueueStep
  | VoicemailStep
  | CallbackStep
  | TransferStep
  | HangupStep;

export type StepType = Step['type'];

export const FINAL_STEP_TYPES = ['queue', 'voicemail', 'callback', 'transfer', 'hangup'] as const;

export interface FlowDefinition {
  id: string;
  name: string;
  description?: string;
  /** Language before anything is known about the caller (normally the Line's). */
  defaultLanguage: Language;
  /** Default opening hours; a Line row may override them per call. */
  calendar: BusinessCalendar;
  start: StepId;
  steps: Record<StepId, Step>;
}

/** Step ids are xstate state ids: no '.', '#' or spaces, and never the reserved `_abandoned`. */
export const STEP_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

export const DTMF_KEYS = '0123456789*#';
