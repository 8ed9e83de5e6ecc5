// Takes the README's screenshots of the admin workspace: the demo centre in a fresh SQLite
// database, the HTTP server only (no SIP), the admin in a real Chromium, in English and zh-CN.
// Usage: pnpm exec tsx e2e/admin-screenshots.ts ../docs/screenshots
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

for (const locale of ['en', 'zh-CN'] as const) {
  const browser = await launchConsoleBrowser(locale === 'en' ? 'en-US' : 'zh-CN');
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('demo-admin');
  await page.getByTestId('login-submit').click();
  await page.getByRole('navigation').first().waitFor();
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
await app.close();
await db.$disconnect();
