// Which address a leg listens on, advertises and answers from: the multi-homed and NAT cases of
// the "real networks" issue, on loopback (127.0.0.1 and 127.0.0.2 are two addresses of lo on
// Linux; ::1 is its IPv6 one). Separate hosts are in test/net/.
import { networkInterfaces } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedMediaPlane } from './embedded-media-plane.js';
import type { MediaPlaneDelegate, RemoteMediaDescription } from './media-plane.js';
import { ManualTicker } from './media-ticker.js';
import type { RtpLeg } from './rtp-leg.js';
import { telephoneEventPackets, writeTelephoneEvent } from './telephone-event.js';
import { UdpPeer, until } from './testing/udp-peer.js';

const SILENCE = new Uint8Array(160).fill(0xff);
const offer = (address: string, port: number): RemoteMediaDescription => ({
  remoteAddress: address,
  remotePort: port,
  payloadTypes: [
    { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
    { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
  ],
});

/** Another address of this host than 127.0.0.1: its first non-loopback IPv4, else 127.0.0.2 (lo). */
const OTHER_LOCAL_V4 =
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a?.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.2';

describe('leg addresses', () => {
  let ticker: ManualTicker;
  let peers: UdpPeer[];
  let planes: EmbeddedMediaPlane[];
  let dtmf: string[];

  beforeEach(() => {
    ticker = new ManualTicker();
    peers = [];
    planes = [];
    dtmf = [];
  });
  afterEach(async () => {
    await Promise.all(planes.map((p) => p.close()));
    await Promise.all(peers.map((p) => p.close()));
  });

  function plane(options: { bindAddress: string; advertisedAddress?: string; fallbackAddress?: string }) {
    const base = 30000 + Math.floor(Math.random() * 200) * 100;
    const p = new EmbeddedMediaPlane({ ...options, portRange: { min: base, max: base + 100 }, ticker });
    const delegate: MediaPlaneDelegate = { onDtmf: (e) => dtmf.push(`${e.digit}:${e.source}`) };
    p.setDelegate(delegate);
    planes.push(p);
    return p;
  }

  async function peer(address = '127.0.0.1'): Promise<UdpPeer> {
    const p = await UdpPeer.open(address);
    peers.push(p);
    return p;
  }

  it('a wildcard leg keeps hearing a peer that sends to another of our addresses than its route back', async () => {
    // The bug: a wildcard socket connect()ed to 127.0.0.1 has its local address fixed to
    // 127.0.0.1, and what the peer sends to 127.0.0.2 no longer reaches it.
    const p = plane({ bindAddress: '0.0.0.0', fallbackAddress: '127.0.0.2' });
    const s = await p.createSession();
    const carrier = await peer();
    carrier.target = '127.0.0.2';
    const local = await p.addLeg(s, offer('127.0.0.1', carrier.port), { legId: 'caller' });
    expect(local.localAddress).toBe('127.0.0.2');
    for (let i = 0; i < 50; i++) {
      carrier.send(local.localPort, { payloadType: 0 }, SILENCE);
      ticker.tick();
      await new Promise((r) => setImmediate(r));
    }
    const leg = p.session(s).getLeg('caller');
    await until(() => leg.stats.rxPackets === 50, 2000, '50 packets received');
    await until(() => carrier.received.length >= 45, 2000, 'packets back at the carrier');
  });

  /** One packet from the peer and one tick of ours, `n` times; the peer's targets in turn. */
  async function exchange(p: EmbeddedMediaPlane, to: UdpPeer, port: number, n: number, targets?: string[]) {
    for (let i = 0; i < n; i++) {
      if (targets) to.target = targets[i % targets.length] as string;
      to.send(port, { payloadType: 0 }, SILENCE);
      ticker.tick();
      await new Promise((r) => setImmediate(r));
    }
  }

  it("a leg bound to its party's address latches, connects and exchanges 50 packets each way", async () => {
    const p = plane({ bindAddress: '0.0.0.0', fallbackAddress: OTHER_LOCAL_V4 });
    const s = await p.createSession();
    const carrier = await peer('127.0.0.1');
    const local = await p.addLeg(s, offer('127.0.0.1', carrier.port), {
      legId: 'caller',
      localAddress: '127.0.0.1',
    });
    expect(local.localAddress).toBe('127.0.0.1');
    const leg = p.session(s).getLeg('caller') as RtpLeg;
    expect(leg.boundAddress).toBe('127.0.0.1');
    await exchange(p, carrier, local.localPort, 50);
    await until(() => leg.stats.rxPackets === 50, 2000, '50 packets at the leg');
    await until(() => carrier.received.length === 50, 2000, '50 packets at the carrier');
    // Bound to one address: connect()ing cannot change which local address it listens on.
    expect(leg.isConnected).toBe(true);
    expect(leg.stats.txPackets).toBe(50);
  });

  it(`a wildcard leg without a local address hears 127.0.0.1 and ${OTHER_LOCAL_V4} alike, unconnected`, async () => {
    const p = plane({ bindAddress: '0.0.0.0', fallbackAddress: OTHER_LOCAL_V4 });
    const s = await p.createSession();
    const carrier = await peer('127.0.0.1');
    const local = await p.addLeg(s, offer('127.0.0.1', carrier.port), { legId: 'caller' });
    expect(local.localAddress).toBe(OTHER_LOCAL_V4);
    const leg = p.session(s).getLeg('caller') as RtpLeg;
    // Packets alternate between our two addresses; a connect()ed wildcard socket would lose those
    // to the one its route to 127.0.0.1 does not leave from.
    await exchange(p, carrier, local.localPort, 50, ['127.0.0.1', OTHER_LOCAL_V4]);
    await until(() => leg.stats.rxPackets === 50, 2000, 'all 50 packets at the leg');
    await until(() => carrier.received.length === 50, 2000, '50 packets at the carrier');
    expect(leg.latched).toBe(true);
    expect(leg.boundAddress).toBe('0.0.0.0');
    expect(leg.isConnected).toBe(false);
  });

  it('a leg given the address its party reaches us on binds it, advertises it and answers from it', async () => {
    const p = plane({ bindAddress: '0.0.0.0', fallbackAddress: '127.0.0.1' });
    const s = await p.createSession();
    const phone = await peer();
    phone.target = '127.0.0.2';
    const local = await p.offerLeg(s, { legId: 'agent', transport: 'RTP/AVP', localAddress: '127.0.0.2' });
    expect(local.localAddress).toBe('127.0.0.2');
    await p.updateLeg(s, 'agent', offer('127.0.0.1', phone.port));
    for (let i = 0; i < 20; i++) {
      phone.send(local.localPort, { payloadType: 0 }, SILENCE);
      ticker.tick();
      await new Promise((r) => setImmediate(r));
    }
    await until(() => phone.received.length >= 15, 2000, 'packets at the phone');
    // A public address, when configured, is what SDP carries instead.
    const natted = plane({ bindAddress: '0.0.0.0', advertisedAddress: '203.0.113.5' });
    const s2 = await natted.createSession();
    expect(
      (await natted.offerLeg(s2, { transport: 'RTP/AVP', localAddress: '127.0.0.1' })).localAddress,
    ).toBe('203.0.113.5');
  });

  it('a phone behind NAT: the private address in its SDP gives way to where its RTP comes from, across a re-INVITE', async () => {
    const p = plane({ bindAddress: '127.0.0.1' });
    const s = await p.createSession();
    const phone = await peer();
    // Its SDP names a private address we cannot reach; its packets come from the NAT (here: loopback).
    const local = await p.addLeg(s, offer('10.0.0.11', 6000), { legId: 'agent' });
    phone.send(local.localPort, { payloadType: 0 }, SILENCE);
    await until(() => p.session(s).getLeg('agent').stats.rxPackets === 1, 2000, 'first packet');
    ticker.tick(5);
    await until(() => phone.received.length >= 4, 2000, 'packets to the latched source');
    // Hold and resume repeat the private address: the latch stays.
    await p.updateLeg(s, 'agent', { ...offer('10.0.0.11', 6000), direction: 'sendonly' });
    await p.updateLeg(s, 'agent', offer('10.0.0.11', 6000));
    const before = phone.received.length;
    ticker.tick(5);
    await until(() => phone.received.length >= before + 4, 2000, 'packets still reach the phone');
  });

  it('a phone behind NAT answering our offer with PCMA: its RTP is taken and answered at its real source', async () => {
    const p = plane({ bindAddress: '0.0.0.0', fallbackAddress: '127.0.0.1' });
    const s = await p.createSession();
    const phone = await peer();
    const local = await p.offerLeg(s, { legId: 'agent', transport: 'RTP/AVP', localAddress: '127.0.0.1' });
    // Its first packets can overtake its answer (we ACK before the plane has the answer).
    for (let i = 0; i < 3; i++) phone.send(local.localPort, { payloadType: 8 }, SILENCE);
    await new Promise((r) => setTimeout(r, 20));
    ticker.tick();
    await p.updateLeg(s, 'agent', {
      remoteAddress: '10.0.0.11',
      remotePort: 5062,
      payloadTypes: [
        { payloadType: 8, encoding: 'PCMA', clockRate: 8000 },
        { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
      ],
    });
    for (let i = 0; i < 10; i++) {
      phone.send(local.localPort, { payloadType: 8 }, SILENCE);
      ticker.tick();
      await new Promise((r) => setImmediate(r));
    }
    await until(() => p.session(s).getLeg('agent').stats.rxPackets >= 10, 2000, 'PCMA packets taken');
    await until(() => phone.received.length >= 8, 2000, 'packets to the real source');
  });

  it.each(['127.0.0.1', '0.0.0.0'])(
    'bind %s: a hold longer than the re-latch time, then a resume repeating the private SDP, keeps the learnt source',
    async (bindAddress) => {
      const p = plane({ bindAddress, fallbackAddress: '127.0.0.1' });
      const s = await p.createSession();
      const phone = await peer();
      const local = await p.addLeg(s, offer('10.0.0.11', 6000), { legId: 'agent' });
      const leg = p.session(s).getLeg('agent') as RtpLeg;
      await exchange(p, phone, local.localPort, 3);
      await until(() => leg.stats.rxPackets === 3, 2000, 'latched');
      expect(leg.remoteAddress).toBe('127.0.0.1');
      // RFC 3264 §8.4 hold: inactive, the phone sends nothing for 2 s (a connected socket
      // disconnects after 0.5 s of silence, to let a NAT rebinding be learnt).
      await p.updateLeg(s, 'agent', { ...offer('10.0.0.11', 6000), direction: 'inactive' });
      ticker.tick(100);
      await p.updateLeg(s, 'agent', offer('10.0.0.11', 6000));
      const before = phone.received.length;
      ticker.tick(5); // before the phone sends anything again
      await until(() => phone.received.length === before + 5, 2000, 'packets at the learnt source');
      expect(leg.remoteAddress).toBe('127.0.0.1');
      expect(leg.remotePort).toBe(phone.port);
    },
  );

  it('a really new remote address or port re-targets, and latching then applies again', async () => {
    const p = plane({ bindAddress: '127.0.0.1' });
    const s = await p.createSession();
    const [first, second, third] = [await peer(), await peer(), await peer()] as const;
    const local = await p.addLeg(s, offer('127.0.0.1', first.port), { legId: 'caller' });
    const leg = p.session(s).getLeg('caller') as RtpLeg;
    await exchange(p, first, local.localPort, 3);
    await until(() => first.received.length === 3, 2000, 'first peer latched');
    await p.updateLeg(s, 'caller', offer('127.0.0.1', second.port));
    expect(leg.latched).toBe(false);
    ticker.tick(3);
    await until(() => second.received.length === 3, 2000, 'the new port gets our packets');
    // Its media comes from somewhere else (a NAT, a media relay): that is where we send now.
    third.send(local.localPort, { payloadType: 0 }, SILENCE);
    await until(() => leg.latched && leg.remotePort === third.port, 2000, 'latched onto the real source');
    ticker.tick(3);
    await until(() => third.received.length === 3, 2000, 'packets at the real source');
    expect(second.received.length).toBe(3);
    expect(first.received.length).toBe(3);
  });

  it('an answer naming the other address family waits for the RTP of a dual-stack party', async () => {
    const p = plane({ bindAddress: '0.0.0.0', fallbackAddress: '127.0.0.1' });
    const s = await p.createSession();
    const phone = await peer('127.0.0.1');
    const local = await p.offerLeg(s, { legId: 'agent', transport: 'RTP/AVP', localAddress: '127.0.0.1' });
    await p.updateLeg(s, 'agent', offer('::1', phone.port));
    const leg = p.session(s).getLeg('agent') as RtpLeg;
    ticker.tick(5);
    expect(leg.stats.txPackets).toBe(0); // a udp4 socket cannot reach ::1
    phone.send(local.localPort, { payloadType: 0 }, SILENCE);
    await until(() => leg.latched, 2000, 'latched onto its IPv4 source');
    ticker.tick(5);
    await until(() => phone.received.length === 5, 2000, 'packets to its IPv4 source');
    expect(leg.remoteAddress).toBe('127.0.0.1');
  });

  it.each(['127.0.0.1', '0.0.0.0'])(
    'bind %s: takes RFC 4733 events on their own SSRC from the same source',
    async (bindAddress) => {
      const p = plane({ bindAddress, fallbackAddress: '127.0.0.1' });
      const s = await p.createSession();
      const gateway = await peer();
      const local = await p.addLeg(s, offer('127.0.0.1', gateway.port), { legId: 'caller' });
      for (let i = 0; i < 3; i++) gateway.send(local.localPort, { payloadType: 0, ssrc: 0x1111 }, SILENCE);
      for (const ev of telephoneEventPackets('5')) {
        const payload = new Uint8Array(4);
        writeTelephoneEvent(payload, 0, ev);
        gateway.send(
          local.localPort,
          { payloadType: 101, ssrc: 0x2222, marker: ev.marker, timestamp: 9000 },
          payload,
        );
      }
      await until(() => dtmf.includes('5:rfc4733'), 2000, 'digit 5');
    },
  );

  it('an IPv6 leg exchanges RTP over ::1', async () => {
    const p = plane({ bindAddress: '::', fallbackAddress: '::1' });
    const s = await p.createSession();
    const carrier = await peer('::1');
    const local = await p.addLeg(s, offer('::1', carrier.port), { legId: 'caller', localAddress: '::1' });
    expect(local.localAddress).toBe('::1');
    for (let i = 0; i < 10; i++) {
      carrier.send(local.localPort, { payloadType: 0 }, SILENCE);
      ticker.tick();
      await new Promise((r) => setImmediate(r));
    }
    await until(() => p.session(s).getLeg('caller').stats.rxPackets === 10, 2000, 'packets over IPv6');
    await until(() => carrier.received.length >= 8, 2000, 'packets back over IPv6');
  });
});
