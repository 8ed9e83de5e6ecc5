// RtpengineMediaPlane against a real rtpengine daemon on loopback (userspace forwarding), with
// plain UDP RTP peers standing in for the carrier and the agent's phone.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeG711, encodeG711 } from '@kefu/cti-server/rtp/g711';
import {
  MediaPlaneError,
  type MediaPlaneDelegate,
  type RemoteMediaDescription,
} from '@kefu/cti-server/rtp/media-plane';
import type { RtpPacket } from '@kefu/cti-server/rtp/rtp-packet';
import { telephoneEventPackets, writeTelephoneEvent } from '@kefu/cti-server/rtp/telephone-event';
import { rms, sineWave, tonePower, UdpPeer, until } from '@kefu/cti-server/rtp/testing/udp-peer';
import { channelOf, readWav } from '@kefu/cti-server/rtp/wav';
import { NgClient } from '@kefu/cti-server/media-rtpengine/ng-client';
import { RtpengineMediaPlane } from '@kefu/cti-server/media-rtpengine/rtpengine-media-plane';
import { startTestRtpengine, type TestRtpengine } from './rtpengine-daemon.js';

const offerFrom = (port: number, withRaw = false): RemoteMediaDescription => {
  const remote: RemoteMediaDescription = {
    remoteAddress: '127.0.0.1',
    remotePort: port,
    payloadTypes: [
      { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
      { payloadType: 8, encoding: 'PCMA', clockRate: 8000 },
      { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
    ],
  };
  if (withRaw)
    remote.rawSdp = [
      'v=0',
      'o=carrier 1 1 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${port} RTP/AVP 0 8 101`,
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=sendrecv',
      '',
    ].join('\r\n');
  return remote;
};

const pcmuOf = (pcm: Int16Array) => {
  const out = new Uint8Array(pcm.length);
  encodeG711('PCMU', pcm, out);
  return out;
};

function decoded(packets: RtpPacket[]): Int16Array {
  const audio = packets.filter((p) => p.payloadType === 0);
  const out = new Int16Array(audio.reduce((n, p) => n + p.payload.length, 0));
  let at = 0;
  for (const p of audio) {
    decodeG711('PCMU', p.payload, out, at);
    at += p.payload.length;
  }
  return out;
}

/** `frames` × 20 ms of a sine, paced in real time (rtpengine relays as packets arrive). */
async function talk(peer: UdpPeer, toPort: number, hz: number, frames: number): Promise<void> {
  const pcm = sineWave(hz, frames * 160);
  for (let i = 0; i < frames; i++) {
    peer.send(toPort, { payloadType: 0 }, pcmuOf(pcm.subarray(i * 160, (i + 1) * 160)));
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('RtpengineMediaPlane (rtpengine 10.5, userspace)', () => {
  let daemon: TestRtpengine;
  let plane: RtpengineMediaPlane;
  let carrier: UdpPeer;
  let agent: UdpPeer;
  let events: Parameters<NonNullable<MediaPlaneDelegate['onDtmf']>>[0][];
  let played: Parameters<NonNullable<MediaPlaneDelegate['onPlayDone']>>[0][];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-rtpengine-'));
    daemon = await startTestRtpengine(join(dir, 'spool'));
    plane = daemon.plane;
  });
  afterAll(async () => {
    await daemon?.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    carrier = await UdpPeer.open();
    agent = await UdpPeer.open();
    events = [];
    played = [];
    plane.setDelegate({ onDtmf: (e) => events.push(e), onPlayDone: (e) => played.push(e) });
  });
  afterEach(async () => {
    await carrier.close();
    await agent.close();
  });

  /** Carrier offers (answered at once), we offer to the agent, the agent answers PCMU. */
  async function connectCall(bridge = true) {
    const sessionId = await plane.createSession();
    const callerSide = await plane.addLeg(sessionId, offerFrom(carrier.port, true), {
      legId: 'caller',
      role: 'caller',
    });
    const agentSide = await plane.offerLeg(sessionId, {
      legId: 'agent',
      role: 'agent',
      transport: 'RTP/AVP',
    });
    await plane.updateLeg(sessionId, 'agent', {
      remoteAddress: '127.0.0.1',
      remotePort: agent.port,
      payloadTypes: [
        { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
        { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
      ],
    });
    if (bridge) await plane.bridge(sessionId, 'caller', 'agent');
    return {
      sessionId,
      callerPort: callerSide.localPort,
      agentPort: agentSide.localPort,
      callerSide,
      agentSide,
    };
  }

  it('answers the carrier at once, offers to the agent, and relays G.711 both ways only once bridged', async () => {
    const call = await connectCall(false);
    expect(call.callerSide.rawSdp).toMatch(/m=audio \d+ RTP\/AVP 0 101/);
    expect(call.callerSide).toMatchObject({ codec: { encoding: 'PCMU' }, direction: 'sendrecv' });
    expect(call.agentSide.offeredCodecs?.[0]?.encoding).toBe('PCMU');
    expect(call.agentSide.telephoneEvent?.payloadType).toBe(101);

    await talk(carrier, call.callerPort, 440, 10);
    expect(agent.received.filter((p) => p.payloadType === 0)).toHaveLength(0); // not bridged yet

    await plane.bridge(call.sessionId, 'caller', 'agent');
    await Promise.all([talk(carrier, call.callerPort, 440, 25), talk(agent, call.agentPort, 1000, 25)]);
    await until(() => agent.received.length >= 20 && carrier.received.length >= 20, 2000, 'relayed audio');
    const atAgent = decoded(agent.received);
    const atCarrier = decoded(carrier.received);
    expect(tonePower(atAgent, 440)).toBeGreaterThan(100 * tonePower(atAgent, 1000));
    expect(tonePower(atCarrier, 1000)).toBeGreaterThan(100 * tonePower(atCarrier, 440));
    await plane.destroySession(call.sessionId);
  });

  it('plays a prompt to the caller as valid PCMU RTP and reports it finished', async () => {
    const sessionId = await plane.createSession();
    const local = await plane.addLeg(sessionId, offerFrom(carrier.port), { legId: 'caller', role: 'caller' });
    await talk(carrier, local.localPort, 300, 3);
    const playId = await plane.play(sessionId, 'caller', {
      kind: 'samples',
      samples: sineWave(1000, 4000),
      sampleRate: 8000,
    });
    await until(() => played.some((p) => p.playId === playId), 3000, 'prompt finished');
    await until(() => carrier.received.length >= 20, 1000, 'prompt packets');
    const ssrcs = new Set(carrier.received.map((p) => p.ssrc));
    expect(ssrcs.size).toBe(1);
    expect(carrier.received.every((p) => p.payloadType === 0 && p.payload.length === 160)).toBe(true);
    const audio = decoded(carrier.received);
    expect(tonePower(audio, 1000)).toBeGreaterThan(100 * tonePower(audio, 440));
    expect(played).toContainEqual({ sessionId, legId: 'caller', playId, reason: 'finished' });
    await plane.destroySession(sessionId);
  });

  it('loops music on hold until stopped, and answers a re-INVITE to hold with the mirrored direction', async () => {
    const call = await connectCall();
    await plane.unbridge(call.sessionId, 'caller');
    const hold = await plane.updateLeg(call.sessionId, 'caller', {
      ...offerFrom(carrier.port),
      direction: 'sendonly',
    });
    expect(hold.direction).toBe('recvonly');
    expect(hold.localPort).toBe(call.callerPort);
    const resumed = await plane.updateLeg(call.sessionId, 'caller', offerFrom(carrier.port));
    expect(resumed.direction).toBe('sendrecv');

    await talk(carrier, call.callerPort, 300, 2);
    const playId = await plane.play(
      call.sessionId,
      'caller',
      { kind: 'samples', samples: sineWave(1000, 800), sampleRate: 8000 },
      { loop: true },
    );
    await until(() => carrier.received.length >= 25, 2000, 'looping prompt'); // 0.5 s > the 0.1 s prompt
    expect(played).toEqual([]);
    await plane.stopPlay(call.sessionId, 'caller');
    expect(played).toEqual([{ sessionId: call.sessionId, legId: 'caller', playId, reason: 'stopped' }]);
    await new Promise((r) => setTimeout(r, 100));
    const afterStop = carrier.received.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(carrier.received.length - afterStop).toBeLessThan(3);
    await plane.destroySession(call.sessionId);
  });

  it('outbound: offers to the agent first, then to the customer, and relays between them', async () => {
    const sessionId = await plane.createSession();
    const pcmu = (port: number): RemoteMediaDescription => ({
      remoteAddress: '127.0.0.1',
      remotePort: port,
      payloadTypes: [{ payloadType: 0, encoding: 'PCMU', clockRate: 8000 }],
    });
    const toAgent = await plane.offerLeg(sessionId, {
      legId: 'agent',
      transport: 'RTP/AVP',
      preferredCodec: 'PCMA',
    });
    expect(toAgent.offeredCodecs?.map((c) => c.encoding)).toEqual(['PCMA', 'PCMU']);
    await plane.updateLeg(sessionId, 'agent', pcmu(agent.port));
    const toCustomer = await plane.offerLeg(sessionId, { legId: 'customer', transport: 'RTP/AVP' });
    expect(toCustomer.offeredCodecs?.map((c) => c.encoding)).toEqual(['PCMU']); // the agent's choice
    await plane.updateLeg(sessionId, 'customer', pcmu(carrier.port));
    await plane.bridge(sessionId, 'agent', 'customer');
    await Promise.all([
      talk(carrier, toCustomer.localPort, 440, 20),
      talk(agent, toAgent.localPort, 1000, 20),
    ]);
    await until(() => agent.received.length >= 15 && carrier.received.length >= 15, 2000, 'relayed audio');
    expect(tonePower(decoded(agent.received), 440)).toBeGreaterThan(1000);
    expect(tonePower(decoded(carrier.received), 1000)).toBeGreaterThan(1000);
    await plane.destroySession(sessionId);
  });

  it('reports an RFC 4733 digit sent by the caller as onDtmf on the caller leg', async () => {
    const call = await connectCall();
    await talk(carrier, call.callerPort, 440, 3);
    let seq = 2000;
    for (const ev of telephoneEventPackets('5', { durationMs: 100 })) {
      const payload = new Uint8Array(4);
      writeTelephoneEvent(payload, 0, ev);
      carrier.send(
        call.callerPort,
        { payloadType: 101, marker: ev.marker, timestamp: 90_000, sequenceNumber: seq++ },
        payload,
      );
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(() => events.length > 0, 2000, 'DTMF log event');
    expect(events).toEqual([{ sessionId: call.sessionId, legId: 'caller', digit: '5', source: 'rfc4733' }]);
    await plane.destroySession(call.sessionId);
  });

  it('records the call as stereo WAV: caller left, agent right', async () => {
    const call = await connectCall();
    const path = join(dir, 'call.wav');
    const mixedPath = join(dir, 'mixed.wav');
    await plane.startRecording(call.sessionId, {
      path,
      mixedPath,
      callerLegId: 'caller',
      agentLegId: 'agent',
    });
    await Promise.all([talk(carrier, call.callerPort, 440, 40), talk(agent, call.agentPort, 1000, 40)]);
    const result = await plane.stopRecording(call.sessionId);
    expect(result.durationMs).toBeGreaterThan(700);
    const wav = readWav(await readFile(path));
    expect(wav).toMatchObject({ sampleRate: 8000, channels: 2 });
    const left = channelOf(wav, 0);
    const right = channelOf(wav, 1);
    expect(rms(left)).toBeGreaterThan(2000);
    expect(tonePower(left, 440)).toBeGreaterThan(100 * tonePower(left, 1000));
    expect(tonePower(right, 1000)).toBeGreaterThan(100 * tonePower(right, 440));
    expect(readWav(await readFile(mixedPath)).channels).toBe(1);
    await plane.destroySession(call.sessionId);
  });

  it('transfers: the agent leaves, a new agent joins on the agreed codec, the carrier hears only the new agent', async () => {
    const call = await connectCall();
    await plane.removeLeg(call.sessionId, 'agent');
    const next = await UdpPeer.open();
    try {
      const offer = await plane.offerLeg(call.sessionId, { legId: 'agent2', transport: 'RTP/AVP' });
      // The caller's codec is already agreed: the new agent is offered exactly that.
      expect(offer.offeredCodecs?.map((c) => c.encoding)).toEqual(['PCMU']);
      await plane.updateLeg(call.sessionId, 'agent2', {
        remoteAddress: '127.0.0.1',
        remotePort: next.port,
        payloadTypes: [{ payloadType: 0, encoding: 'PCMU', clockRate: 8000 }],
      });
      await plane.bridge(call.sessionId, 'caller', 'agent2');
      carrier.received.length = 0;
      await Promise.all([talk(carrier, call.callerPort, 440, 20), talk(next, offer.localPort, 1000, 20)]);
      await until(
        () => carrier.received.length >= 15 && next.received.length >= 15,
        2000,
        'audio after transfer',
      );
      expect(tonePower(decoded(carrier.received), 1000)).toBeGreaterThan(1000);
      expect(agent.received.filter((p) => p.payloadType === 0)).toHaveLength(0); // the old agent is parked
    } finally {
      await next.close();
      await plane.destroySession(call.sessionId);
    }
  });

  it('sends RFC 4733 digits to the caller (playDtmf) without reporting them as caller input', async () => {
    const call = await connectCall();
    // rtpengine injects into the agent's outgoing stream: it needs media from the agent first.
    const agentTalks = talk(agent, call.agentPort, 1000, 40);
    await plane.playDtmf(call.sessionId, 'caller', '1#');
    await agentTalks;
    await until(() => carrier.received.filter((p) => p.payloadType === 101).length >= 6, 3000, 'events');
    const codes = new Set(carrier.received.filter((p) => p.payloadType === 101).map((p) => p.payload[0]));
    expect([...codes].sort()).toEqual([1, 11]);
    expect(events).toEqual([]);
    await plane.destroySession(call.sessionId);
  });

  it('writes silence while the recording is paused', async () => {
    const call = await connectCall();
    const path = join(dir, 'paused.wav');
    await plane.startRecording(call.sessionId, { path, callerLegId: 'caller', agentLegId: 'agent' });
    await talk(carrier, call.callerPort, 440, 15);
    await plane.pauseRecording(call.sessionId);
    await talk(carrier, call.callerPort, 440, 15);
    await plane.resumeRecording(call.sessionId);
    await talk(carrier, call.callerPort, 440, 15);
    const result = await plane.stopRecording(call.sessionId);
    expect(result.pausedMs).toBeGreaterThan(250);
    const left = channelOf(readWav(await readFile(path)), 0);
    const third = Math.floor(left.length / 3);
    expect(rms(left.subarray(0, third))).toBeGreaterThan(2000);
    expect(rms(left.subarray(third + 800, 2 * third - 800))).toBe(0);
    expect(rms(left.subarray(2 * third + 400))).toBeGreaterThan(2000);
    await plane.destroySession(call.sessionId);
  });

  it('reports a media timeout when the caller stops sending, and deletes the rtpengine call on destroy', async () => {
    const timeouts: string[] = [];
    const watcher = await RtpengineMediaPlane.open({
      ...daemon.planeOptions,
      pollIntervalMs: 200,
    });
    watcher.setDelegate({ onMediaTimeout: (e) => timeouts.push(e.legId) });
    try {
      const sessionId = await watcher.createSession();
      const local = await watcher.addLeg(sessionId, offerFrom(carrier.port), {
        legId: 'caller',
        mediaTimeoutMs: 1500,
      });
      await talk(carrier, local.localPort, 440, 5);
      const silentSince = Date.now();
      await until(() => timeouts.length > 0, 4000, 'media timeout');
      expect(Date.now() - silentSince).toBeGreaterThanOrEqual(1500);
      expect(timeouts).toEqual(['caller']);
      await watcher.destroySession(sessionId);
      const ng = new NgClient(daemon.planeOptions.ng);
      await expect(ng.send('query', { 'call-id': sessionId })).rejects.toThrow(/unknown call/i);
      ng.close();
    } finally {
      await watcher.close();
    }
  });

  it('refuses what it cannot do with typed errors', async () => {
    const sessionId = await plane.createSession();
    await expect(
      plane.addLeg(sessionId, {
        ...offerFrom(carrier.port),
        payloadTypes: [{ payloadType: 18, encoding: 'G729' }],
      }),
    ).rejects.toMatchObject({ code: 'no-common-codec' });
    await plane.addLeg(sessionId, offerFrom(carrier.port), { legId: 'caller' });
    await plane.offerLeg(sessionId, { legId: 'agent', transport: 'RTP/AVP' });
    await expect(plane.offerLeg(sessionId, { legId: 'third', transport: 'RTP/AVP' })).rejects.toBeInstanceOf(
      MediaPlaneError,
    );
    await expect(
      plane.monitor(sessionId, {
        supervisorLegId: 'x',
        callerLegId: 'caller',
        agentLegId: 'agent',
        mode: 'listen',
      }),
    ).rejects.toMatchObject({ code: 'bad-state' });
    await expect(plane.play('nope', 'caller', { kind: 'file', path: '/x.wav' })).rejects.toMatchObject({
      code: 'no-session',
    });
    await plane.destroySession(sessionId);
    expect(plane.sessionCount).toBe(0);
  });
});
