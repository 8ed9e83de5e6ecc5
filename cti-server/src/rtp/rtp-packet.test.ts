import { describe, expect, it } from 'vitest';
import { parseRtpPacket, sequenceDelta, serializeRtpPacket } from './rtp-packet.js';

describe('RTP packet', () => {
  it('round-trips a plain header and payload', () => {
    const buf = serializeRtpPacket(
      { marker: true, payloadType: 8, sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef },
      Uint8Array.from([1, 2, 3]),
    );
    expect(buf.length).toBe(15);
    expect(buf[0]).toBe(0x80);
    expect(buf[1]).toBe(0x88);
    const r = parseRtpPacket(buf);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.packet).toMatchObject({
      marker: true,
      payloadType: 8,
      sequenceNumber: 65535,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      padding: false,
    });
    expect([...r.packet.payload]).toEqual([1, 2, 3]);
  });

  it('handles CSRCs and a header extension', () => {
    const buf = serializeRtpPacket(
      {
        marker: false,
        payloadType: 0,
        sequenceNumber: 1,
        timestamp: 2,
        ssrc: 3,
        csrcs: [10, 11],
        extension: { profile: 0xbede, data: Uint8Array.from([9, 9, 9, 9]) },
      },
      Uint8Array.from([7]),
    );
    const r = parseRtpPacket(buf);
    if (!r.ok) throw new Error(r.error);
    expect(r.packet.csrcs).toEqual([10, 11]);
    expect(r.packet.extension?.profile).toBe(0xbede);
    expect([...(r.packet.extension?.data ?? [])]).toEqual([9, 9, 9, 9]);
    expect([...r.packet.payload]).toEqual([7]);
  });

  it('strips padding', () => {
    const buf = serializeRtpPacket(
      { marker: false, payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3 },
      Uint8Array.from([5, 6, 0, 0, 3]),
    );
    buf[0] = (buf[0] as number) | 0x20;
    const r = parseRtpPacket(buf);
    if (!r.ok) throw new Error(r.error);
    expect(r.packet.padding).toBe(true);
    expect([...r.packet.payload]).toEqual([5, 6]);
  });

  it('rejects garbage with typed errors and never throws', () => {
    expect(parseRtpPacket(Buffer.from([0x80, 0]))).toEqual({ ok: false, error: 'too-short' });
    expect(parseRtpPacket(Buffer.alloc(12))).toEqual({ ok: false, error: 'bad-version' });
    const rtcp = Buffer.alloc(12);
    rtcp[0] = 0x80;
    rtcp[1] = 200;
    expect(parseRtpPacket(rtcp)).toEqual({ ok: false, error: 'rtcp' });
    const csrc = Buffer.alloc(12);
    csrc[0] = 0x8f;
    expect(parseRtpPacket(csrc)).toEqual({ ok: false, error: 'truncated-csrc' });
    const ext = Buffer.alloc(16);
    ext[0] = 0x90;
    ext[15] = 5;
    expect(parseRtpPacket(ext)).toEqual({ ok: false, error: 'truncated-extension' });
    const pad = Buffer.alloc(13);
    pad[0] = 0xa0;
    pad[12] = 9;
    expect(parseRtpPacket(pad)).toEqual({ ok: false, error: 'bad-padding' });
    for (let i = 0; i < 2000; i++) {
      const junk = Buffer.alloc(i % 40);
      for (let j = 0; j < junk.length; j++) junk[j] = (i * 31 + j * 17) & 0xff;
      expect(() => parseRtpPacket(junk)).not.toThrow();
    }
  });

  it('computes wrapped sequence deltas', () => {
    expect(sequenceDelta(0, 65535)).toBe(1);
    expect(sequenceDelta(65535, 0)).toBe(-1);
    expect(sequenceDelta(100, 90)).toBe(10);
  });
});
