import { readFileSync } from 'node:fs';
import { parsePcap, rtpPackets } from './capture.ts';
const [file, src, dst] = process.argv.slice(2) as [string, string, string];
const d = parsePcap(readFileSync(file));
const p = rtpPackets(d, src, dst);
const buckets = new Map<number, [number, number]>();
for (const x of p) {
  const k = Math.floor(x.time * 2) / 2;
  const b = buckets.get(k) ?? [0, 0];
  b[0]++;
  if (new Set(x.payload.subarray(12)).size > 8) b[1]++;
  buckets.set(k, b);
}
for (const [k, v] of buckets) console.log((k % 100).toFixed(1), v.join('/'));
