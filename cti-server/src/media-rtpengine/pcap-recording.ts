// One recording of one rtpengine call (pcap method): pause/resume kept as wall-clock spans, and
// at the end rtpengine's capture converted to the engine-neutral WAV files (see pcap-to-wav.ts).
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingOptions, RecordingResult } from '../rtp/media-plane.js';
import { pcapToStereoWav } from './pcap-to-wav.js';

export class PcapRecording {
  private readonly pauses: Array<{ fromMs: number; toMs: number }> = [];
  private pausedAtMs: number | undefined;

  constructor(
    readonly options: RecordingOptions,
    private readonly recordingDir: string,
    private readonly startedAtMs: number,
  ) {}

  pause(atMs: number): void {
    this.pausedAtMs ??= atMs;
  }

  resume(atMs: number): void {
    if (this.pausedAtMs !== undefined) this.pauses.push({ fromMs: this.pausedAtMs, toMs: atMs });
    this.pausedAtMs = undefined;
  }

  /**
   * After rtpengine's `stop recording`: writes the WAV file(s) and deletes the capture. `ports` are
   * rtpengine's local RTP ports facing the caller and the agent.
   */
  async finish(
    callId: string,
    stoppedAtMs: number,
    ports: { caller: number; agent: number },
  ): Promise<RecordingResult> {
    this.resume(stoppedAtMs);
    const pcapFile = await newestPcap(this.recordingDir, callId);
    const wav = pcapToStereoWav({
      pcap: pcapFile ? await readFile(pcapFile) : Buffer.alloc(0),
      callerPort: ports.caller,
      agentPort: ports.agent,
      startedAtMs: this.startedAtMs,
      stoppedAtMs,
      pauses: this.pauses,
    });
    await writeFile(this.options.path, wav.stereo);
    if (this.options.mixedPath) await writeFile(this.options.mixedPath, wav.mixed);
    if (pcapFile) await rm(pcapFile, { force: true });
    const result: RecordingResult = {
      path: this.options.path,
      durationMs: wav.durationMs,
      pausedMs: wav.pausedMs,
    };
    if (this.options.mixedPath) result.mixedPath = this.options.mixedPath;
    return result;
  }
}

/** rtpengine names captures `<call-id>-<random>.pcap` in `<recording-dir>/pcaps`. */
async function newestPcap(recordingDir: string, callId: string): Promise<string | undefined> {
  const dir = path.join(recordingDir, 'pcaps');
  const names = (await readdir(dir).catch(() => [])).filter(
    (n) => n.startsWith(`${callId}-`) && n.endsWith('.pcap'),
  );
  const withTimes = await Promise.all(
    names.map(async (n) => ({ n, t: (await stat(path.join(dir, n))).mtimeMs })),
  );
  const newest = withTimes.sort((x, y) => y.t - x.t)[0];
  return newest ? path.join(dir, newest.n) : undefined;
}
