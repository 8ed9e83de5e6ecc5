/** Percentiles and a one-line summary of latency samples in milliseconds. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

export function summarize(label: string, samplesMs: number[]): string {
  const s = [...samplesMs].sort((a, b) => a - b);
  const total = s.reduce((a, b) => a + b, 0);
  const f = (n: number) => n.toFixed(3);
  return `${label.padEnd(34)} n=${s.length}  p50=${f(percentile(s, 50))} ms  p90=${f(percentile(s, 90))} ms  p99=${f(percentile(s, 99))} ms  max=${f(s[s.length - 1] ?? NaN)} ms  (${Math.round((s.length / total) * 1000)}/s sequential)`;
}
