// In-band DTMF detection with the Goertzel algorithm over 8 kHz PCM16.
// Blocks of 205 samples (the classic size: every DTMF frequency lands close to a DFT bin) are
// analysed every `hop` samples (≈ half a block), and a digit must be seen in `minHits`
// consecutive blocks — with the defaults a tone must last ≈ 205 + 102 samples ≈ 38 ms, in line
// with ITU-T Q.24's "accept ≥ 40 ms". A digit is reported once per press; the press ends after
// `releaseBlocks` blocks without it.
import { DTMF_COLUMN_HZ, DTMF_KEYPAD, DTMF_ROW_HZ } from './dtmf-tone.js';
import type { DtmfDigit } from './telephone-event.js';

export interface GoertzelDtmfOptions {
  sampleRate?: number;
  blockSize?: number;
  hop?: number;
  minHits?: number;
  releaseBlocks?: number;
  /** Minimum RMS level of the block (linear PCM16). ≈ 200 is −44 dBFS. */
  minRms?: number;
  /** Share of the block's energy that the two detected tones must hold (rejects speech/noise). */
  minToneShare?: number;
  /** Column louder than row, in dB (Q.24 allows ≈ 8). */
  maxForwardTwistDb?: number;
  /** Row louder than column, in dB (Q.24 allows ≈ 4; a little slack for line effects). */
  maxReverseTwistDb?: number;
  /** The strongest row/column must beat the runner-up by this many dB. */
  minPeakRatioDb?: number;
}

export interface GoertzelDtmfDelegate {
  onDigit?(digit: DtmfDigit): void;
}

const dbToPower = (db: number) => 10 ** (db / 10);

export class GoertzelDtmfDetector {
  private readonly blockSize: number;
  private readonly hop: number;
  private readonly minHits: number;
  private readonly releaseBlocks: number;
  private readonly minEnergyPerSample: number;
  private readonly minToneShare: number;
  private readonly maxForwardTwist: number;
  private readonly maxReverseTwist: number;
  private readonly minPeakRatio: number;
  private readonly rowCoeff: Float64Array;
  private readonly colCoeff: Float64Array;
  private readonly power = new Float64Array(4);
  private readonly ring: Float32Array;
  private writePos = 0;
  private filled = 0;
  private sinceAnalysis = 0;
  private candidate: DtmfDigit | null = null;
  private hits = 0;
  private misses = 0;
  private reported = false;

  constructor(
    private readonly delegate: GoertzelDtmfDelegate,
    options: GoertzelDtmfOptions = {},
  ) {
    const rate = options.sampleRate ?? 8000;
    this.blockSize = options.blockSize ?? 205;
    this.hop = options.hop ?? 102;
    this.minHits = options.minHits ?? 2;
    this.releaseBlocks = options.releaseBlocks ?? 2;
    const minRms = options.minRms ?? 200;
    this.minEnergyPerSample = minRms * minRms;
    this.minToneShare = options.minToneShare ?? 0.7;
    this.maxForwardTwist = dbToPower(options.maxForwardTwistDb ?? 8);
    this.maxReverseTwist = dbToPower(options.maxReverseTwistDb ?? 6);
    this.minPeakRatio = dbToPower(options.minPeakRatioDb ?? 6);
    const coeff = (hz: number) => 2 * Math.cos((2 * Math.PI * hz) / rate);
    this.rowCoeff = Float64Array.from(DTMF_ROW_HZ, coeff);
    this.colCoeff = Float64Array.from(DTMF_COLUMN_HZ, coeff);
    this.ring = new Float32Array(this.blockSize);
  }

  process(samples: Int16Array, offset = 0, count = samples.length - offset): void {
    for (let i = 0; i < count; i++) {
      this.ring[this.writePos] = samples[offset + i] as number;
      this.writePos = this.writePos + 1 === this.blockSize ? 0 : this.writePos + 1;
      if (this.filled < this.blockSize) this.filled++;
      if (++this.sinceAnalysis >= this.hop && this.filled === this.blockSize) {
        this.sinceAnalysis = 0;
        this.onBlock(this.classifyBlock());
      }
    }
  }

  private onBlock(digit: DtmfDigit | null): void {
    if (digit !== null && digit === this.candidate) {
      this.misses = 0;
      if (++this.hits >= this.minHits && !this.reported) {
        this.reported = true;
        this.delegate.onDigit?.(digit);
      }
      return;
    }
    if (this.candidate !== null && ++this.misses < this.releaseBlocks && digit === null) return;
    // A different digit, or the press is over.
    this.candidate = digit;
    this.hits = digit === null ? 0 : 1;
    this.misses = 0;
    this.reported = false;
  }

  /** Goertzel power of each row and column frequency over the current block. */
  private goertzel(coeffs: Float64Array, out: Float64Array): void {
    const n = this.blockSize;
    for (let f = 0; f < 4; f++) {
      const c = coeffs[f] as number;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0, p = this.writePos; i < n; i++) {
        const s0 = (this.ring[p] as number) + c * s1 - s2;
        s2 = s1;
        s1 = s0;
        p = p + 1 === n ? 0 : p + 1;
      }
      out[f] = s1 * s1 + s2 * s2 - c * s1 * s2;
    }
  }

  private classifyBlock(): DtmfDigit | null {
    const n = this.blockSize;
    let energy = 0;
    for (let i = 0; i < n; i++) energy += (this.ring[i] as number) ** 2;
    if (energy < this.minEnergyPerSample * n) return null;
    const row = this.peak(this.rowCoeff);
    if (row === null) return null;
    const col = this.peak(this.colCoeff);
    if (col === null) return null;
    // A pure tone of amplitude A gives Goertzel power (A·N/2)² and block energy A²·N/2, so
    // 2·P/(N·E) is the share of the block's energy held by that tone.
    const share = (2 * (row.power + col.power)) / (n * energy);
    if (share < this.minToneShare) return null;
    if (col.power > row.power * this.maxForwardTwist) return null;
    if (row.power > col.power * this.maxReverseTwist) return null;
    return (DTMF_KEYPAD[row.index] as string)[col.index] as DtmfDigit;
  }

  private peak(coeffs: Float64Array): { index: number; power: number } | null {
    this.goertzel(coeffs, this.power);
    let best = 0;
    for (let i = 1; i < 4; i++) if ((this.power[i] as number) > (this.power[best] as number)) best = i;
    const bestPower = this.power[best] as number;
    for (let i = 0; i < 4; i++) {
      if (i !== best && (this.power[i] as number) * this.minPeakRatio > bestPower) return null;
    }
    return { index: best, power: bestPower };
  }
}
