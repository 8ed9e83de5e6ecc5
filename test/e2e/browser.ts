// Headless Debian Chromium with a fake microphone and camera (Chromium's own test devices).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface ConsoleBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context (fresh profile dir) so the fake-media flags apply to every page. */
export async function launchConsoleBrowser(
  locale = 'en-US',
  /** Accept the test's self-signed certificate (HTTPS and WSS). */
  ignoreHTTPSErrors = false,
): Promise<ConsoleBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'kefu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    ignoreHTTPSErrors,
    viewport: { width: 1280, height: 860 },
    permissions: ['microphone'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--disable-features=WebRtcHideLocalIpsWithMdns',
      '--autoplay-policy=no-user-gesture-required',
      // Two cores shared with a server and a second browser: keep timers and audio of a page
      // running at full rate even when Chromium thinks it is in the background.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Fills the login form on the page shown and submits it (no waiting for where it lands). */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Extension / username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Opens another of the signed-in user's workspaces from the header's switcher (e.g. "Administration"). */
export async function switchWorkspace(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Workspace' })
    .getByRole('link', { name })
    .click({ timeout: 15_000 });
}

/** Logs agent `ext` in (demo password `demo-<ext>`) on the console at `url`; waits for its phone. */
export async function logInAgent(page: Page, url: string, ext: string): Promise<void> {
  await page.goto(url);
  await submitLogin(page, ext, `demo-${ext}`);
  await page.getByText('Phone registered').waitFor({ timeout: 20_000 });
}

/** Loudest sample the page's remote <audio> (data-testid=remote-audio) plays over ~1.5 s (0…1). */
export function remoteAudioPeak(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const stream = document.querySelector<HTMLAudioElement>('[data-testid=remote-audio]')?.srcObject;
    if (!(stream instanceof MediaStream)) return 0;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    let max = 0;
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 50));
      analyser.getFloatTimeDomainData(buf);
      for (const v of buf) max = Math.max(max, Math.abs(v));
    }
    await ctx.close();
    return max;
  });
}
