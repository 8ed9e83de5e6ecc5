// rtpengine's `play media` reads a file itself (any format ffmpeg reads, resampled as needed):
// files are passed by absolute path, samples are written to a temporary 8 kHz WAV first.
import { randomUUID } from 'node:crypto';
import { access, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MediaPlaneError, type PlaySource } from '../rtp/media-plane.js';
import { writeWav } from '../rtp/wav.js';

/** The file for rtpengine to play; `temporary` is ours to delete when the playback ends. */
export async function promptFile(source: PlaySource): Promise<{ file: string; temporary: boolean }> {
  if (source.kind === 'file') {
    const file = path.resolve(source.path);
    await access(file).catch(() => {
      throw new MediaPlaneError('bad-prompt', `cannot read prompt ${source.path}`);
    });
    return { file, temporary: false };
  }
  const file = path.join(tmpdir(), `kefu-prompt-${randomUUID()}.wav`);
  await writeFile(file, writeWav({ sampleRate: 8000, channels: 1, samples: source.samples }));
  return { file, temporary: true };
}
