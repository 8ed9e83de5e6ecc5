// Streams PCM16 WAV to disk: a placeholder header, appended chunks, sizes patched on close.
// Writes are chained on one FileHandle so they stay ordered without blocking the media tick.
import { open, type FileHandle } from 'node:fs/promises';
import { pcm16WavHeader, WAV_HEADER_SIZE } from './wav.js';

export class WavFileWriter {
  private chain: Promise<void>;
  private handle: FileHandle | null = null;
  private dataBytes = 0;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    private readonly sampleRate: number,
    private readonly channels: number,
  ) {
    this.chain = open(path, 'w').then(async (fh) => {
      this.handle = fh;
      await fh.write(pcm16WavHeader(sampleRate, channels, 0), 0, WAV_HEADER_SIZE, 0);
    });
    this.chain = this.chain.catch((err: Error) => {
      this.failure = err;
    });
  }

  get bytesWritten(): number {
    return this.dataBytes;
  }

  /** Takes ownership of `chunk` (the caller must not reuse it). */
  append(chunk: Uint8Array): void {
    if (this.failure) return;
    const position = WAV_HEADER_SIZE + this.dataBytes;
    this.dataBytes += chunk.length;
    this.chain = this.chain
      .then(async () => {
        if (this.handle && !this.failure) await this.handle.write(chunk, 0, chunk.length, position);
      })
      .catch((err: Error) => {
        this.failure = err;
      });
  }

  /** Flushes, writes the final sizes and closes. Rejects with the first write error, if any. */
  async close(): Promise<void> {
    await this.chain;
    const fh = this.handle;
    this.handle = null;
    if (fh) {
      try {
        if (!this.failure) {
          await fh.write(
            pcm16WavHeader(this.sampleRate, this.channels, this.dataBytes),
            0,
            WAV_HEADER_SIZE,
            0,
          );
        }
      } finally {
        await fh.close();
      }
    }
    if (this.failure) throw this.failure;
  }
}
