/**
 * Music on hold synthesised once at start-up, so a fresh install needs no audio files: a slow,
 * soft arpeggio (C major, then A minor) with a bell-like decay, looped while a caller waits or
 * is held. About −20 dBFS so it never clips when mixed with a prompt.
 */
const SAMPLE_RATE = 8000;
const NOTE_SECONDS = 0.5;
const NOTES_HZ = [261.63, 329.63, 392.0, 523.25, 392.0, 329.63, 220.0, 261.63, 329.63, 440.0, 329.63, 261.63];
const PEAK = 3200;

let cached: Int16Array | undefined;

export function holdMusic(): Int16Array {
  if (cached) return cached;
  const noteSamples = Math.round(NOTE_SECONDS * SAMPLE_RATE);
  const samples = new Int16Array(noteSamples * NOTES_HZ.length);
  NOTES_HZ.forEach((hz, n) => {
    for (let i = 0; i < noteSamples; i++) {
      const t = i / SAMPLE_RATE;
      const envelope = Math.min(1, i / 80) * Math.exp(-3 * t);
      const tone = Math.sin(2 * Math.PI * hz * t) + 0.3 * Math.sin(4 * Math.PI * hz * t);
      samples[n * noteSamples + i] = Math.round((PEAK * envelope * tone) / 1.3);
    }
  });
  cached = samples;
  return samples;
}

/** A queue's own music on hold (uploaded, 8 kHz), or undefined for the built-in music. */
export type QueueMusic = (queueId: string | null) => Int16Array | undefined;

/** What a caller of this call hears on hold: their queue's uploaded music, else the built-in. */
export function holdMusicFor(
  call: { arrival?: { queueId: string } | undefined; route?: { queueId: string | null } | undefined },
  queueMusic: QueueMusic | undefined,
): Int16Array {
  return queueMusic?.(call.arrival?.queueId ?? call.route?.queueId ?? null) ?? holdMusic();
}
