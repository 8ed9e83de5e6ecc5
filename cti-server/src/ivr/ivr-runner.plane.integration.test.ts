// The runner on the real EmbeddedMediaPlane: an RTP leg to a UDP peer on 127.0.0.1, prompts
// synthesised by espeak-ng, DTMF sent by the peer as RFC 4733 telephone-events. The media clock
// is a ManualTicker and the flow's timers a SimulatedClock, so nothing waits on wall time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compileFlow, salesHotline, type IvrResult } from '@kefu/ivr-flows';
import { SimulatedClock } from '../clock/index.js';
import { PromptLibrary } from '../prompts/prompt-library.js';
import { EmbeddedMediaPlane } from '../rtp/embedded-media-plane.js';
import { decodeG711 } from '../rtp/g711.js';
import { ManualTicker } from '../rtp/media-ticker.js';
import { telephoneEventPackets, writeTelephoneEvent } from '../rtp/telephone-event.js';
import { rms, UdpPeer, until } from '../rtp/testing/udp-peer.js';
import { IvrRunner } from './ivr-runner.js';

describe('IvrRunner on the EmbeddedMediaPlane', () => {
  let dataDir: string;
  let prompts: PromptLibrary;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kefu-ivr-'));
    prompts = new PromptLibrary({ dataDir, languages: ['zh-CN'] });
    expect((await prompts.build()).engine).toBe('speech');
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('plays the sales welcome as RTP to the caller and routes on an RFC 4733 key', async () => {
    const ticker = new ManualTicker();
    const base = 20000 + Math.floor(Math.random() * 400) * 100;
    const plane = new EmbeddedMediaPlane({
      bindAddress: '127.0.0.1',
      portRange: { min: base, max: base + 100 },
      ticker,
    });
    const peer = await UdpPeer.open();
    const clock = new SimulatedClock(Date.parse('2026-11-24T10:00:00+08:00'));
    try {
      const sessionId = await plane.createSession();
      const leg = await plane.addLeg(
        sessionId,
        {
          remoteAddress: '127.0.0.1',
          remotePort: peer.port,
          payloadTypes: [
            { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
            { payloadType: 101, encoding: 'telephone-event', clockRate: 8000 },
          ],
        },
        { legId: 'caller', role: 'caller' },
      );
      const runner = new IvrRunner({
        plane,
        sessionId,
        legId: 'caller',
        machine: compileFlow(salesHotline, { now: () => clock.now() }),
        input: { ani: '13800138000', dnis: '4008001000', callId: 'c1' },
        prompts,
        clock,
      });
      // What call control does with the plane's single delegate: route this leg's events.
      const ends: string[] = [];
      plane.setDelegate({
        onDtmf: (e) => e.legId === 'caller' && runner.dtmf(e.digit),
        onPlayDone: (e) => {
          ends.push(`${e.playId}:${e.reason}:${runner.playDone(e.playId) ? 'current' : 'stale'}`);
        },
      });
      const play = vi.spyOn(plane, 'play');
      let outcome: IvrResult | undefined;
      const done = runner.start().then((r) => (outcome = r));

      await until(() => play.mock.results.length === 1, 2000, 'welcome play');
      const welcomeId = await (play.mock.results[0]?.value as Promise<string>);
      expect(play.mock.calls[0]?.[2]).toEqual({
        kind: 'file',
        path: prompts.pathOf('welcome_sales', 'zh-CN'),
      });
      let frames = 0;
      while (ends.length === 0 && frames < 1000) {
        ticker.tick(10);
        frames += 10;
      }
      expect(ends).toEqual([`${welcomeId}:finished:current`]);
      await until(() => peer.received.length >= frames - 10, 2000, 'prompt RTP at the peer');
      const heard = new Int16Array(peer.received.length * 160);
      peer.received.forEach((p, i) => decodeG711('PCMU', p.payload, heard, i * 160));
      expect(peer.received.every((p) => p.payloadType === 0 && p.payload.length === 160)).toBe(true);
      expect(frames / 50).toBeGreaterThan(1.5); // seconds of speech, not a click
      expect(rms(heard)).toBeGreaterThan(1000);

      await until(() => play.mock.results.length === 2, 2000, 'menu play');
      const menuId = await (play.mock.results[1]?.value as Promise<string>);
      expect(runner.step).toBe('main_menu');
      ticker.tick(20);
      for (const p of telephoneEventPackets('2')) {
        const payload = new Uint8Array(4);
        writeTelephoneEvent(payload, 0, p);
        peer.send(leg.localPort, { payloadType: 101, marker: p.marker, timestamp: 9000 }, payload);
      }
      await until(() => outcome !== undefined, 2000, 'IVR outcome');
      await done;
      expect(outcome?.outcome).toEqual({
        kind: 'queue',
        queue: 'service',
        skills: ['service'],
        priority: 0,
        language: 'zh-CN',
      });
      expect(outcome?.path.find((e) => e.step === 'main_menu')).toMatchObject({
        keys: '2',
        result: 'choice:2',
      });
      // Barge-in stopped the menu prompt; its end report reached the runner as stale.
      expect(ends).toEqual([`${welcomeId}:finished:current`, `${menuId}:stopped:stale`]);
    } finally {
      await plane.close();
      await peer.close();
    }
  });
});
