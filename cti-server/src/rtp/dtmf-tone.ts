// Dual-tone generation for DTMF (ITU-T Q.23 frequencies), used for in-band DTMF towards legs that
// did not negotiate telephone-event, and by the detector's tests.
import type { DtmfDigit } from './telephone-event.js';

export const DTMF_ROW_HZ = [697, 770, 852, 941] as const;
export const DTMF_COLUMN_HZ = [1209, 1336, 1477, 1633] as const;
export const DTMF_KEYPAD = ['123A', '456B', '789C', '*0#D'] as const;

export function dtmfFrequencies(digit: DtmfDigit): { row: number; column: number } {
  for (let r = 0; r < 4; r++) {
    const c = (DTMF_KEYPAD[r] as string).indexOf(digit);
    if (c >= 0) return { row: DTMF_ROW_HZ[r] as number, column: DTMF_COLUMN_HZ[c] as number };
  }
  throw new RangeError(`not a DTMF digit: ${digit}`);
}

export interface DtmfToneOptions {
  durationMs?: number;
  /** Peak amplitude of each of the two tones (linear PCM16). */
  amplitude?: number;
  sampleRate?: number;
}

/** PCM16 samples of one digit's dual tone. */
export function dtmfTone(digit: DtmfDigit, options: DtmfToneOptions = {}): Int16Array {
  const rate = options.sampleRate ?? 8000;
  const amplitude = options.amplitude ?? 6000;
  const count = Math.round(((options.durationMs ?? 100) * rate) / 1000);
  const { row, column } = dtmfFrequencies(digit);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const t = i / rate;
    out[i] = Math.round(amplitude * (Math.sin(2 * Math.PI * row * t) + Math.sin(2 * Math.PI * column * t)));
  }
  return out;
}

/** Digits separated by silent gaps, as one buffer (what a keypad sends in-band). */
export function dtmfToneSequence(
  digits: readonly DtmfDigit[],
  options: DtmfToneOptions & { gapMs?: number } = {},
): Int16Array {
  const rate = options.sampleRate ?? 8000;
  const gap = Math.round(((options.gapMs ?? 60) * rate) / 1000);
  const tones = digits.map((d) => dtmfTone(d, options));
  const out = new Int16Array(tones.reduce((n, t) => n + t.length + gap, 0));
  let pos = 0;
  for (const tone of tones) {
    out.set(tone, pos);
    pos += tone.length + gap;
  }
  return out;
}
