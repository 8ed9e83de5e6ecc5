// RIFF/WAVE reading and writing for 8 kHz telephony audio: PCM16 (format 1) read/write, G.711
// A-law (6) / μ-law (7) read. Samples are interleaved Int16 (little-endian on disk).
import { ALAW_DECODE, ULAW_DECODE } from './g711.js';

export interface WavAudio {
  sampleRate: number;
  channels: number;
  /** Interleaved samples, `frames * channels` long. */
  samples: Int16Array;
}

export type WavErrorCode = 'not-riff' | 'no-fmt' | 'no-data' | 'unsupported-format';

export class WavError extends Error {
  constructor(
    readonly code: WavErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WavError';
  }
}

const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

export const WAV_HEADER_SIZE = 44;

export function readWav(buf: Uint8Array): WavAudio {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = (at: number) => String.fromCharCode(...buf.subarray(at, at + 4));
  if (buf.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    throw new WavError('not-riff', 'not a RIFF/WAVE file');
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | undefined;
  let pos = 12;
  while (pos + 8 <= buf.length) {
    const id = tag(pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ' && size >= 16) {
      let format = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE keeps the real format code in the first 2 bytes of the sub-format GUID.
      if (format === FORMAT_EXTENSIBLE && size >= 40) format = view.getUint16(body + 24, true);
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavError('no-fmt', 'data chunk before fmt chunk');
      // Writers that crashed leave size 0 or 0xFFFFFFFF: take what is there.
      const end = Math.min(buf.length, size === 0 ? buf.length : body + size);
      return {
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        samples: decodeData(fmt, buf.subarray(body, end)),
      };
    }
    pos = body + size + (size & 1); // chunks are word aligned
  }
  throw new WavError(fmt ? 'no-data' : 'no-fmt', 'missing fmt or data chunk');
}

function decodeData(fmt: { format: number; bits: number }, data: Uint8Array): Int16Array {
  if (fmt.format === FORMAT_PCM && fmt.bits === 16) {
    const out = new Int16Array(data.length >> 1);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
    return out;
  }
  if ((fmt.format === FORMAT_ALAW || fmt.format === FORMAT_MULAW) && fmt.bits === 8) {
    const table = fmt.format === FORMAT_ALAW ? ALAW_DECODE : ULAW_DECODE;
    const out = new Int16Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = table[data[i] as number] as number;
    return out;
  }
  throw new WavError('unsupported-format', `unsupported WAV format ${fmt.format}/${fmt.bits} bit`);
}

/** The 44-byte PCM16 header for `dataBytes` of sample data. */
export function pcm16WavHeader(sampleRate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(WAV_HEADER_SIZE);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(FORMAT_PCM, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

export function writeWav(audio: WavAudio): Buffer {
  const data = Buffer.alloc(audio.samples.length * 2);
  for (let i = 0; i < audio.samples.length; i++) data.writeInt16LE(audio.samples[i] as number, i * 2);
  return Buffer.concat([pcm16WavHeader(audio.sampleRate, audio.channels, data.length), data]);
}

/** One channel of interleaved audio (or the average of all channels with `channel: 'mix'`). */
export function channelOf(audio: WavAudio, channel: number | 'mix'): Int16Array {
  const { channels, samples } = audio;
  if (channels === 1) return samples;
  const out = new Int16Array(Math.floor(samples.length / channels));
  for (let i = 0; i < out.length; i++) {
    if (channel === 'mix') {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += samples[i * channels + c] as number;
      out[i] = Math.round(sum / channels);
    } else out[i] = samples[i * channels + channel] as number;
  }
  return out;
}
