import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startCtiStack, eventually, type CtiStack } from '../support/cti-stack.js';
import { runSipp, type SippRun } from '../support/sipp.js';
import { launchConsoleBrowser, type ConsoleBrowser, logInAgent } from './browser.js';
import { startCarrierMedia, type CarrierMedia } from './carrier-media.js';
import { ensureConsoleBuilt } from './console-build.js';

declare global {
  interface Window {
    /** Desktop notifications the page created (the real constructor still runs). */
    kefuNotifications?: { title: string; body: string; tag: string; closed: boolean }[];
    /** The tab goes to the background (or comes back). */
    kefuSetHidden?: (hidden: boolean) => void;
  }
}

/**
 * Agents keep the console in a background tab while they work in others. A call ringing there
 * must reach them: a desktop notification with the caller (clicking it brings the console
 * forward), the ring in the tab's title, and the phone still ringing and answerable.
 *
 * Emulated here: headless Chromium keeps every tab visible and focused (switching tabs or
 * minimising changes neither), so the test makes the page report `visibilityState` "hidden"
 * and no focus, as a background tab does, and fires `visibilitychange`. Everything else (SIP,
 * WebRTC, notifications) is the real browser's.
 */
describe('console in a background tab', () => {
  let stack: CtiStack;
  let browser: ConsoleBrowser;
  let consolePage: Page;
  let carrier: SippRun | undefined;
  let media: CarrierMedia | undefined;

  beforeAll(async () => {
    stack = await startCtiStack('sqlite', { UI_DIST: ensureConsoleBuilt() });
    browser = await launchConsoleBrowser('en-US');
    await browser.context.grantPermissions(['microphone', 'notifications'], { origin: stack.httpUrl });
    consolePage = await browser.context.newPage();
    await consolePage.addInitScript(() => {
      const Real = window.Notification;
      const seen: NonNullable<Window['kefuNotifications']> = [];
      window.kefuNotifications = seen;
      class Spy extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          const entry = { title, body: options?.body ?? '', tag: options?.tag ?? '', closed: false };
          seen.push(entry);
          const close = this.close.bind(this);
          this.close = () => {
            entry.closed = true;
            close();
          };
        }
      }
      window.Notification = Spy as typeof Notification;

      let hidden = false;
      Object.defineProperty(Document.prototype, 'visibilityState', {
        configurable: true,
        get: () => (hidden ? 'hidden' : 'visible'),
      });
      Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
      Document.prototype.hasFocus = () => !hidden;
      window.kefuSetHidden = (h) => {
        hidden = h;
        document.dispatchEvent(new Event('visibilitychange'));
      };
    });
  }, 60_000);
  afterAll(async () => {
    carrier?.stop();
    media?.close();
    await browser?.close();
    await stack?.close();
  });

  it('notifies with the caller, rings in the title, and answers once brought forward', async () => {
    await logInAgent(consolePage, stack.httpUrl, '1002');
    await consolePage.getByRole('button', { name: 'Ready', exact: true }).click();
    const title = await consolePage.title();

    // The agent goes to another tab: the console is hidden.
    await consolePage.evaluate(() => window.kefuSetHidden?.(true));
    expect(await consolePage.evaluate(() => document.visibilityState)).toBe('hidden');

    media = await startCarrierMedia();
    carrier = await runSipp({
      scenarioFile: path.join(import.meta.dirname, 'sipp', 'carrier-call-held.xml'),
      target: `127.0.0.1:${stack.sipPort}`,
      service: '4008003000',
      vars: { ani: '13800138000', mport: String(media.port) },
      timeoutSeconds: 60,
    });
    await consolePage.locator('[data-testid=phone-call][data-phase=ringing]').waitFor({ timeout: 15_000 });
    // The VIP's name from the screen pop, once it arrives (the number may come first).
    const shown = await eventually(async () => {
      const list = await consolePage.evaluate(() => window.kefuNotifications ?? []);
      return list.find((n) => !n.closed && n.body.includes('王芳'));
    });
    expect(shown.title).toBe('Incoming call');
    expect(await consolePage.title()).toContain('王芳');

    // Clicking it (here: the agent switching back) and answering; the alert goes away.
    await consolePage.evaluate(() => window.kefuSetHidden?.(false));
    await consolePage.getByRole('button', { name: 'Answer', exact: true }).click();
    await consolePage
      .locator('[data-testid=phone-call][data-phase=connected][data-media-connected=true]')
      .waitFor({ timeout: 20_000 });
    await eventually(async () => (await consolePage.title()) === title);
    const after = await consolePage.evaluate(() => window.kefuNotifications ?? []);
    expect(after.every((n) => n.closed)).toBe(true);

    await consolePage.getByRole('button', { name: 'Hang up', exact: true }).click();
    const result = await carrier.done;
    expect(result.code, result.output).toBe(0);
  }, 90_000);
});
