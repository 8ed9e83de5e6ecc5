import { Worker } from 'node:worker_threads';
import { WavUploadError, type TelephonyAudio } from './wav-convert.js';

type Reply =
  | { ok: true; pcm: Uint8Array; durationMs: number; source: TelephonyAudio['source'] }
  | { ok: false; message: string; kind: WavUploadError['kind'] | null };

/**
 * `toTelephony` in a worker thread of its own: resampling ten minutes of 44.1 kHz audio takes
 * seconds, which the main thread (SIP, routing, the API) must not spend.
 */
export function convertInWorker(file: Uint8Array, maxSeconds: number): Promise<TelephonyAudio> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./wav-convert-worker.mjs', import.meta.url), {
      workerData: { file, maxSeconds },
    });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      void worker.terminate();
      if (reply.ok)
        resolve({
          pcm: Buffer.from(reply.pcm.buffer, reply.pcm.byteOffset, reply.pcm.byteLength),
          durationMs: reply.durationMs,
          source: reply.source,
        });
      else if (reply.kind) reject(new WavUploadError(reply.message, reply.kind));
      else reject(new Error(reply.message));
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`audio conversion stopped (exit ${code})`));
    });
  });
}
