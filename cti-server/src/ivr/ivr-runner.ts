import {
  createIvrCall,
  type CustomerLookup,
  type IvrCallActor,
  type IvrCallInput,
  type IvrMachine,
  type IvrPathEntry,
  type IvrResult,
} from '@kefu/ivr-flows';
import { systemClock, type Clock } from '../clock/index.js';
import type { LogFn } from '../prompts/log.js';
import type { MediaPlane } from '../rtp/media-plane.js';
import { LegPromptPlayer, type PromptFiles } from './leg-prompt-player.js';

export interface IvrRunnerOptions {
  plane: MediaPlane;
  sessionId: string;
  /** The caller's leg: prompts play here, its DTMF drives the menus. */
  legId: string;
  /** The compiled flow, normally `registry.get(line.ivrFlow).machine` (the call keeps that version). */
  machine: IvrMachine;
  input: IvrCallInput;
  prompts: PromptFiles;
  /** CRM lookup; without it lookups take the flow's not-found branch. */
  lookupCustomer?: CustomerLookup;
  /**
   * Timers of the flow (menu timeouts, prompt safety), handed to the call's actor; `systemClock`
   * by default. The flow reads the time from the clock it was compiled with (`loadIvrFlows`).
   */
  clock?: Clock;
  /** Each path entry once the call has left that step (for Interaction.ivrPath / call events). */
  onStep?(entry: IvrPathEntry): void;
  log?: LogFn;
}

/**
 * Runs one IVR call (an @kefu/ivr-flows actor) on a media leg. Call control owns the media
 * plane's delegate and forwards this leg's events: `dtmf`, `playDone`, `hangup`. `start()`
 * resolves with the IvrResult once the flow reached an outcome and the prompt on the leg has
 * been stopped, so call control can queue, bridge or play hold music right away.
 */
export class IvrRunner {
  private readonly actor: IvrCallActor;
  private readonly player: LegPromptPlayer;
  private readonly result: Promise<IvrResult>;
  private started = false;
  private hungUp = false;
  private stepsReported = 0;

  constructor(private readonly options: IvrRunnerOptions) {
    this.player = new LegPromptPlayer(options);
    this.actor = createIvrCall(options.machine, {
      input: options.input,
      clock: options.clock ?? systemClock,
      ...(options.input.callId !== undefined && { id: options.input.callId }),
      onPlayPrompt: (request, done) => this.player.start(request, done),
      ...(options.lookupCustomer && { onLookupCustomer: options.lookupCustomer }),
    });
    this.result = new Promise<IvrResult>((resolve, reject) => {
      this.actor.subscribe({
        next: (snapshot) => this.reportSteps(snapshot.context.path, false),
        complete: () => {
          const output = this.actor.getSnapshot().output as IvrResult;
          this.reportSteps(output.path, true);
          void this.player.idle().then(() => resolve(output));
        },
        error: (error) => {
          this.player.detach();
          this.options.log?.('error', 'IVR flow failed', {
            sessionId: options.sessionId,
            err: String(error),
          });
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      });
    });
  }

  /** Starts the flow (first prompt, lookup, …); the promise settles once, with the outcome. */
  start(): Promise<IvrResult> {
    if (!this.started) {
      this.started = true;
      this.actor.start();
      if (this.hungUp) this.actor.send({ type: 'HANGUP' });
    }
    return this.result;
  }

  /** A key from the caller leg (RFC 4733, in-band or SIP INFO). */
  dtmf(digit: string): void {
    if (this.active) this.actor.send({ type: 'DTMF', digit });
  }

  /** The plane's onPlayDone for this leg; stale ids are ignored. True when it ended the current prompt. */
  playDone(playId: string): boolean {
    return this.active && this.player.ended(playId);
  }

  /** The caller hung up: ends the flow as 'abandoned' and makes no further calls on the leg. */
  hangup(): void {
    this.player.detach();
    this.hungUp = true;
    if (this.active) this.actor.send({ type: 'HANGUP' });
  }

  /** The step the caller is in (the flow's start step before `start()`). */
  get step(): string {
    return this.actor.getSnapshot().context.currentStep;
  }

  get active(): boolean {
    return this.started && this.actor.getSnapshot().status === 'active';
  }

  /** Entries are complete once the next step began, or when the flow is over. */
  private reportSteps(path: readonly IvrPathEntry[], final: boolean): void {
    const complete = final ? path.length : path.length - 1;
    for (; this.stepsReported < complete; this.stepsReported++) {
      const entry = path[this.stepsReported] as IvrPathEntry;
      try {
        this.options.onStep?.(entry);
      } catch (error) {
        this.options.log?.('warn', 'IVR onStep callback threw', { err: String(error) });
      }
    }
  }
}
