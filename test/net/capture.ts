// What a host really received and sent: tcpdump on its interface, read back here (Ethernet,
// IPv4/IPv6, UDP only), so a test counts RTP packets and reads SIP as they were on the wire.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NetBed } from './netns.js';

export interface UdpDatagram {
  /** Seconds (capture clock). */
  time: number;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  payload: Buffer;
}

export interface Capture {
  /** Stops tcpdump and returns every UDP datagram it saw. */
  stop(): Promise<UdpDatagram[]>;
}

export async function capture(bed: NetBed, ns: string, iface: string): Promise<Capture> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kefu-pcap-')), `${iface}.pcap`);
  const child = bed.spawnIn(ns, 'tcpdump', [
    '-i',
    iface,
    '-n',
    '--immediate-mode',
    '-U',
    '-s',
    '0',
    '-w',
    file,
    'udp',
  ]);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // tcpdump says "listening on" once its socket is open.
  const deadline = Date.now() + 10_000;
  while (!stderr.includes('listening on')) {
    if (Date.now() > deadline) throw new Error(`tcpdump did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    async stop() {
      // Immediate mode hands each packet over at once; a last moment for the final ones.
      await new Promise((r) => setTimeout(r, 500));
      child.kill('SIGINT');
      await exited;
      return parsePcap(readFileSync(file));
    },
  };
}

export function parsePcap(data: Buffer): UdpDatagram[] {
  const magic = data.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nanos = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const u32 = (o: number) => (le ? data.readUInt32LE(o) : data.readUInt32BE(o));
  const linkType = u32(20);
  if (linkType !== 1) throw new Error(`pcap link type ${linkType}: expected Ethernet`);
  const out: UdpDatagram[] = [];
  for (let off = 24; off + 16 <= data.length;) {
    const time = u32(off) + u32(off + 4) / (nanos ? 1e9 : 1e6);
    const len = u32(off + 8);
    const frame = data.subarray(off + 16, off + 16 + len);
    off += 16 + len;
    const datagram = udpOf(frame);
    if (datagram) out.push({ time, ...datagram });
  }
  return out;
}

function udpOf(frame: Buffer): Omit<UdpDatagram, 'time'> | undefined {
  const etherType = frame.readUInt16BE(12);
  let ip = frame.subarray(14);
  let src: string;
  let dst: string;
  if (etherType === 0x0800) {
    if (ip[9] !== 17) return undefined;
    const ihl = ((ip[0] ?? 0) & 0x0f) * 4;
    src = [...ip.subarray(12, 16)].join('.');
    dst = [...ip.subarray(16, 20)].join('.');
    ip = ip.subarray(ihl);
  } else if (etherType === 0x86dd) {
    if (ip[6] !== 17) return undefined;
    src = ipv6(ip.subarray(8, 24));
    dst = ipv6(ip.subarray(24, 40));
    ip = ip.subarray(40);
  } else return undefined;
  const length = ip.readUInt16BE(4);
  return { src, sport: ip.readUInt16BE(0), dst, dport: ip.readUInt16BE(2), payload: ip.subarray(8, length) };
}

/** Compressed form, as Node and the kernel print it (longest run of zero groups as ::). */
function ipv6(bytes: Buffer): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** SIP messages among the datagrams (anything that starts like one). */
export function sipMessages(datagrams: UdpDatagram[]): Array<UdpDatagram & { text: string }> {
  return datagrams
    .map((d) => ({ ...d, text: d.payload.toString('latin1') }))
    .filter((d) => /^(SIP\/2\.0 \d{3}|[A-Z]+ sip:)/.test(d.text));
}

/** RTP packets from `src` to `dst` (version 2, not RTCP). */
export function rtpPackets(datagrams: UdpDatagram[], src: string, dst: string): UdpDatagram[] {
  return datagrams.filter(
    (d) =>
      d.src === src &&
      d.dst === dst &&
      d.payload.length >= 12 &&
      ((d.payload[0] ?? 0) & 0xc0) === 0x80 &&
      ((d.payload[1] ?? 0) & 0x7f) < 72,
  );
}
