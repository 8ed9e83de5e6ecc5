// Takes the README screenshot: the console in a real Chromium against a running server.
// Usage: KEFU_URL=http://localhost:8080 pnpm exec tsx e2e/screenshot.ts ../docs/screenshot.png
import { chromium } from 'playwright-core';

const url = process.env.KEFU_URL ?? 'http://localhost:8080';
const out = process.argv[2] ?? 'screenshot.png';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 900, height: 520 }, locale: 'zh-CN' });
await page.goto(url);
await page.getByLabel(/工号|Extension/).fill('1001');
await page.getByLabel(/密码|Password/).fill('demo-1001');
await page.getByRole('button', { name: /登录|Sign in/ }).click();
await page.getByLabel(/按电话查找客户|Find a customer/).fill('13800138000');
await page.getByRole('button', { name: /查找|Search/ }).click();
await page.getByText('王芳').waitFor();
await page.screenshot({ path: out });
await browser.close();
console.log(`saved ${out}`);
