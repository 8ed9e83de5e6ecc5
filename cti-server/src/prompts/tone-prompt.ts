import { writeWav } from '../rtp/wav.js';

const RATE = 8000;
/** 425 Hz is the Chinese (and ITU-T E.180 common) call-progress tone; callers read it as "wait". */
const TONE_HZ = 425;
const AMPLITUDE = 8000;
const FADE_SAMPLES = 80; // 10 ms ramps, so the tone starts and stops without clicks

/**
 * Stand-in audio for a prompt when no speech engine is installed: a beep whose length grows
 * with the text (0.5–3 s), so a flow still paces roughly as it would with speech.
 */
export function tonePromptWav(text: string): Buffer {
  const seconds = Math.min(3, Math.max(0.5, text.length * 0.05));
  const count = Math.round(seconds * RATE);
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const ramp = Math.min(1, i / FADE_SAMPLES, (count - 1 - i) / FADE_SAMPLES);
    samples[i] = Math.round(AMPLITUDE * ramp * Math.sin((2 * Math.PI * TONE_HZ * i) / RATE));
  }
  return writeWav({ sampleRate: RATE, channels: 1, samples });
}
