// ITU-T G.711 μ-law and A-law companding (https://www.itu.int/rec/T-REC-G.711), table driven:
// a 64 Ki-entry encode table per law (index = sample + 32768) and 256-entry decode tables, so the
// per-packet hot path is one array lookup per sample. The formulas are the classic reference
// implementation (Sun Microsystems' public-domain g711.c), which matches the ITU tables.

const ULAW_BIAS = 0x84;
const ULAW_CLIP = 32635;

function ulawDecodeByte(byte: number): number {
  const u = ~byte & 0xff;
  let t = ((u & 0x0f) << 3) + ULAW_BIAS;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? ULAW_BIAS - t : t - ULAW_BIAS;
}

function ulawEncodeSample(sample: number): number {
  let pcm = sample;
  const sign = pcm < 0 ? 0x80 : 0;
  if (sign) pcm = -pcm;
  if (pcm > ULAW_CLIP) pcm = ULAW_CLIP;
  pcm += ULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (pcm & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (pcm >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function alawDecodeByte(byte: number): number {
  const a = byte ^ 0x55;
  let t = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  if (segment === 0) t += 8;
  else if (segment === 1) t += 0x108;
  else t = (t + 0x108) << (segment - 1);
  return a & 0x80 ? t : -t;
}

const ALAW_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

function alawEncodeSample(sample: number): number {
  let pcm = sample >> 3; // A-law works on 13-bit magnitudes
  let mask: number;
  if (pcm >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    pcm = -pcm - 1;
  }
  let segment = 0;
  while (segment < 8 && pcm > (ALAW_SEGMENT_END[segment] as number)) segment++;
  if (segment >= 8) return 0x7f ^ mask;
  const mantissa = segment < 2 ? (pcm >> 1) & 0x0f : (pcm >> segment) & 0x0f;
  return ((segment << 4) | mantissa) ^ mask;
}

function buildDecodeTable(decode: (byte: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let i = 0; i < 256; i++) table[i] = decode(i);
  return table;
}

function buildEncodeTable(encode: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = encode(i - 32768);
  return table;
}

export const ULAW_DECODE: Int16Array = buildDecodeTable(ulawDecodeByte);
export const ALAW_DECODE: Int16Array = buildDecodeTable(alawDecodeByte);
/** Index with `sample + 32768`. */
export const ULAW_ENCODE: Uint8Array = buildEncodeTable(ulawEncodeSample);
/** Index with `sample + 32768`. */
export const ALAW_ENCODE: Uint8Array = buildEncodeTable(alawEncodeSample);

function buildTranscodeTable(decode: Int16Array, encode: Uint8Array): Uint8Array {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) table[i] = encode[(decode[i] as number) + 32768] as number;
  return table;
}

/** μ-law byte → A-law byte (via the linear value, so the error is that of one A-law quantisation). */
export const ULAW_TO_ALAW: Uint8Array = buildTranscodeTable(ULAW_DECODE, ALAW_ENCODE);
/** A-law byte → μ-law byte. */
export const ALAW_TO_ULAW: Uint8Array = buildTranscodeTable(ALAW_DECODE, ULAW_ENCODE);

export type G711Law = 'PCMU' | 'PCMA';

/** Static payload types of RFC 3551 §6 (https://www.rfc-editor.org/rfc/rfc3551#section-6). */
export const G711_STATIC_PT: Readonly<Record<G711Law, number>> = { PCMU: 0, PCMA: 8 };

/** Silence byte of each law (linear 0), used for idle/comfort frames. */
export const G711_SILENCE: Readonly<Record<G711Law, number>> = { PCMU: 0xff, PCMA: 0xd5 };

export function encodeG711(
  law: G711Law,
  pcm: Int16Array,
  out: Uint8Array,
  outOffset = 0,
  count = pcm.length,
): void {
  const table = law === 'PCMU' ? ULAW_ENCODE : ALAW_ENCODE;
  for (let i = 0; i < count; i++) out[outOffset + i] = table[(pcm[i] as number) + 32768] as number;
}

export function decodeG711(
  law: G711Law,
  bytes: Uint8Array,
  out: Int16Array,
  outOffset = 0,
  count = bytes.length,
): void {
  const table = law === 'PCMU' ? ULAW_DECODE : ALAW_DECODE;
  for (let i = 0; i < count; i++) out[outOffset + i] = table[bytes[i] as number] as number;
}
