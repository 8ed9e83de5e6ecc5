// Takes the README's screenshots of the marketing workspace: the demo centre in a fresh SQLite
// database (HTTP server only), mkt1 in a real Chromium, in English and zh-CN — the script
// designer on the sales script with a node selected, the cross-sell rule editor with its live
// matching count, the experiments list, the conversion dashboard and the customer analytics.
// Usage: pnpm exec tsx e2e/marketing-screenshots.ts ../docs/screenshots
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, openDatabase, seedDemo } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { launchConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

const out = path.resolve(process.argv[2] ?? '.');
const dir = mkdtempSync(path.join(tmpdir(), 'kefu-shots-'));
const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
await migrate(target);
const db = await openDatabase(target);
await seedDemo(db, { customers: 60 });
const config = loadConfig({ DATA_DIR: dir, TOKEN_SECRET: 'screenshots', UI_DIST: ensureConsoleBuilt() });
const app = await buildApp({ config, db, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

for (const locale of ['en', 'zh-CN'] as const) {
  const browser = await launchConsoleBrowser(locale === 'en' ? 'en-US' : 'zh-CN');
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(url);
  await page.getByTestId('login-username').fill('mkt1');
  await page.getByTestId('login-password').fill('demo-mkt1');
  await page.getByTestId('login-submit').click();
  await page.getByRole('navigation').first().waitFor();
  const shot = async (name: string, fullPage = true) => {
    await page.waitForTimeout(1500);
    const file = path.join(out, `marketing-${name}-${locale}.png`);
    await page.screenshot({ path: file, fullPage });
    console.log(`saved ${file}`);
  };

  await page.goto(`${url}/marketing/scripts/sales-inbound`);
  await page.getByTestId('script-node-purpose').click();
  await shot('designer', false);
  await page.goto(`${url}/marketing/rules`);
  await page.getByRole('button', { name: locale === 'en' ? 'New rule' : '新建规则' }).click();
  await shot('rules', false);
  await page.goto(`${url}/marketing/experiments`);
  await shot('experiments');
  await page.goto(`${url}/marketing/conversion`);
  await shot('conversion');
  await page.goto(`${url}/marketing/customers`);
  await shot('customers');
  await browser.close();
}
await app.close();
await db.$disconnect();
process.exit(0);
