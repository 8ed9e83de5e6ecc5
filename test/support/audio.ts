/** Root-mean-square level of PCM16 samples (speech is well above 300, silence near 0). */
export function rms(samples: Int16Array): number {
  return Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / Math.max(1, samples.length));
}
