import { describe, expect, it } from 'vitest';
import { NonceCounts } from './nonce-counts.js';

describe('NonceCounts', () => {
  it('accepts growing nc per nonce, refuses repeats and garbage', () => {
    const counts = new NonceCounts(1000, () => 0);
    expect(counts.accept('n1', '00000001')).toBe(true);
    expect(counts.accept('n1', '00000001')).toBe(false);
    expect(counts.accept('n1', '00000003')).toBe(true);
    expect(counts.accept('n1', '00000002')).toBe(false);
    expect(counts.accept('n2', '00000001')).toBe(true);
    expect(counts.accept('n3', '1')).toBe(false);
    expect(counts.accept('n3', '00000000')).toBe(false);
  });

  it('forgets nonces once they can no longer be valid', () => {
    let now = 0;
    const counts = new NonceCounts(1000, () => now);
    counts.accept('old', '00000001');
    now = 600;
    counts.accept('young', '00000001');
    now = 1000;
    counts.accept('new', '00000001');
    expect(counts.size).toBe(2);
    now = 1600;
    counts.accept('newer', '00000001');
    expect(counts.size).toBe(2);
  });
});
