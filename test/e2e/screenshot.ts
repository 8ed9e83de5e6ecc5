// Takes the README screenshot: the console in a real Chromium against a running server.
// Usage: KEFU_URL=http://localhost:8080 pnpm exec tsx e2e/screenshot.ts ../docs/screenshot.png
import { launchConsoleBrowser } from './browser.js';

const url = process.env.KEFU_URL ?? 'http://localhost:8080';
const out = process.argv[2] ?? 'screenshot.png';
const browser = await launchConsoleBrowser('zh-CN');
const page = await browser.context.newPage();
await page.goto(url);
await page.getByTestId('login-username').fill('1001');
await page.getByTestId('login-password').fill('demo-1001');
await page.getByTestId('login-submit').click();
await page.locator('[data-testid=phone-registration][data-registration=registered]').waitFor();
await page.getByTestId('go-ready').click();
await page.locator('[data-testid=agent-state][data-state=ready]').waitFor();
await page.locator('[data-testid=go-not-ready]:not([disabled])').waitFor();
await page.screenshot({ path: out });
await browser.close();
console.log(`saved ${out}`);
