import { describe, expect, it } from 'vitest';
import { JitterFifo } from './jitter-fifo.js';

const frame = (v: number) => new Int16Array(160).fill(v);

describe('JitterFifo', () => {
  it('re-frames any packet size into 20 ms frames in order', () => {
    const fifo = new JitterFifo(15);
    const out = new Int16Array(160);
    const p30 = Int16Array.from({ length: 240 }, (_, i) => i);
    fifo.push(p30, 240);
    expect(fifo.pull(out)).toBe(true);
    expect(out[0]).toBe(0);
    expect(out[159]).toBe(159);
    expect(fifo.pull(out)).toBe(false); // only 80 samples left
    fifo.push(p30, 240);
    expect(fifo.pull(out)).toBe(true);
    expect(out[0]).toBe(160);
    expect(out[80]).toBe(0);
  });

  it('drops the oldest samples on overflow', () => {
    const fifo = new JitterFifo(2);
    for (let v = 1; v <= 3; v++) fifo.push(frame(v), 160);
    expect(fifo.droppedSamples).toBe(160);
    const out = new Int16Array(160);
    fifo.pull(out);
    expect(out[0]).toBe(2);
  });

  it('trims a standing backlog of ≥ 4 frames after 100 pulls, but not a short one', () => {
    const out = new Int16Array(160);
    const small = new JitterFifo(15);
    for (let i = 0; i < 3; i++) small.push(frame(0), 160);
    for (let t = 0; t < 300; t++) {
      small.push(frame(t), 160);
      small.pull(out);
    }
    expect(small.droppedSamples).toBe(0);
    const big = new JitterFifo(15);
    for (let i = 0; i < 6; i++) big.push(frame(0), 160);
    for (let t = 0; t < 500; t++) {
      big.push(frame(t), 160);
      big.pull(out);
    }
    expect(big.droppedSamples).toBe(3 * 160); // 6 → 5 → 4 → 3 spare frames, then it stops
  });
});
