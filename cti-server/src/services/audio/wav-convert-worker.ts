import { parentPort, workerData } from 'node:worker_threads';
import { toTelephony, WavUploadError } from './wav-convert.js';

// One conversion per worker (see convertInWorker in wav-convert-thread.ts).
const { file, maxSeconds } = workerData as { file: Uint8Array; maxSeconds: number };
try {
  const audio = toTelephony(file, maxSeconds);
  const pcm = new Uint8Array(audio.pcm.buffer, audio.pcm.byteOffset, audio.pcm.byteLength);
  parentPort!.postMessage({ ok: true, pcm, durationMs: audio.durationMs, source: audio.source });
} catch (err) {
  parentPort!.postMessage({
    ok: false,
    message: (err as Error).message,
    kind: err instanceof WavUploadError ? err.kind : null,
  });
}
