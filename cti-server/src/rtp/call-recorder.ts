// Per-call recording, fed one 20 ms frame per tick: stereo PCM16 WAV with the caller on the left
// and the agent on the right, plus an optional mixed mono copy.
//
// Pause (PCI: an agent taking card details) writes SILENCE rather than nothing: the file keeps
// the call's real timeline (channels stay aligned with call events and the QA tool shows where the
// gap was), while the paused audio — card digits spoken or keyed in-band — never reaches disk.
import { FRAME_MS, FRAME_SAMPLES } from './media-ticker.js';
import { WavFileWriter } from './wav-file-writer.js';

export interface CallRecorderOptions {
  path: string;
  mixedPath?: string;
  /** Frames buffered before each disk write (50 = 1 s). */
  framesPerChunk?: number;
}

export interface RecordingSummary {
  path: string;
  mixedPath?: string;
  durationMs: number;
  pausedMs: number;
}

export class CallRecorder {
  private readonly stereo: WavFileWriter;
  private readonly mixed: WavFileWriter | null;
  private readonly framesPerChunk: number;
  private stereoChunk: Buffer;
  private mixedChunk: Buffer | null;
  private framesInChunk = 0;
  private frames = 0;
  private pausedFrames = 0;
  paused = false;

  constructor(private readonly options: CallRecorderOptions) {
    this.stereo = new WavFileWriter(options.path, 8000, 2);
    this.mixed = options.mixedPath ? new WavFileWriter(options.mixedPath, 8000, 1) : null;
    this.framesPerChunk = options.framesPerChunk ?? 50;
    this.stereoChunk = Buffer.alloc(this.framesPerChunk * FRAME_SAMPLES * 4);
    this.mixedChunk = this.mixed ? Buffer.alloc(this.framesPerChunk * FRAME_SAMPLES * 2) : null;
  }

  /** One tick: what the caller and the agent said (null = nothing received this tick). */
  writeFrame(caller: Int16Array | null, agent: Int16Array | null): void {
    this.frames++;
    if (this.paused) {
      this.pausedFrames++;
      caller = null;
      agent = null;
    }
    const base = this.framesInChunk * FRAME_SAMPLES;
    const s = this.stereoChunk;
    const m = this.mixedChunk;
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      const l = caller === null ? 0 : (caller[i] as number);
      const r = agent === null ? 0 : (agent[i] as number);
      s.writeInt16LE(l, (base + i) * 4);
      s.writeInt16LE(r, (base + i) * 4 + 2);
      if (m) {
        const sum = l + r;
        m.writeInt16LE(sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum, (base + i) * 2);
      }
    }
    if (++this.framesInChunk === this.framesPerChunk) this.flushChunk();
  }

  private flushChunk(): void {
    if (this.framesInChunk === 0) return;
    const used = this.framesInChunk * FRAME_SAMPLES;
    this.stereo.append(this.stereoChunk.subarray(0, used * 4));
    this.stereoChunk = Buffer.alloc(this.framesPerChunk * FRAME_SAMPLES * 4);
    if (this.mixed && this.mixedChunk) {
      this.mixed.append(this.mixedChunk.subarray(0, used * 2));
      this.mixedChunk = Buffer.alloc(this.framesPerChunk * FRAME_SAMPLES * 2);
    }
    this.framesInChunk = 0;
  }

  async stop(): Promise<RecordingSummary> {
    this.flushChunk();
    await Promise.all([this.stereo.close(), this.mixed?.close()]);
    const summary: RecordingSummary = {
      path: this.options.path,
      durationMs: this.frames * FRAME_MS,
      pausedMs: this.pausedFrames * FRAME_MS,
    };
    if (this.options.mixedPath) summary.mixedPath = this.options.mixedPath;
    return summary;
  }
}
