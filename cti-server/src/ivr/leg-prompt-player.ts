import type { Language, PromptRequest } from '@kefu/ivr-flows';
import type { LogFn } from '../prompts/log.js';
import type { MediaPlane } from '../rtp/media-plane.js';

/** Where prompt audio lives; a PromptLibrary fits. */
export interface PromptFiles {
  pathOf(id: string, language: Language): string;
}

export interface LegPromptPlayerOptions {
  plane: MediaPlane;
  sessionId: string;
  legId: string;
  prompts: PromptFiles;
  log?: LogFn;
}

interface Playback {
  request: PromptRequest;
  done: () => void;
  /** Known once `plane.play` resolved. */
  playId: string | null;
  /** False once it ended or was stopped: later ends and stops are no-ops. */
  active: boolean;
}

/**
 * Plays the IVR's prompts on one media leg. Plane calls run strictly in order (a stop issued
 * for one prompt can never land after the next prompt started), at most one prompt is current,
 * and end reports for any other play id (stopped, replaced, earlier prompts) are ignored.
 * A prompt that cannot be played counts as finished, so the flow moves on instead of waiting.
 */
export class LegPromptPlayer {
  private ops: Promise<void> = Promise.resolve();
  private current: Playback | null = null;
  /** Ends reported before `plane.play` resolved with their id (engines may race). */
  private readonly earlyEnds = new Set<string>();
  private detached = false;

  constructor(private readonly options: LegPromptPlayerOptions) {}

  /** Starts `request`; `done` runs once when it ends. Returns the stop function (barge-in, exit). */
  start(request: PromptRequest, done: () => void): () => void {
    const playback: Playback = { request, done, playId: null, active: true };
    this.current = playback;
    this.enqueue(() => this.play(playback));
    return () => this.stop(playback);
  }

  /** The plane reported the end of `playId`; true when it was the current prompt. */
  ended(playId: string): boolean {
    const current = this.current;
    if (current?.playId === playId) {
      this.finish(current);
      return true;
    }
    if (current && current.playId === null) this.earlyEnds.add(playId);
    return false;
  }

  /** The leg is going away (caller hung up): make no more plane calls. */
  detach(): void {
    this.detached = true;
    this.current = null;
  }

  /** Resolves once every plane call issued so far has completed. */
  idle(): Promise<void> {
    return this.ops;
  }

  private async play(playback: Playback): Promise<void> {
    if (!playback.active || this.detached) return;
    const { plane, sessionId, legId, prompts } = this.options;
    const { prompt, language, step } = playback.request;
    try {
      const path = prompts.pathOf(prompt, language);
      playback.playId = await plane.play(sessionId, legId, { kind: 'file', path });
    } catch (error) {
      this.options.log?.('warn', 'IVR prompt could not be played; continuing as if it ended', {
        sessionId,
        legId,
        step,
        prompt,
        language,
        err: (error as Error).message,
      });
      this.finish(playback);
      return;
    }
    const endedEarly = this.earlyEnds.has(playback.playId);
    this.earlyEnds.clear();
    if (endedEarly) this.finish(playback);
  }

  private stop(playback: Playback): void {
    if (!playback.active) return;
    playback.active = false;
    if (this.current === playback) this.current = null;
    this.enqueue(async () => {
      // playId is null here when the play never started (stopped first, or it failed).
      if (this.detached || playback.playId === null) return;
      const { plane, sessionId, legId } = this.options;
      try {
        await plane.stopPlay(sessionId, legId);
      } catch (error) {
        this.options.log?.('warn', 'IVR prompt could not be stopped', {
          sessionId,
          legId,
          err: (error as Error).message,
        });
      }
    });
  }

  private finish(playback: Playback): void {
    if (!playback.active) return;
    playback.active = false;
    if (this.current === playback) this.current = null;
    playback.done();
  }

  private enqueue(op: () => Promise<void>): void {
    // Each op handles its own errors; the chain itself never rejects.
    this.ops = this.ops.then(op);
  }
}
