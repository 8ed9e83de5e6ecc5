import { describe, expect, it } from 'vitest';
import { encodeG711 } from './g711.js';
import { WavError, channelOf, readWav, writeWav } from './wav.js';

describe('WAV', () => {
  it('round-trips mono and stereo PCM16', () => {
    const mono = Int16Array.from([0, 1, -1, 32767, -32768]);
    const back = readWav(writeWav({ sampleRate: 8000, channels: 1, samples: mono }));
    expect(back.sampleRate).toBe(8000);
    expect(back.channels).toBe(1);
    expect([...back.samples]).toEqual([...mono]);
    const stereo = Int16Array.from([1, 100, 2, 200, 3, 300]);
    const s = readWav(writeWav({ sampleRate: 8000, channels: 2, samples: stereo }));
    expect([...channelOf(s, 0)]).toEqual([1, 2, 3]);
    expect([...channelOf(s, 1)]).toEqual([100, 200, 300]);
    expect([...channelOf(s, 'mix')]).toEqual([51, 101, 152]);
  });

  it('writes a canonical 44-byte header', () => {
    const buf = writeWav({ sampleRate: 8000, channels: 2, samples: new Int16Array(4) });
    expect(buf.length).toBe(52);
    expect(buf.toString('ascii', 0, 4)).toBe('RIFF');
    expect(buf.readUInt32LE(4)).toBe(44);
    expect(buf.readUInt32LE(28)).toBe(32000);
    expect(buf.readUInt32LE(40)).toBe(8);
  });

  it('reads G.711 A-law and μ-law WAV (formats 6 and 7) and skips unknown chunks', () => {
    const pcm = Int16Array.from([0, 1000, -1000]);
    for (const [format, law] of [
      [6, 'PCMA'],
      [7, 'PCMU'],
    ] as const) {
      const data = new Uint8Array(3);
      encodeG711(law, pcm, data);
      const list = Buffer.from('LIST\x03\x00\x00\x00abc\x00', 'latin1'); // odd size + pad byte
      const fmt = Buffer.alloc(8 + 18);
      fmt.write('fmt ', 0, 'ascii');
      fmt.writeUInt32LE(18, 4);
      fmt.writeUInt16LE(format, 8);
      fmt.writeUInt16LE(1, 10);
      fmt.writeUInt32LE(8000, 12);
      fmt.writeUInt32LE(8000, 16);
      fmt.writeUInt16LE(1, 20);
      fmt.writeUInt16LE(8, 22);
      const dataHead = Buffer.alloc(8);
      dataHead.write('data', 0, 'ascii');
      dataHead.writeUInt32LE(3, 4);
      const body = Buffer.concat([Buffer.from('WAVE'), list, fmt, dataHead, data]);
      const riff = Buffer.alloc(8);
      riff.write('RIFF', 0, 'ascii');
      riff.writeUInt32LE(body.length, 4);
      const audio = readWav(Buffer.concat([riff, body]));
      expect(audio.samples.length).toBe(3);
      expect(audio.samples[0]).toBeLessThanOrEqual(8);
      expect(Math.abs((audio.samples[1] as number) - 1000)).toBeLessThan(64);
      expect(Math.abs((audio.samples[2] as number) + 1000)).toBeLessThan(64);
    }
  });

  it('rejects non-WAV and unsupported formats with typed errors', () => {
    expect(() => readWav(Buffer.from('hello world, not a wave file'))).toThrow(WavError);
    const eightBit = writeWav({ sampleRate: 8000, channels: 1, samples: new Int16Array(2) });
    eightBit.writeUInt16LE(8, 34);
    try {
      readWav(eightBit);
      expect.fail('should throw');
    } catch (e) {
      expect((e as WavError).code).toBe('unsupported-format');
    }
  });
});
