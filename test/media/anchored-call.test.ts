import { rms } from '../support/audio.js';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedMediaPlane } from '@kefu/cti-server/rtp/embedded-media-plane';
import { channelOf, readWav } from '@kefu/cti-server/rtp/wav';
import { eventually, startCtiStack, type CtiStack } from '../support/cti-stack.js';
import { freeUdpPort } from '../support/free-port.js';
import { runSipp, scenario } from '../support/sipp.js';
import { expectPhoneDone, startAgentPhone } from '../sip/agent-phone.js';

const ENGINES = ['embedded', 'rtpengine'] as const;

/** rtpengine (Debian's daemon, spawned by the server) on ports of its own. */
async function engineEnv(engine: (typeof ENGINES)[number]): Promise<Record<string, string>> {
  // On the main thread, so the test can read the plane's own counters (sessions, ports); every
  // other suite runs it in its default worker thread.
  if (engine === 'embedded') return { MEDIA_THREAD: 'main' };
  const ng = await freeUdpPort();
  const base = 30000 + Math.floor(Math.random() * 300) * 100;
  return {
    MEDIA: 'rtpengine',
    RTPENGINE_NG_PORT: String(ng),
    RTP_PORT_MIN: String(base),
    RTP_PORT_MAX: String(base + 99),
  };
}

/**
 * Media anchored on the server with real peers: a SIPp carrier plays speech (g711a.pcap, PCMA)
 * and an RFC 4733 digit (dtmf_2833_1.pcap) into the call; the agent's SIPp phone echoes what it
 * hears (-rtp_echo), so audio must cross the embedded plane both ways to be recorded on both
 * channels.
 */
describe.each(ENGINES)('a call whose media is anchored on the %s plane', (engine) => {
  let stack: CtiStack;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', await engineEnv(engine));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('records caller and agent on their own channels, detects the digit, and releases every port', async () => {
    const plane = engine === 'embedded' ? (stack.app.media as EmbeddedMediaPlane) : undefined;
    const portsBefore = plane?.ports.allocated;
    const phone = await startAgentPhone(stack, '1009', 'answer', { rtpEcho: true, timeoutSeconds: 40 });
    const carrier = await runSipp({
      scenarioFile: scenario('carrier-call-audio.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000111' },
      timeoutSeconds: 40,
    });
    const [c] = await Promise.all([carrier.done, expectPhoneDone(phone)]);
    expect(c.code, c.output).toBe(0);

    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({
        where: { ani: '+8613900000111', endedAt: { not: null } },
        include: { events: true },
      }),
    );
    expect(row.endedBy).toBe('caller');
    expect(row.events).toContainEqual(
      expect.objectContaining({
        type: 'dtmf',
        data: expect.objectContaining({ leg: 'caller', digit: '1', source: 'rfc4733' }),
      }),
    );

    expect(row.recordingRef).toMatch(/\.wav$/);
    // The WAV is finalised when the media session closes, just after the call record.
    const wav = await eventually(async () => {
      try {
        return readWav(await readFile(row.recordingRef!));
      } catch {
        return null;
      }
    });
    expect(wav.channels).toBe(2);
    expect(wav.sampleRate).toBe(8000);
    const caller = channelOf(wav, 0);
    const agent = channelOf(wav, 1);
    // 6.4 s of speech were played; the recording spans the whole conversation.
    expect(caller.length / 8000).toBeGreaterThan(6);
    expect(rms(caller)).toBeGreaterThan(300);
    // The phone echoed the caller's audio back: the agent channel carries it too.
    expect(rms(agent)).toBeGreaterThan(300);

    if (plane) {
      await eventually(async () => plane.sessionCount === 0);
      expect(plane.ports.allocated).toBe(portsBefore);
    }
  }, 60_000);
});
