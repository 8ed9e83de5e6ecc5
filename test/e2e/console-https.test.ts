import { connect } from 'node:tls';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { freeUdpPort } from '../support/free-port.js';
import { selfSignedCertificate } from '../support/tls.js';
import { runSipp, type SippRun } from '../support/sipp.js';
import { launchConsoleBrowser, logInAgent, remoteAudioPeak, type ConsoleBrowser } from './browser.js';
import { startCarrierMedia, type CarrierMedia } from './carrier-media.js';
import { ensureConsoleBuilt } from './console-build.js';

/** The agent's fake-mic beep, well above A-law silence (±8). */
const LOUD = 1000;

/**
 * A console on another machine gets the microphone only over HTTPS, so with HTTPS_KEY/HTTPS_CERT
 * kefu serves the console, the API and SIP over secure WebSocket (RFC 7118 WSS) itself, and SIP
 * over TLS (RFC 3261 §26.2) with the same certificate. Chromium (told to accept the self-signed
 * certificate) logs in over HTTPS, registers over WSS and takes a SIPp carrier's call with audio
 * both ways.
 */
describe('console over HTTPS and WSS', () => {
  let stack: CtiStack;
  let browser: ConsoleBrowser;
  let page: Page;
  let tlsPort: number;
  let carrier: SippRun | undefined;
  let media: CarrierMedia | undefined;

  beforeAll(async () => {
    const { key, cert } = selfSignedCertificate();
    tlsPort = await freeUdpPort();
    stack = await startCtiStack('sqlite', {
      UI_DIST: ensureConsoleBuilt(),
      HTTPS_KEY: key,
      HTTPS_CERT: cert,
      SIP_TLS_PORT: String(tlsPort),
    });
    browser = await launchConsoleBrowser('en-US', true);
    page = await browser.context.newPage();
  }, 60_000);
  afterAll(async () => {
    carrier?.stop();
    media?.close();
    await browser?.close();
    await stack?.close();
  });

  it('logs in over HTTPS, registers the phone over WSS and takes a call with audio', async () => {
    expect(stack.httpUrl).toMatch(/^https:/);
    await logInAgent(page, stack.httpUrl, '1002');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    const [binding] = stack.app.sip.locations.lookup('1002');
    expect(binding?.flow.protocol).toBe('WSS');
    await page.getByRole('button', { name: 'Ready', exact: true }).click();

    media = await startCarrierMedia();
    carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-call-held.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13800138000', mport: String(media.port) },
      timeoutSeconds: 60,
    });
    await page.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 15_000 });
    await page.getByLabel('Caller').filter({ hasText: '王芳' }).waitFor();
    await page.getByRole('button', { name: 'Answer', exact: true }).click();
    await page
      .locator('[data-testid=phone-call][data-phase=connected][data-media-connected=true]')
      .waitFor({ timeout: 20_000 });
    // The agent's fake microphone reaches the carrier; the carrier's tone reaches the headset.
    await eventually(async () => {
      const from = Date.now();
      await new Promise((r) => setTimeout(r, 1000));
      return media!.window(from).peak > LOUD;
    }, 15_000);
    await eventually(async () => (await remoteAudioPeak(page)) > 0.01, 15_000);

    await page.getByRole('button', { name: 'Hang up', exact: true }).click();
    const result = await carrier.done;
    expect(result.code, result.output).toBe(0);
  }, 90_000);

  it('answers SIP over TLS on SIP_TLS_PORT with the same certificate', async () => {
    const socket = connect({ host: '127.0.0.1', port: tlsPort, rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    const local = `127.0.0.1:${socket.localPort}`;
    socket.write(
      [
        `OPTIONS sip:127.0.0.1:${tlsPort};transport=tls SIP/2.0`,
        `Via: SIP/2.0/TLS ${local};branch=z9hG4bK-tls-probe`,
        'Max-Forwards: 70',
        `From: <sip:probe@${local}>;tag=probe`,
        `To: <sip:127.0.0.1:${tlsPort}>`,
        'Call-ID: tls-probe@kefu-test',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    await eventually(async () => response.includes('\r\n\r\n'), 5_000);
    socket.destroy();
    expect(response).toMatch(/^SIP\/2\.0 200 /);
    expect(response).toMatch(/Via: SIP\/2\.0\/TLS /i);
  });
});
