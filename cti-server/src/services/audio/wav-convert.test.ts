import { describe, expect, it } from 'vitest';
import { decodeMono, toTelephony, wavDurationSeconds } from './wav-convert.js';

/** A WAV file of `frames` frames; `sample(frame, channel)` in −1 … 1. */
function wav(opts: {
  rate: number;
  channels: number;
  bits: number;
  float?: boolean;
  extensible?: boolean;
  frames: number;
  sample: (f: number, c: number) => number;
}): Buffer {
  const bytes = opts.bits / 8;
  const data = Buffer.alloc(opts.frames * opts.channels * bytes);
  for (let f = 0; f < opts.frames; f++)
    for (let c = 0; c < opts.channels; c++) {
      const v = opts.sample(f, c);
      const at = (f * opts.channels + c) * bytes;
      if (opts.float) {
        if (opts.bits === 32) data.writeFloatLE(v, at);
        else data.writeDoubleLE(v, at);
      } else if (opts.bits === 8) data.writeUInt8(Math.round(v * 127) + 128, at);
      else if (opts.bits === 16) data.writeInt16LE(Math.round(v * 32767), at);
      else if (opts.bits === 24) data.writeIntLE(Math.round(v * 8388607), at, 3);
      else data.writeInt32LE(Math.round(v * 2147483647), at);
    }
  const fmtSize = opts.extensible ? 40 : 16;
  const fmt = Buffer.alloc(fmtSize);
  fmt.writeUInt16LE(opts.extensible ? 0xfffe : opts.float ? 3 : 1, 0);
  fmt.writeUInt16LE(opts.channels, 2);
  fmt.writeUInt32LE(opts.rate, 4);
  fmt.writeUInt32LE(opts.rate * opts.channels * bytes, 8);
  fmt.writeUInt16LE(opts.channels * bytes, 12);
  fmt.writeUInt16LE(opts.bits, 14);
  if (opts.extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(opts.float ? 3 : 1, 24);
  }
  const chunk = (id: string, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'ascii');
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body]);
  };
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    chunk('fmt ', fmt),
    chunk('LIST', Buffer.alloc(6)),
    chunk('data', data),
  ]);
  return Buffer.concat([Buffer.from('RIFF'), Buffer.from(Uint32Array.of(body.length).buffer), body]);
}

const tone = (rate: number, hz: number) => (f: number) => 0.5 * Math.sin((2 * Math.PI * hz * f) / rate);

describe('WAV upload → 8 kHz mono 16-bit', () => {
  it('reads PCM 8/16/24/32-bit and float 32/64-bit, plain and extensible, mixing channels', () => {
    for (const [bits, float, extensible] of [
      [8, false, false],
      [16, false, false],
      [24, false, true],
      [32, false, false],
      [32, true, false],
      [64, true, true],
    ] as const) {
      const file = wav({
        rate: 8000,
        channels: 2,
        bits,
        float,
        extensible,
        frames: 100,
        sample: (f, c) => (c === 0 ? 0.5 : -0.25),
      });
      const { samples } = decodeMono(file);
      expect(samples.length, `${bits} ${float}`).toBe(100);
      expect(samples[50], `${bits} ${float}`).toBeCloseTo(0.125, 1);
    }
  });

  it('converts 44.1 kHz stereo to 8 kHz mono with the same duration and the tone kept', () => {
    const rate = 44_100;
    const file = wav({ rate, channels: 2, bits: 16, frames: rate * 2, sample: tone(rate, 440) });
    expect(wavDurationSeconds(file)).toBe(2);
    const out = toTelephony(file, 600);
    expect(out.durationMs).toBe(2000);
    expect(out.pcm.length).toBe(16_000 * 2);
    expect(out.source).toEqual({ sampleRate: rate, channels: 2, bits: 16, format: 'pcm' });
    // Still a 440 Hz tone of the same level: count zero crossings in the middle second.
    let crossings = 0;
    let peak = 0;
    for (let i = 4000; i < 12_000; i++) {
      const a = out.pcm.readInt16LE(i * 2);
      const b = out.pcm.readInt16LE((i + 1) * 2);
      if ((a < 0 && b >= 0) || (a >= 0 && b < 0)) crossings++;
      peak = Math.max(peak, Math.abs(a));
    }
    expect(crossings).toBeGreaterThan(870);
    expect(crossings).toBeLessThan(890);
    expect(peak).toBeGreaterThan(15_000);
    expect(peak).toBeLessThan(17_500);
  });

  it('refuses what is not a WAV, an unsupported encoding and a file too long', () => {
    expect(() => toTelephony(Buffer.from('ID3 this is an mp3'), 600)).toThrow(/not a WAV file/);
    const alaw = wav({ rate: 8000, channels: 1, bits: 16, frames: 10, sample: () => 0 });
    alaw.writeUInt16LE(6, 20);
    expect(() => toTelephony(alaw, 600)).toThrow(/unsupported WAV encoding \(format 6/);
    const long = wav({ rate: 8000, channels: 1, bits: 8, frames: 8000 * 3, sample: () => 0 });
    expect(() => toTelephony(long, 2)).toThrow(/at most/);
  });
});
