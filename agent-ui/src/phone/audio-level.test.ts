import { describe, expect, it } from 'vitest';
import { levelOf, smoothLevel } from './audio-level.js';

describe('microphone level', () => {
  it('is 0 for silence and 1 for a full-scale square wave', () => {
    expect(levelOf(new Float32Array(512))).toBe(0);
    expect(levelOf([])).toBe(0);
    expect(levelOf(Float32Array.from({ length: 512 }, (_, i) => (i % 2 ? 1 : -1)))).toBe(1);
  });

  it('maps RMS dBFS linearly between -60 and 0', () => {
    // A sine of amplitude a has RMS a/√2: a = 0.1·√2 → -20 dBFS → 2/3 of the scale.
    const a = 0.1 * Math.SQRT2;
    const sine = Float32Array.from({ length: 800 }, (_, i) => a * Math.sin((2 * Math.PI * i) / 80));
    expect(levelOf(sine)).toBeCloseTo(2 / 3, 3);
    // Below the floor: 0.
    expect(levelOf(Float32Array.from({ length: 100 }, () => 0.0005))).toBe(0);
  });

  it('rises at once and falls slowly', () => {
    expect(smoothLevel(0.2, 0.8)).toBe(0.8);
    expect(smoothLevel(0.8, 0)).toBeCloseTo(0.65);
    expect(smoothLevel(0.1, 0)).toBe(0);
  });
});
