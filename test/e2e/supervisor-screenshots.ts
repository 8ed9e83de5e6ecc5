// Takes the README's screenshots of the supervisor workspace: the demo centre in a fresh SQLite
// database, the HTTP server only (no SIP: the ACD is driven directly, as call control would),
// a morning's worth of calls answered, abandoned and waiting (and the demo's week of past
// traffic for the reports), sup1 in a real Chromium, in English and zh-CN.
// Usage: pnpm exec tsx e2e/supervisor-screenshots.ts ../docs/screenshots
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_TRAFFIC_DAYS, migrate, openDatabase, seedDemo } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { launchConsoleBrowser } from './browser.js';
import { ensureConsoleBuilt } from './console-build.js';

const out = path.resolve(process.argv[2] ?? '.');
const dir = mkdtempSync(path.join(tmpdir(), 'kefu-shots-'));
const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
await migrate(target);
const db = await openDatabase(target);
// The week of past traffic `pnpm seed` gives a fresh install, for the reports.
await seedDemo(db, { customers: 60, trafficDays: DEMO_TRAFFIC_DAYS });
const config = loadConfig({ DATA_DIR: dir, TOKEN_SECRET: 'screenshots', UI_DIST: ensureConsoleBuilt() });
const app = await buildApp({ config, db, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

// The floor: most agents ready, a few on a break; calls answered and finished, one abandoned,
// some still talking and some waiting.
const { acd, agentDirectory } = app;
const agent = (ext: string) => agentDirectory.agents().find((a) => a.extension === ext)!.id;
const queue = (name: string) => agentDirectory.queueByName(name)!.id;
const exts = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
for (const ext of [...exts(1001, 1008), ...exts(1011, 1018)]) {
  acd.setPhoneRegistered(agent(ext), true);
  acd.setConsoleConnected(agent(ext), true);
  acd.login(agent(ext));
  acd.setReady(agent(ext));
}
for (const ext of ['1007', '1016']) acd.setNotReady(agent(ext), 'lunch');
acd.setNotReady(agent('1008'), 'training');
let n = 0;
const call = (queueName: string) => {
  const callId = `shot-${++n}`;
  acd.enqueue({ callId, queueId: queue(queueName) });
  return callId;
};
const answer = (callId: string) => {
  if (!acd.callAgent(callId)) return false;
  acd.ringing(callId);
  return acd.answer(callId);
};
for (let round = 0; round < 3; round++) {
  const batch = [
    ...Array.from({ length: 5 }, () => call('sales')),
    ...Array.from({ length: 5 }, () => call('service')),
  ];
  await sleep(300);
  for (const id of batch) answer(id);
  await sleep(700);
  for (const id of batch) acd.finish(id);
  for (const ext of [...exts(1001, 1006), ...exts(1011, 1015), ...exts(1017, 1018)]) acd.setReady(agent(ext));
}
acd.abandon(call('sales'));
for (let i = 0; i < 4; i++) answer(call('sales'));
for (let i = 0; i < 3; i++) answer(call('service'));
// Everyone ready is busy now: the next calls wait.
for (let i = 0; i < 3; i++) call('sales');
call('service');
await sleep(1500);

for (const locale of ['en', 'zh-CN'] as const) {
  const browser = await launchConsoleBrowser(locale === 'en' ? 'en-US' : 'zh-CN');
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(url);
  await page.getByTestId('login-username').fill('sup1');
  await page.getByTestId('login-password').fill('demo-sup1');
  await page.getByTestId('login-submit').click();
  await page.getByRole('navigation').first().waitFor();
  for (const section of [
    'wallboard',
    'agents',
    'calls',
    'alerts',
    'reports/queues',
    'reports/agents',
    'reports/lines',
  ]) {
    await page.goto(`${url}/supervisor/${section}`);
    await page.waitForTimeout(2500);
    // The stuck customers' notice (the demo's prospects) would cover the page.
    for (const close of await page.locator('.ant-notification-notice-close').all())
      await close.click().catch(() => {});
    await page.waitForTimeout(500);
    const file = path.join(out, `supervisor-${section.replace('/', '-')}-${locale}.png`);
    await page.screenshot({ path: file, fullPage: section !== 'wallboard' });
    console.log(`saved ${file}`);
  }
  await browser.close();
}
await app.close();
await db.$disconnect();
process.exit(0);
