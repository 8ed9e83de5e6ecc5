// Takes the README's screenshots of the supervisor workspace: the demo centre in a fresh SQLite
// database, the HTTP server only (no SIP: the ACD is driven directly, as call control would),
// a morning's worth of calls answered, abandoned and waiting (and the demo's week of past
// traffic for the reports), sup1 in a real Chromium, in English and zh-CN.
// Usage: pnpm exec tsx e2e/supervisor-screenshots.ts ../docs/screenshots
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_TRAFFIC_DAYS } from '@kefu/db';
import { SCREENSHOT_LOCALES, signedInPage, startDemoServer } from './screenshot-server.js';

const out = path.resolve(process.argv[2] ?? '.');
// The week of past traffic `pnpm seed` gives a fresh install, for the reports.
const { app, url, close } = await startDemoServer({ trafficDays: DEMO_TRAFFIC_DAYS });

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

for (const locale of SCREENSHOT_LOCALES) {
  const { browser, page } = await signedInPage(url, locale, 'sup1');
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
await close();
process.exit(0);
