// Headless Chromium (Debian's) with the test softphone page, served from http://127.0.0.1 (a
// secure-enough origin for getUserMedia). Chromium's fake microphone plays a short beep every
// second; mDNS hiding of host candidates is off so its candidates are plain IP addresses.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export interface InboundAudio {
  packetsReceived: number;
  /** From gaps in our sequence numbers (RFC 3550 §6.4.1): 0 on loopback unless seq jumps. */
  packetsLost: number;
  audioLevel: number;
  totalAudioEnergy: number;
}

interface PagePhone {
  answer(offer: string): Promise<string>;
  offer(): Promise<string>;
  accept(answer: string): Promise<void>;
  state(): string;
  inbound(): Promise<InboundAudio>;
  dtmf(digits: string): void;
  close(): void;
}

declare global {
  interface Window {
    phone: PagePhone;
  }
}

const CHROMIUM_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class BrowserPhone {
  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly server: Server,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<BrowserPhone> {
    const html = await readFile(new URL('./webrtc-phone.html', import.meta.url));
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const profile = await mkdtemp(join(tmpdir(), 'kefu-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/`);
    return new BrowserPhone(context, page, server, profile);
  }

  answer(offer: string): Promise<string> {
    return this.page.evaluate((sdp) => window.phone.answer(sdp), offer);
  }

  offer(): Promise<string> {
    return this.page.evaluate(() => window.phone.offer());
  }

  accept(answer: string): Promise<void> {
    return this.page.evaluate((sdp) => window.phone.accept(sdp), answer);
  }

  state(): Promise<string> {
    return this.page.evaluate(() => window.phone.state());
  }

  inbound(): Promise<InboundAudio> {
    return this.page.evaluate(() => window.phone.inbound());
  }

  dtmf(digits: string): Promise<void> {
    return this.page.evaluate((d) => window.phone.dtmf(d), digits);
  }

  hangUp(): Promise<void> {
    return this.page.evaluate(() => window.phone.close());
  }

  async close(): Promise<void> {
    await this.context.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.profile, { recursive: true, force: true });
  }
}
