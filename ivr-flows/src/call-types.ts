import type { BusinessCalendar, LifecycleStage, LookupKey, StepType } from './flow-definition.js';
import type { Language } from './language.js';

/** What the IVR needs to know about a caller; the server maps its CRM rows to this. */
export interface CustomerSummary {
  id: string;
  name: string;
  accountNumber: string;
  language: string;
  vipTier: number;
  lifecycleStage: LifecycleStage;
  /** A complaint ticket that is not resolved or closed. */
  openComplaint: boolean;
}

export interface CustomerQuery {
  by: LookupKey;
  value: string;
}

/** Input of the `lookupCustomer` actor; null output = no such customer. */
export type CustomerLookup = (query: CustomerQuery) => Promise<CustomerSummary | null>;

/** Input of the `playPrompt` actor. */
export interface PromptRequest {
  prompt: string;
  language: Language;
  bargeIn: boolean;
  step: string;
}

/** Events the server sends to a call actor. */
export type IvrEvent =
  /** A key from RFC 4733 telephone-event or SIP INFO. */
  | { type: 'DTMF'; digit: string }
  /** The prompt being played to the caller has finished. */
  | { type: 'PROMPT_DONE' }
  /** The caller hung up (BYE/CANCEL from the caller leg). */
  | { type: 'HANGUP' };

export interface IvrCallInput {
  ani: string;
  dnis: string;
  callId?: string;
  /** Line language; defaults to the flow's. */
  language?: string;
  /** Line opening hours; defaults to the flow's calendar. */
  calendar?: BusinessCalendar;
  /** Base ACD priority (default 0, higher is served first). */
  priority?: number;
}

/** One step of the recorded IVR path (what `Interaction.ivrPath` stores). */
export interface IvrPathEntry {
  step: string;
  type: StepType;
  /** Epoch ms. */
  enteredAt: number;
  leftAt: number | null;
  /** Keys pressed while in the step, in order. */
  keys: string;
  retries: number;
  /** How the step ended, e.g. "choice:1", "found", "closed", "no-input", "caller-hangup". */
  result: string | null;
}

export type IvrOutcome =
  | { kind: 'queue'; queue: string; skills: string[]; priority: number; language: Language }
  | { kind: 'voicemail'; mailbox: string; language: Language }
  | { kind: 'callback'; queue: string; number: string; language: Language }
  | { kind: 'transfer'; number: string; trunk: string | null }
  | { kind: 'hangup'; reason: string | null }
  /** The caller hung up while in `step`. */
  | { kind: 'abandoned'; step: string; stepType: StepType; afterMs: number };

export type IvrOutcomeKind = IvrOutcome['kind'];

/** Final output of a call actor. */
export interface IvrResult {
  flowId: string;
  outcome: IvrOutcome;
  path: IvrPathEntry[];
  customer: CustomerSummary | null;
  collected: Record<string, string>;
  durationMs: number;
}

export interface IvrContext {
  flowId: string;
  ani: string;
  dnis: string;
  callId: string | null;
  startedAt: number;
  language: Language;
  calendar: BusinessCalendar;
  customer: CustomerSummary | null;
  skills: string[];
  priority: number;
  /** Set by a `setData` step; wins over the queue step's own queue. */
  queue: string | null;
  collected: Record<string, string>;
  /** Keys pressed during a barge-in prompt, handed to the next menu/collect step. */
  typeahead: string;
  /** Digits of the collect step in progress. */
  buffer: string;
  /** Failed attempts in the current step. */
  retries: number;
  currentStep: string;
  path: IvrPathEntry[];
  outcome: IvrOutcome | null;
}
