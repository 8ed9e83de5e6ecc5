import { Worker } from 'node:worker_threads';
import type { EmbeddedMediaPlaneOptions } from '../embedded-media-plane.js';
import {
  MediaPlaneError,
  type MediaPlane,
  type MediaPlaneDelegate,
  type MediaPlaneErrorCode,
} from '../media-plane.js';

/** Only what can cross to a worker (structured clone): no injected ticker. */
export type WorkerMediaPlaneOptions = Omit<EmbeddedMediaPlaneOptions, 'ticker'>;

type Reply = { id: number; result?: unknown; error?: { message: string; code?: MediaPlaneErrorCode } };
type Event = { event: keyof MediaPlaneDelegate; payload: never };

/**
 * The embedded media plane in a worker thread (`media-plane-worker.ts`): every method is a
 * message to it and a reply, its delegate events come back as messages. The main thread keeps
 * SIP, routing and the database; media ticks run on the other core. If the worker dies, every
 * call to the plane fails with `bad-state` (calls end) and `onFailure` is told.
 */
export class WorkerMediaPlane implements MediaPlane {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 0;
  private delegate: MediaPlaneDelegate = {};
  private dead: Error | null = null;

  constructor(options: WorkerMediaPlaneOptions, onFailure: (err: Error) => void = () => {}) {
    this.worker = new Worker(new URL('./media-plane-worker.mjs', import.meta.url), { workerData: options });
    this.worker.on('message', (msg: Reply | Event) => {
      if ('event' in msg) {
        (this.delegate[msg.event] as ((payload: never) => void) | undefined)?.(msg.payload);
        return;
      }
      const call = this.pending.get(msg.id);
      if (!call) return;
      this.pending.delete(msg.id);
      if (!msg.error) call.resolve(msg.result);
      else if (msg.error.code) call.reject(new MediaPlaneError(msg.error.code, msg.error.message));
      else call.reject(new Error(msg.error.message));
    });
    const fail = (err: Error) => {
      if (this.dead) return;
      this.dead = err;
      for (const call of this.pending.values()) call.reject(new MediaPlaneError('bad-state', err.message));
      this.pending.clear();
      onFailure(err);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`media worker exited (code ${code})`)));
  }

  private call<T>(method: Exclude<keyof MediaPlane, 'setDelegate'>, ...args: unknown[]): Promise<T> {
    if (this.dead) return Promise.reject(new MediaPlaneError('bad-state', this.dead.message));
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, method, args });
    });
  }

  setDelegate(delegate: MediaPlaneDelegate): void {
    this.delegate = delegate;
  }
  createSession: MediaPlane['createSession'] = (...a) => this.call('createSession', ...a);
  addLeg: MediaPlane['addLeg'] = (...a) => this.call('addLeg', ...a);
  offerLeg: MediaPlane['offerLeg'] = (...a) => this.call('offerLeg', ...a);
  updateLeg: MediaPlane['updateLeg'] = (...a) => this.call('updateLeg', ...a);
  removeLeg: MediaPlane['removeLeg'] = (...a) => this.call('removeLeg', ...a);
  watchMedia: MediaPlane['watchMedia'] = (...a) => this.call('watchMedia', ...a);
  bridge: MediaPlane['bridge'] = (...a) => this.call('bridge', ...a);
  unbridge: MediaPlane['unbridge'] = (...a) => this.call('unbridge', ...a);
  play: MediaPlane['play'] = (...a) => this.call('play', ...a);
  stopPlay: MediaPlane['stopPlay'] = (...a) => this.call('stopPlay', ...a);
  playDtmf: MediaPlane['playDtmf'] = (...a) => this.call('playDtmf', ...a);
  startRecording: MediaPlane['startRecording'] = (...a) => this.call('startRecording', ...a);
  pauseRecording: MediaPlane['pauseRecording'] = (...a) => this.call('pauseRecording', ...a);
  resumeRecording: MediaPlane['resumeRecording'] = (...a) => this.call('resumeRecording', ...a);
  stopRecording: MediaPlane['stopRecording'] = (...a) => this.call('stopRecording', ...a);
  monitor: MediaPlane['monitor'] = (...a) => this.call('monitor', ...a);
  stopMonitor: MediaPlane['stopMonitor'] = (...a) => this.call('stopMonitor', ...a);
  destroySession: MediaPlane['destroySession'] = (...a) => this.call('destroySession', ...a);

  /** Closes the plane in the worker (ports released, recordings finalised), then the worker. */
  async close(): Promise<void> {
    await this.call('close').catch(() => {});
    this.dead ??= new Error('media plane closed');
    await this.worker.terminate();
  }
}
