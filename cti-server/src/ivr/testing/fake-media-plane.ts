// A MediaPlane stand-in for the IVR's pure-logic tests: it records play/stopPlay calls and lets
// the test decide when a play ends or fails. Everything else is outside the IVR's use and throws.
import type { MediaPlane, PlaySource } from '../../rtp/media-plane.js';

export interface FakePlay {
  playId: string;
  sessionId: string;
  legId: string;
  path: string;
}

export type PlaneCall = `play ${string}` | `stop ${string}`;

export class FakeMediaPlane implements MediaPlane {
  readonly plays: FakePlay[] = [];
  /** Every play/stopPlay in the order the plane received them ("play <path>", "stop <legId>"). */
  readonly calls: PlaneCall[] = [];
  /** Return a rejection (or throw) for a play of this path. */
  failPlay: (path: string) => Error | null = () => null;
  /** Hold every play() answer until `releasePlays()`. */
  holdPlays = false;
  private held: Array<() => void> = [];
  private counter = 0;

  async play(sessionId: string, legId: string, source: PlaySource): Promise<string> {
    if (source.kind !== 'file') throw new Error('the IVR plays files');
    this.calls.push(`play ${source.path}`);
    const failure = this.failPlay(source.path);
    if (failure) throw failure;
    const play: FakePlay = { playId: `fake-${++this.counter}`, sessionId, legId, path: source.path };
    this.plays.push(play);
    if (this.holdPlays) await new Promise<void>((resolve) => this.held.push(resolve));
    return play.playId;
  }

  releasePlays(): void {
    const held = this.held;
    this.held = [];
    for (const resolve of held) resolve();
  }

  async stopPlay(_sessionId: string, legId: string): Promise<void> {
    this.calls.push(`stop ${legId}`);
  }

  lastPlay(): FakePlay {
    const last = this.plays.at(-1);
    if (!last) throw new Error('nothing was played');
    return last;
  }

  setDelegate = unused;
  createSession = unused;
  addLeg = unused;
  offerLeg = unused;
  updateLeg = unused;
  removeLeg = unused;
  bridge = unused;
  unbridge = unused;
  playDtmf = unused;
  startRecording = unused;
  pauseRecording = unused;
  resumeRecording = unused;
  stopRecording = unused;
  monitor = unused;
  stopMonitor = unused;
  destroySession = unused;
  close = unused;
}

function unused(): never {
  throw new Error('not used by the IVR runner');
}
