// Takes the README's screenshots of the admin workspace: the demo centre, the admin in a real
// Chromium, in English and zh-CN.
// Usage: pnpm exec tsx e2e/admin-screenshots.ts ../docs/screenshots
import path from 'node:path';
import { SCREENSHOT_LOCALES, signedInPage, startDemoServer } from './screenshot-server.js';

const out = path.resolve(process.argv[2] ?? '.');
const { app, db, url, close } = await startDemoServer();
// Something for the audit log to show: the sales queue's wrap-up changed.
const login = await app.inject({
  method: 'POST',
  url: '/api/auth/login',
  payload: { username: 'admin', password: 'demo-admin' },
});
const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
const sales = await db.queue.findUniqueOrThrow({ where: { name: 'sales' } });
await app.inject({
  method: 'PATCH',
  url: `/api/admin/queues/${sales.id}`,
  headers,
  payload: { wrapUpSeconds: 45 },
});

for (const locale of SCREENSHOT_LOCALES) {
  const { browser, page } = await signedInPage(url, locale, 'admin');
  for (const section of ['agents', 'queues', 'lines', 'ivr-flows', 'audit']) {
    await page.goto(`${url}/admin/${section}`);
    await page.locator('.ant-table-row').first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    const file = path.join(out, `admin-${section}-${locale}.png`);
    await page.screenshot({ path: file });
    console.log(`saved ${file}`);
  }
  await browser.close();
}
await close();
