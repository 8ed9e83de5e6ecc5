// RTP fixed header, RFC 3550 §5.1 (https://www.rfc-editor.org/rfc/rfc3550#section-5.1).
// Parsing never throws: anything arriving on a UDP socket may be garbage (scanners, stray RTCP,
// STUN), so malformed input yields a typed error the socket handler can count and drop.

export const RTP_HEADER_SIZE = 12;
export const RTP_VERSION = 2;

export interface RtpHeader {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs?: readonly number[];
  /** RFC 3550 §5.3.1 header extension: profile-defined 16 bits and the extension words. */
  extension?: { profile: number; data: Uint8Array };
}

export interface RtpPacket extends RtpHeader {
  padding: boolean;
  /** A view into the received datagram (no copy); valid until the buffer is reused. */
  payload: Uint8Array;
}

export type RtpParseError =
  'too-short' | 'bad-version' | 'rtcp' | 'truncated-csrc' | 'truncated-extension' | 'bad-padding';

export type RtpParseResult = { ok: true; packet: RtpPacket } | { ok: false; error: RtpParseError };

/** The fields the receive hot path needs, filled into a caller-owned object (no allocation). */
export interface RtpPeek {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  payloadOffset: number;
  payloadEnd: number;
}

export function newRtpPeek(): RtpPeek {
  return {
    marker: false,
    payloadType: 0,
    sequenceNumber: 0,
    timestamp: 0,
    ssrc: 0,
    payloadOffset: 0,
    payloadEnd: 0,
  };
}

/** Allocation-free variant of `parseRtpPacket` for the per-packet path; null when valid. */
export function peekRtpPacket(buf: Uint8Array, out: RtpPeek): RtpParseError | null {
  const len = buf.length;
  if (len < RTP_HEADER_SIZE) return 'too-short';
  const b0 = buf[0] as number;
  const b1 = buf[1] as number;
  if (b0 >> 6 !== RTP_VERSION) return 'bad-version';
  if (b1 >= 200 && b1 <= 204) return 'rtcp';
  let offset = RTP_HEADER_SIZE + (b0 & 0x0f) * 4;
  if (len < offset) return 'truncated-csrc';
  if (b0 & 0x10) {
    if (len < offset + 4) return 'truncated-extension';
    offset += 4 + (((buf[offset + 2] as number) << 8) | (buf[offset + 3] as number)) * 4;
    if (len < offset) return 'truncated-extension';
  }
  let end = len;
  if (b0 & 0x20) {
    const pad = buf[len - 1] as number;
    if (pad === 0 || offset + pad > len) return 'bad-padding';
    end -= pad;
  }
  out.marker = (b1 & 0x80) !== 0;
  out.payloadType = b1 & 0x7f;
  out.sequenceNumber = ((buf[2] as number) << 8) | (buf[3] as number);
  out.timestamp =
    (((buf[4] as number) << 24) |
      ((buf[5] as number) << 16) |
      ((buf[6] as number) << 8) |
      (buf[7] as number)) >>>
    0;
  out.ssrc =
    (((buf[8] as number) << 24) |
      ((buf[9] as number) << 16) |
      ((buf[10] as number) << 8) |
      (buf[11] as number)) >>>
    0;
  out.payloadOffset = offset;
  out.payloadEnd = end;
  return null;
}

export function parseRtpPacket(buf: Uint8Array): RtpParseResult {
  if (buf.length < RTP_HEADER_SIZE) return { ok: false, error: 'too-short' };
  const b0 = buf[0] as number;
  const b1 = buf[1] as number;
  if (b0 >> 6 !== RTP_VERSION) return { ok: false, error: 'bad-version' };
  // RTCP multiplexed on the RTP port: PT 72–76 with the marker bit set would be RTCP 200–204
  // (RFC 5761 §4, https://www.rfc-editor.org/rfc/rfc5761#section-4).
  if (b1 >= 200 && b1 <= 204) return { ok: false, error: 'rtcp' };
  const padding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let offset = RTP_HEADER_SIZE;
  if (buf.length < offset + csrcCount * 4) return { ok: false, error: 'truncated-csrc' };
  let csrcs: number[] | undefined;
  if (csrcCount > 0) {
    csrcs = [];
    for (let i = 0; i < csrcCount; i++) csrcs.push(view.getUint32(offset + i * 4));
    offset += csrcCount * 4;
  }
  let extension: RtpHeader['extension'];
  if (hasExtension) {
    if (buf.length < offset + 4) return { ok: false, error: 'truncated-extension' };
    const profile = view.getUint16(offset);
    const words = view.getUint16(offset + 2);
    const end = offset + 4 + words * 4;
    if (buf.length < end) return { ok: false, error: 'truncated-extension' };
    extension = { profile, data: buf.subarray(offset + 4, end) };
    offset = end;
  }
  let end = buf.length;
  if (padding) {
    // §5.1: the last octet of the padding counts how many padding octets to ignore, itself included.
    const padLength = buf[buf.length - 1] as number;
    if (padLength === 0 || offset + padLength > buf.length) return { ok: false, error: 'bad-padding' };
    end -= padLength;
  }
  const packet: RtpPacket = {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    padding,
    payload: buf.subarray(offset, end),
  };
  if (csrcs) packet.csrcs = csrcs;
  if (extension) packet.extension = extension;
  return { ok: true, packet };
}

/** Size of the header `writeRtpHeader` produces for this header. */
export function rtpHeaderSize(header: RtpHeader): number {
  const csrcBytes = (header.csrcs?.length ?? 0) * 4;
  const extBytes = header.extension ? 4 + Math.ceil(header.extension.data.length / 4) * 4 : 0;
  return RTP_HEADER_SIZE + csrcBytes + extBytes;
}

/**
 * Writes the header into `buf` at `offset` (no padding) and returns its length. Used with
 * preallocated send buffers so the per-packet path allocates nothing.
 */
export function writeRtpHeader(buf: Uint8Array, offset: number, header: RtpHeader): number {
  const csrcs = header.csrcs ?? [];
  if (csrcs.length > 15) throw new RangeError('RTP allows at most 15 CSRCs');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  buf[offset] = (RTP_VERSION << 6) | (header.extension ? 0x10 : 0) | csrcs.length;
  buf[offset + 1] = (header.marker ? 0x80 : 0) | (header.payloadType & 0x7f);
  view.setUint16(offset + 2, header.sequenceNumber & 0xffff);
  view.setUint32(offset + 4, header.timestamp >>> 0);
  view.setUint32(offset + 8, header.ssrc >>> 0);
  let pos = offset + RTP_HEADER_SIZE;
  for (const csrc of csrcs) {
    view.setUint32(pos, csrc >>> 0);
    pos += 4;
  }
  if (header.extension) {
    const words = Math.ceil(header.extension.data.length / 4);
    view.setUint16(pos, header.extension.profile & 0xffff);
    view.setUint16(pos + 2, words);
    buf.fill(0, pos + 4, pos + 4 + words * 4);
    buf.set(header.extension.data, pos + 4);
    pos += 4 + words * 4;
  }
  return pos - offset;
}

/** Allocating convenience form of `writeRtpHeader` + payload, for tests and cold paths. */
export function serializeRtpPacket(header: RtpHeader, payload: Uint8Array): Buffer {
  const out = Buffer.alloc(rtpHeaderSize(header) + payload.length);
  const headerLength = writeRtpHeader(out, 0, header);
  out.set(payload, headerLength);
  return out;
}

/** Signed distance a − b in 16-bit sequence space (RFC 3550 Appendix A.1 wrap handling). */
export function sequenceDelta(a: number, b: number): number {
  return (((a - b) & 0xffff) << 16) >> 16;
}
