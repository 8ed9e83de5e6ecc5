import { rms } from '../support/audio.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { channelOf, readWav } from '@kefu/cti-server/rtp/wav';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { freeUdpPort } from '../support/free-port.js';
import { runSipp } from '../support/sipp.js';
import { launchConsoleBrowser, remoteAudioPeak, type ConsoleBrowser, logInAgent } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

/**
 * The console's sip.js phone in Chromium answering a SIPp carrier call with the server on
 * MEDIA=rtpengine (Debian's daemon, spawned by the server): WebRTC (DTLS-SRTP) on the agent
 * side, plain RTP on the carrier side, bridged by rtpengine. Audio both ways: the browser hears
 * the carrier's speech, and the call recording's agent channel carries the browser's fake mic.
 */
describe('agent console on the rtpengine media engine', () => {
  let stack: CtiStack;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    const ng = await freeUdpPort();
    const base = 30000 + Math.floor(Math.random() * 300) * 100;
    stack = await startCtiStack('sqlite', {
      UI_DIST: ensureConsoleBuilt(),
      MEDIA: 'rtpengine',
      RTPENGINE_NG_PORT: String(ng),
      RTP_PORT_MIN: String(base),
      RTP_PORT_MAX: String(base + 99),
    });
    browser = await launchConsoleBrowser('en-US');
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('answers a carrier call in the browser with audio flowing both ways', async () => {
    await logInAgent(page, stack.httpUrl, '1004');
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await page.locator('[data-testid=agent-state][data-state=ready]').waitFor();

    const carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-call-audio.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13900000401' },
      timeoutSeconds: 60,
    });
    await page.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await page.locator('[data-testid=phone-call][data-media-connected=true]').waitFor({ timeout: 10_000 });

    const peak = await remoteAudioPeak(page);
    expect(peak).toBeGreaterThan(0.01);

    const result = await carrier.done;
    expect(result.code, result.output).toBe(0);
    const row = await eventually(() =>
      stack.tdb.db.interaction.findFirst({ where: { ani: '+8613900000401', endedAt: { not: null } } }),
    );
    expect(row.recordingRef).toBeTruthy();
    const wav = await eventually(async () => {
      try {
        return readWav(await readFile(row.recordingRef!));
      } catch {
        return null;
      }
    });
    expect(rms(channelOf(wav, 0))).toBeGreaterThan(300);
    // Chromium's fake microphone beeps: the agent channel is not silence.
    expect(rms(channelOf(wav, 1))).toBeGreaterThan(100);
  }, 90_000);
});
