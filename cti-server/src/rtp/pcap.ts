// Minimal libpcap reader for UDP datagrams (https://www.tcpdump.org/manpages/pcap-savefile.5.html):
// enough to replay RTP captures (e.g. SIPp's g711a.pcap, dtmf_2833_*.pcap) into legs and tests.

export interface PcapUdpPacket {
  /** Capture time in ms since the first packet. */
  timeMs: number;
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;

export function readPcapUdp(file: Buffer): PcapUdpPacket[] {
  if (file.length < 24) throw new Error('not a pcap file');
  const magic = file.readUInt32LE(0);
  let le: boolean;
  let nanos = false;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) le = true;
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) le = false;
  else throw new Error('not a pcap file');
  if (magic === 0xa1b23c4d || magic === 0x4d3cb2a1) nanos = true;
  const u32 = (at: number) => (le ? file.readUInt32LE(at) : file.readUInt32BE(at));
  const linkType = u32(20) & 0xffff;
  const out: PcapUdpPacket[] = [];
  let firstMs: number | undefined;
  for (let pos = 24; pos + 16 <= file.length;) {
    const sec = u32(pos);
    const frac = u32(pos + 4);
    const caplen = u32(pos + 8);
    const frame = file.subarray(pos + 16, pos + 16 + caplen);
    pos += 16 + caplen;
    const timeMs = sec * 1000 + (nanos ? frac / 1e6 : frac / 1e3);
    firstMs ??= timeMs;
    const ip = ipPayloadOffset(frame, linkType);
    if (ip === null) continue;
    const udp = udpOf(frame, ip);
    if (udp) out.push({ timeMs: timeMs - firstMs, ...udp });
  }
  return out;
}

function ipPayloadOffset(frame: Buffer, linkType: number): number | null {
  if (linkType === LINKTYPE_RAW) return 0;
  let offset: number;
  let etherType: number;
  if (linkType === LINKTYPE_ETHERNET) {
    if (frame.length < 14) return null;
    offset = 12;
    etherType = frame.readUInt16BE(offset);
    while (etherType === 0x8100 && frame.length >= offset + 6) {
      offset += 4; // 802.1Q VLAN tag
      etherType = frame.readUInt16BE(offset);
    }
    offset += 2;
  } else if (linkType === LINKTYPE_LINUX_SLL) {
    if (frame.length < 16) return null;
    etherType = frame.readUInt16BE(14);
    offset = 16;
  } else return null;
  return etherType === 0x0800 ? offset : null;
}

function udpOf(frame: Buffer, ip: number): Omit<PcapUdpPacket, 'timeMs'> | null {
  if (frame.length < ip + 20 || frame[ip]! >> 4 !== 4) return null;
  const ihl = (frame[ip]! & 0x0f) * 4;
  if (frame[ip + 9] !== 17) return null; // not UDP
  const udp = ip + ihl;
  if (frame.length < udp + 8) return null;
  const length = frame.readUInt16BE(udp + 4);
  return {
    srcPort: frame.readUInt16BE(udp),
    dstPort: frame.readUInt16BE(udp + 2),
    payload: frame.subarray(udp + 8, Math.min(frame.length, udp + length)),
  };
}
