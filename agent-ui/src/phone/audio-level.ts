/** Quietest level the microphone meter shows above zero (dBFS); speech is roughly -40…-10. */
export const FLOOR_DB = -60;

/**
 * Microphone meter value 0…1 from time-domain samples (-1…1, an AnalyserNode's
 * getFloatTimeDomainData): the RMS in dBFS mapped linearly from FLOOR_DB (0) to 0 dBFS (1).
 */
export function levelOf(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / samples.length);
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

/** A meter that rises at once and falls slowly (easier to read than the raw level). */
export function smoothLevel(previous: number, next: number, fall = 0.15): number {
  return next >= previous ? next : Math.max(next, previous - fall);
}
