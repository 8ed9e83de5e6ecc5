import waveResampler from 'wave-resampler';

/**
 * An uploaded WAV (music on hold) → what the media plane plays: 8 kHz, mono, 16-bit PCM.
 *
 * Reading: RIFF/WAVE with PCM (8-bit unsigned, 16, 24, 32-bit) or IEEE float (32, 64-bit),
 * plain or WAVE_FORMAT_EXTENSIBLE, any rate, any number of channels (averaged to mono). The
 * samples are read here with a DataView: `wavefile`'s reader unpacks sample by sample and took
 * about 35 s for a 10-minute 44.1 kHz stereo file. Resampling is `wave-resampler`'s (cubic,
 * with its low-pass filter against aliasing). Pure; the server runs it in a worker thread
 * (wav-convert-worker.ts) so a long file does not hold up calls.
 */

export class WavUploadError extends Error {
  constructor(
    message: string,
    readonly kind: 'not_wav' | 'unsupported' | 'too_long' | 'empty',
  ) {
    super(message);
    this.name = 'WavUploadError';
  }
}

export interface TelephonyAudio {
  /** 16-bit little-endian mono PCM at 8 kHz. */
  pcm: Buffer;
  durationMs: number;
  /** What was uploaded. */
  source: { sampleRate: number; channels: number; bits: number; format: 'pcm' | 'float' };
}

export const TELEPHONY_RATE = 8000;

interface Format {
  format: 'pcm' | 'float';
  channels: number;
  sampleRate: number;
  bits: number;
}

const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;

/** The fmt chunk and the data chunk's bytes. */
function parse(buf: Uint8Array): { fmt: Format; data: Uint8Array } {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tag = (at: number) => String.fromCharCode(...buf.subarray(at, at + 4));
  if (buf.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    throw new WavUploadError('not a WAV file (no RIFF/WAVE header)', 'not_wav');
  let fmt: Format | undefined;
  let pos = 12;
  while (pos + 8 <= buf.length) {
    const id = tag(pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > buf.length)
        throw new WavUploadError('WAV fmt chunk is too short', 'not_wav');
      let code = view.getUint16(body, true);
      if (code === EXTENSIBLE && size >= 40) code = view.getUint16(body + 24, true);
      const bits = view.getUint16(body + 14, true);
      const format = code === PCM ? 'pcm' : code === FLOAT ? 'float' : null;
      const known =
        format === 'pcm' ? [8, 16, 24, 32].includes(bits) : format === 'float' && [32, 64].includes(bits);
      if (!format || !known)
        throw new WavUploadError(
          `unsupported WAV encoding (format ${code}, ${bits}-bit): use PCM 8/16/24/32-bit or float 32/64-bit`,
          'unsupported',
        );
      fmt = {
        format,
        bits,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
      };
      if (fmt.channels < 1 || fmt.sampleRate < 1000 || fmt.sampleRate > 384_000)
        throw new WavUploadError(
          `unsupported WAV: ${fmt.channels} channels at ${fmt.sampleRate} Hz`,
          'unsupported',
        );
    } else if (id === 'data') {
      if (!fmt) throw new WavUploadError('WAV data chunk before its fmt chunk', 'not_wav');
      // A writer that stopped early leaves size 0 or 0xFFFFFFFF: take what is there.
      const end = Math.min(buf.length, size === 0 ? buf.length : body + size);
      return { fmt, data: buf.subarray(body, end) };
    }
    pos = body + size + (size & 1);
  }
  throw new WavUploadError(
    fmt ? 'WAV file has no audio (no data chunk)' : 'WAV file has no fmt chunk',
    'not_wav',
  );
}

/** Seconds of audio in the file, read from its header alone. */
export function wavDurationSeconds(buf: Uint8Array): number {
  const { fmt, data } = parse(buf);
  const frame = (fmt.bits / 8) * fmt.channels;
  return Math.floor(data.length / frame) / fmt.sampleRate;
}

/** The file's samples averaged to one channel, in −1 … 1. */
export function decodeMono(buf: Uint8Array): { samples: Float64Array; fmt: Format } {
  const { fmt, data } = parse(buf);
  const bytes = fmt.bits / 8;
  const frameBytes = bytes * fmt.channels;
  const frames = Math.floor(data.length / frameBytes);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read: (at: number) => number =
    fmt.format === 'float'
      ? fmt.bits === 32
        ? (at) => view.getFloat32(at, true)
        : (at) => view.getFloat64(at, true)
      : fmt.bits === 8
        ? (at) => (view.getUint8(at) - 128) / 128
        : fmt.bits === 16
          ? (at) => view.getInt16(at, true) / 32768
          : fmt.bits === 24
            ? (at) =>
                (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608
            : (at) => view.getInt32(at, true) / 2147483648;
  const samples = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const base = f * frameBytes;
    for (let c = 0; c < fmt.channels; c++) sum += read(base + c * bytes);
    samples[f] = sum / fmt.channels;
  }
  return { samples, fmt };
}

/** Decodes, checks the length, mixes to mono and converts to 8 kHz 16-bit. */
export function toTelephony(buf: Uint8Array, maxSeconds: number): TelephonyAudio {
  const seconds = wavDurationSeconds(buf);
  if (seconds > maxSeconds)
    throw new WavUploadError(
      `the file plays ${Math.round(seconds)} s; music on hold may last at most ${maxSeconds / 60} minutes`,
      'too_long',
    );
  const { samples, fmt } = decodeMono(buf);
  if (samples.length === 0) throw new WavUploadError('the WAV file holds no samples', 'empty');
  const at8k =
    fmt.sampleRate === TELEPHONY_RATE
      ? samples
      : waveResampler.resample(samples, fmt.sampleRate, TELEPHONY_RATE, { method: 'cubic', LPF: true });
  const pcm = Buffer.alloc(at8k.length * 2);
  for (let i = 0; i < at8k.length; i++) {
    const v = Math.max(-1, Math.min(1, at8k[i]!));
    pcm.writeInt16LE(Math.round(v < 0 ? v * 32768 : v * 32767), i * 2);
  }
  return {
    pcm,
    durationMs: Math.round((at8k.length / TELEPHONY_RATE) * 1000),
    source: { sampleRate: fmt.sampleRate, channels: fmt.channels, bits: fmt.bits, format: fmt.format },
  };
}
