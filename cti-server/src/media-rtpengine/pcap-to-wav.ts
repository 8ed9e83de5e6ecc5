// rtpengine records in userspace as pcap only (--recording-method=pcap): one capture per call of
// the RTP it RECEIVED, each packet addressed to rtpengine's local port of the sending party.
// This turns such a capture into the engine-neutral recording: stereo PCM16 WAV, caller left,
// agent right, paused spans written as silence (same timeline rule as rtp/call-recorder.ts).
import { decodeG711, type G711Law } from '../rtp/g711.js';
import { readPcapUdp } from '../rtp/pcap.js';
import { parseRtpPacket } from '../rtp/rtp-packet.js';
import { writeWav } from '../rtp/wav.js';

const RATE = 8000;
/** RFC 3551 §6 static payload types; the engine only negotiates these for G.711. */
const STATIC_LAW: Readonly<Record<number, G711Law>> = { 0: 'PCMU', 8: 'PCMA' };

export interface PcapToWavOptions {
  pcap: Buffer;
  /** rtpengine's local RTP port facing the caller (packets the caller sent arrive there). */
  callerPort: number;
  agentPort: number;
  /** Wall-clock span of the recording (ms since the epoch). */
  startedAtMs: number;
  stoppedAtMs: number;
  /** Wall-clock spans to write as silence. */
  pauses: ReadonlyArray<{ fromMs: number; toMs: number }>;
}

export interface PcapWavResult {
  stereo: Buffer;
  mixed: Buffer;
  durationMs: number;
  pausedMs: number;
}

/** Capture time of the first record (ms since the epoch), or null for an empty capture. */
function firstPacketEpochMs(pcap: Buffer): number | null {
  if (pcap.length < 24 + 16) return null;
  const magic = pcap.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nanos = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const sec = le ? pcap.readUInt32LE(24) : pcap.readUInt32BE(24);
  const frac = le ? pcap.readUInt32LE(28) : pcap.readUInt32BE(28);
  return sec * 1000 + (nanos ? frac / 1e6 : frac / 1e3);
}

export function pcapToStereoWav(o: PcapToWavOptions): PcapWavResult {
  const total = Math.max(0, Math.round(((o.stoppedAtMs - o.startedAtMs) * RATE) / 1000));
  const channels = [new Int16Array(total), new Int16Array(total)] as const;
  const epoch = firstPacketEpochMs(o.pcap);
  // Per channel and SSRC: where (sample index) that stream's RTP timestamp 0-point lands.
  const anchors = [new Map<number, number>(), new Map<number, number>()] as const;
  const frame = new Int16Array(2048);
  for (const p of epoch === null ? [] : readPcapUdp(o.pcap)) {
    const ch = p.dstPort === o.callerPort ? 0 : p.dstPort === o.agentPort ? 1 : undefined;
    if (ch === undefined) continue;
    const parsed = parseRtpPacket(p.payload);
    if (!parsed.ok) continue;
    const rtp = parsed.packet;
    const law = STATIC_LAW[rtp.payloadType];
    if (!law) continue; // telephone-event, comfort noise
    const arrival = Math.round(((epoch! + p.timeMs - o.startedAtMs) * RATE) / 1000);
    // Place by RTP timestamp (no arrival jitter), anchored at each stream's first packet.
    let zero = anchors[ch].get(rtp.ssrc);
    if (zero === undefined) {
      zero = arrival - rtp.timestamp;
      anchors[ch].set(rtp.ssrc, zero);
    }
    const at = zero + rtp.timestamp;
    const n = Math.min(rtp.payload.length, frame.length);
    decodeG711(law, rtp.payload, frame, 0, n);
    const out = channels[ch];
    for (let i = 0; i < n; i++) if (at + i >= 0 && at + i < total) out[at + i] = frame[i] as number;
  }
  let pausedSamples = 0;
  for (const pause of o.pauses) {
    const from = Math.max(0, Math.round(((pause.fromMs - o.startedAtMs) * RATE) / 1000));
    const to = Math.min(total, Math.round(((pause.toMs - o.startedAtMs) * RATE) / 1000));
    if (to <= from) continue;
    channels[0].fill(0, from, to);
    channels[1].fill(0, from, to);
    pausedSamples += to - from;
  }
  const interleaved = new Int16Array(total * 2);
  const mixed = new Int16Array(total);
  for (let i = 0; i < total; i++) {
    const l = channels[0][i] as number;
    const r = channels[1][i] as number;
    interleaved[2 * i] = l;
    interleaved[2 * i + 1] = r;
    mixed[i] = Math.max(-32768, Math.min(32767, l + r));
  }
  return {
    stereo: writeWav({ sampleRate: RATE, channels: 2, samples: interleaved }),
    mixed: writeWav({ sampleRate: RATE, channels: 1, samples: mixed }),
    durationMs: Math.round((total * 1000) / RATE),
    pausedMs: Math.round((pausedSamples * 1000) / RATE),
  };
}
