import { describe, expect, it } from 'vitest';
import {
  TelephoneEventReceiver,
  parseTelephoneEvent,
  telephoneEventPackets,
  writeTelephoneEvent,
  type DtmfDigit,
} from './telephone-event.js';

describe('RFC 4733 telephone-event', () => {
  it('parses and writes the 4-octet payload', () => {
    const buf = new Uint8Array(4);
    writeTelephoneEvent(buf, 0, { event: 11, end: true, volume: 10, duration: 800 });
    expect([...buf]).toEqual([11, 0x8a, 0x03, 0x20]);
    expect(parseTelephoneEvent(buf)).toEqual({ event: 11, end: true, volume: 10, duration: 800 });
    expect(parseTelephoneEvent(new Uint8Array(3))).toBeNull();
  });

  it('generates start with marker, updates, and three identical end packets', () => {
    const packets = telephoneEventPackets('5', { durationMs: 100 });
    expect(packets.map((p) => [p.marker, p.end, p.duration])).toEqual([
      [true, false, 160],
      [false, false, 320],
      [false, false, 480],
      [false, false, 640],
      [false, true, 800],
      [false, true, 800],
      [false, true, 800],
    ]);
    expect(packets.every((p) => p.event === 5)).toBe(true);
  });

  it('receiver reports each digit once despite redundant end packets', () => {
    const digits: Array<[DtmfDigit, number]> = [];
    const rx = new TelephoneEventReceiver({ onDigit: (d, dur) => digits.push([d, dur]) });
    for (const p of telephoneEventPackets('#')) rx.receive(1000, p);
    for (const p of telephoneEventPackets('#')) rx.receive(5000, p); // same digit pressed again
    for (const p of telephoneEventPackets('1')) rx.receive(9000, p);
    expect(digits).toEqual([
      ['#', 800],
      ['#', 800],
      ['1', 800],
    ]);
  });

  it('still reports a digit whose end packets were all lost, when the next event starts', () => {
    const digits: DtmfDigit[] = [];
    const rx = new TelephoneEventReceiver({ onDigit: (d) => digits.push(d) });
    for (const p of telephoneEventPackets('7').filter((p) => !p.end)) rx.receive(100, p);
    expect(digits).toEqual([]);
    for (const p of telephoneEventPackets('8')) rx.receive(2000, p);
    expect(digits).toEqual(['7', '8']);
  });

  it('ignores non-DTMF events', () => {
    const digits: DtmfDigit[] = [];
    const rx = new TelephoneEventReceiver({ onDigit: (d) => digits.push(d) });
    rx.receive(1, { event: 66, end: true, volume: 0, duration: 160 });
    expect(digits).toEqual([]);
  });
});
