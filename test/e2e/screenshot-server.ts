// What the README's screenshot scripts share: the demo centre in a fresh SQLite database with the
// HTTP server only (no SIP), and a signed-in Chromium page in English or zh-CN.
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, seedDemo, type SeedOptions } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { launchConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

export type ScreenshotLocale = 'en' | 'zh-CN';
export const SCREENSHOT_LOCALES: readonly ScreenshotLocale[] = ['en', 'zh-CN'];

/** The demo centre (60 customers, and whatever else `seed` asks) served on a free port. */
export async function startDemoServer(seed: Omit<SeedOptions, 'customers'> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-shots-'));
  const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
  await migrate(target);
  const db = await openDatabase(target);
  await seedDemo(db, { ...seed, customers: 60 });
  const config = loadConfig({ DATA_DIR: dir, TOKEN_SECRET: 'screenshots', UI_DIST: ensureConsoleBuilt() });
  const app = await buildApp({ config, db, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    db,
    url,
    async close() {
      await app.close();
      await db.$disconnect();
    },
  };
}

/** A Chromium in `locale`, signed in as a demo user (password `demo-<user>`), 1440×900. */
export async function signedInPage(url: string, locale: ScreenshotLocale, username: string) {
  const browser = await launchConsoleBrowser(locale === 'en' ? 'en-US' : 'zh-CN');
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(`demo-${username}`);
  await page.getByTestId('login-submit').click();
  await page.getByRole('navigation').first().waitFor();
  return { browser, page };
}
