import { describe, expect, it } from 'vitest';
import {
  ALAW_DECODE,
  ALAW_TO_ULAW,
  ULAW_DECODE,
  ULAW_TO_ALAW,
  decodeG711,
  encodeG711,
  ULAW_ENCODE,
  ALAW_ENCODE,
} from './g711.js';

const enc = (table: Uint8Array, s: number) => table[s + 32768];

describe('G.711', () => {
  it('encodes zero to the silence codes', () => {
    expect(enc(ULAW_ENCODE, 0)).toBe(0xff);
    expect(enc(ALAW_ENCODE, 0)).toBe(0xd5);
  });

  it('matches reference values at the ends of the range', () => {
    expect(ULAW_DECODE[0x00]).toBe(-32124);
    expect(ULAW_DECODE[0x80]).toBe(32124);
    expect(ULAW_DECODE[0xff]).toBe(0);
    expect(ALAW_DECODE[0xd5]).toBe(8);
    expect(ALAW_DECODE[0x55]).toBe(-8);
    expect(ALAW_DECODE[0xaa]).toBe(32256);
    expect(ALAW_DECODE[0x2a]).toBe(-32256);
    expect(enc(ULAW_ENCODE, 32767)).toBe(0x80);
    expect(enc(ULAW_ENCODE, -32768)).toBe(0x00);
    expect(enc(ALAW_ENCODE, 32767)).toBe(0xaa);
    expect(enc(ALAW_ENCODE, -32768)).toBe(0x2a);
  });

  it('decode → encode is the identity on every code (except μ-law negative zero)', () => {
    for (let b = 0; b < 256; b++) {
      expect(enc(ALAW_ENCODE, ALAW_DECODE[b] as number)).toBe(b);
      if (b !== 0x7f) expect(enc(ULAW_ENCODE, ULAW_DECODE[b] as number)).toBe(b);
    }
  });

  it('round-trip error stays within the quantisation step (≈ 1/16 of magnitude + 1 LSB at the bottom)', () => {
    for (let s = -32768; s < 32768; s += 7) {
      const u = ULAW_DECODE[enc(ULAW_ENCODE, s) as number] as number;
      const a = ALAW_DECODE[enc(ALAW_ENCODE, s) as number] as number;
      const mag = Math.min(Math.abs(s), 32124);
      expect(Math.abs(u - Math.max(-32124, Math.min(32124, s)))).toBeLessThanOrEqual(mag / 16 + 8);
      expect(Math.abs(a - s)).toBeLessThanOrEqual(Math.abs(s) / 16 + 16);
    }
  });

  it('encoding is monotonic', () => {
    for (const [dec, encT] of [
      [ULAW_DECODE, ULAW_ENCODE],
      [ALAW_DECODE, ALAW_ENCODE],
    ] as const) {
      let prev = -Infinity;
      let violations = 0;
      for (let s = -32768; s < 32768; s++) {
        const v = dec[encT[s + 32768] as number] as number;
        if (v < prev) violations++;
        prev = v;
      }
      expect(violations).toBe(0);
    }
  });

  it('transcodes μ↔A via the linear value', () => {
    expect(ULAW_TO_ALAW[0xff]).toBe(0xd5);
    expect(ALAW_TO_ULAW[0xd5]).toBe(0xfe); // A-law has no zero: 0xd5 is +8
    for (let b = 0; b < 256; b++) {
      const viaA = ALAW_DECODE[ULAW_TO_ALAW[b] as number] as number;
      const lin = ULAW_DECODE[b] as number;
      expect(Math.abs(viaA - lin)).toBeLessThanOrEqual(Math.abs(lin) / 16 + 16);
    }
  });

  it('encodes and decodes buffers', () => {
    const pcm = Int16Array.from([0, 1000, -1000, 20000, -20000]);
    const bytes = new Uint8Array(5);
    encodeG711('PCMA', pcm, bytes);
    const back = new Int16Array(5);
    decodeG711('PCMA', bytes, back);
    for (let i = 0; i < 5; i++) expect(Math.abs((back[i] as number) - (pcm[i] as number))).toBeLessThan(700);
    expect(bytes[0]).toBe(0xd5);
  });
});
