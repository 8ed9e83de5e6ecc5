import { describe, expect, it } from 'vitest';
import { dtmfTone, dtmfToneSequence } from './dtmf-tone.js';
import { decodeG711, encodeG711 } from './g711.js';
import { GoertzelDtmfDetector } from './goertzel-dtmf.js';
import type { DtmfDigit } from './telephone-event.js';

function detect(samples: Int16Array, chunk = 160): DtmfDigit[] {
  const digits: DtmfDigit[] = [];
  const detector = new GoertzelDtmfDetector({ onDigit: (d) => digits.push(d) });
  for (let i = 0; i < samples.length; i += chunk) {
    detector.process(samples, i, Math.min(chunk, samples.length - i));
  }
  return digits;
}

/** Deterministic PRNG so the noise tests are reproducible. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('Goertzel DTMF detector', () => {
  it('detects all sixteen digits, each once', () => {
    const all = [...'0123456789*#ABCD'] as DtmfDigit[];
    expect(detect(dtmfToneSequence(all, { durationMs: 80, gapMs: 60 }))).toEqual(all);
  });

  it('detects a repeated digit as two presses', () => {
    expect(detect(dtmfToneSequence(['5', '5', '5'], { durationMs: 70, gapMs: 50 }))).toEqual(['5', '5', '5']);
  });

  it('survives G.711 companding and odd chunk sizes', () => {
    const tones = dtmfToneSequence(['1', '9', '#'], { durationMs: 60, gapMs: 60, amplitude: 3000 });
    const bytes = new Uint8Array(tones.length);
    encodeG711('PCMA', tones, bytes);
    const back = new Int16Array(tones.length);
    decodeG711('PCMA', bytes, back);
    expect(detect(back, 37)).toEqual(['1', '9', '#']);
  });

  it('ignores tones shorter than ~25 ms', () => {
    expect(detect(dtmfToneSequence(['3'], { durationMs: 20, gapMs: 100 }))).toEqual([]);
  });

  it('rejects excessive twist', () => {
    const row = dtmfTone('1', { amplitude: 8000 });
    const weakColumn = new Int16Array(row.length);
    for (let i = 0; i < row.length; i++) {
      const t = i / 8000;
      weakColumn[i] = Math.round(
        8000 * Math.sin(2 * Math.PI * 697 * t) + 1000 * Math.sin(2 * Math.PI * 1209 * t),
      );
    }
    expect(detect(weakColumn)).toEqual([]);
  });

  it('gives no digits on silence, white noise or speech-like harmonic sound', () => {
    expect(detect(new Int16Array(8000))).toEqual([]);
    const rnd = lcg(42);
    const noise = Int16Array.from({ length: 16000 }, () => Math.round((rnd() - 0.5) * 12000));
    expect(detect(noise)).toEqual([]);
    // Voiced speech: a gliding pitch (100–220 Hz) with many harmonics shaped by two formants.
    const speech = new Int16Array(24000);
    let phase = 0;
    for (let i = 0; i < speech.length; i++) {
      const f0 = 160 + 60 * Math.sin((2 * Math.PI * i) / 6000);
      phase += (2 * Math.PI * f0) / 8000;
      let v = 0;
      for (let h = 1; h <= 20; h++) {
        const hz = h * f0;
        const formant = Math.exp(-(((hz - 700) / 250) ** 2)) + 0.6 * Math.exp(-(((hz - 1250) / 300) ** 2));
        v += (formant + 0.05) * Math.sin(h * phase);
      }
      speech[i] = Math.round(v * 3000);
    }
    expect(detect(speech)).toEqual([]);
  });
});
