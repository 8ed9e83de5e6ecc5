// Takes the README's screenshots of the marketing workspace: the demo centre, mkt1 in a real Chromium, in English and zh-CN — the script
// designer on the sales script with a node selected, the cross-sell rule editor with its live
// matching count, the experiments list, the conversion dashboard and the customer analytics.
// Usage: pnpm exec tsx e2e/marketing-screenshots.ts ../docs/screenshots
import path from 'node:path';
import { SCREENSHOT_LOCALES, signedInPage, startDemoServer } from './screenshot-server.js';

const out = path.resolve(process.argv[2] ?? '.');
const { url, close } = await startDemoServer();

for (const locale of SCREENSHOT_LOCALES) {
  const { browser, page } = await signedInPage(url, locale, 'mkt1');
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
await close();
process.exit(0);
