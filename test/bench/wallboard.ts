// Wallboard latency (issue 15): an ACD event → the supervisor's wallboard painting it.
// The real HTTP server with the built web app and the demo centre grown to 200 agents, 50 calls
// in flight (answered, talking), sup1's wallboard open in headless Chromium. Each sample is one
// ACD event — a call entering or leaving the complaints queue, where nobody is ready — timed from
// just before the ACD takes it to the next animation frame after the queue's "waiting" cell
// changed in the page (a MutationObserver, then requestAnimationFrame: the frame that shows it).
// Both ends read this machine's clock. SIP is off: the ACD is driven as call control drives it.
// Run: pnpm bench:wallboard [events=300]
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrate, openDatabase, seedDemo } from '@kefu/db';
import { buildApp } from '@kefu/cti-server/app';
import { loadConfig } from '@kefu/cti-server/config';
import { launchConsoleBrowser } from '../e2e/browser.js';
import { ensureConsoleBuilt } from '../e2e/console-build.js';
import { percentile } from './stats.js';

const EVENTS = Number(process.argv[2] ?? 300);
const AGENTS = 200;
const CALLS_IN_FLIGHT = 50;
const TARGET_P95_MS = 250;
/** The queue the samples change: its agents stay not ready, so every call there waits. */
const QUEUE = 'complaints';

const dir = mkdtempSync(path.join(tmpdir(), 'kefu-bench-wallboard-'));
const target = { provider: 'sqlite' as const, location: path.join(dir, 'kefu.db') };
await migrate(target);
const db = await openDatabase(target);
await seedDemo(db, { customers: 60 });

// Grow the demo's 20 agents to 200: the same teams and skills as the demo's agents, in turn.
const demoAgents = await db.agent.findMany({
  where: { user: { roles: { some: { role: 'agent' } } } },
  include: { skills: true },
});
const realm = demoAgents[0]!.sipRealm;
for (let i = demoAgents.length; i < AGENTS; i++) {
  const like = demoAgents[i % demoAgents.length]!;
  const extension = String(3000 + i);
  await db.user.create({
    data: {
      username: extension,
      displayName: `Bench ${extension}`,
      role: 'agent',
      roles: { create: [{ role: 'agent' }] },
      passwordHash: 'bench: no login',
      agent: {
        create: {
          extension,
          team: like.team,
          sipRealm: realm,
          sipHa1Md5: like.sipHa1Md5,
          sipHa1Sha256: like.sipHa1Sha256,
          skills: { create: like.skills.map((s) => ({ skillId: s.skillId, proficiency: s.proficiency })) },
        },
      },
    },
  });
}

const config = loadConfig({ DATA_DIR: dir, TOKEN_SECRET: 'bench', UI_DIST: ensureConsoleBuilt() });
const app = await buildApp({ config, db, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const { acd, agentDirectory } = app;
const queueId = (name: string) => agentDirectory.queueByName(name)!.id;
const complaints = queueId(QUEUE);
const complaintSkills = new Set(
  (
    await db.queue.findUniqueOrThrow({
      where: { id: complaints },
      include: { skills: { include: { skill: true } } },
    })
  ).skills.map((s) => s.skill.name),
);

// Everyone logs in; those who could serve complaints take a break, the rest are ready.
const agents = agentDirectory.agents().filter((a) => a.skills.some((s) => s.kind === 'skill'));
for (const a of agents) {
  acd.setPhoneRegistered(a.id, true);
  acd.setConsoleConnected(a.id, true);
  acd.login(a.id);
  if (a.skills.some((s) => complaintSkills.has(s.name))) acd.setNotReady(a.id, 'training');
  else acd.setReady(a.id);
}
// 50 calls answered and talking, spread over the other queues.
const others = agentDirectory
  .queues()
  .map((q) => q.name)
  .filter((n) => n !== QUEUE);
let inFlight = 0;
for (let i = 0; inFlight < CALLS_IN_FLIGHT && i < CALLS_IN_FLIGHT * 4; i++) {
  const callId = `flight-${i}`;
  acd.enqueue({ callId, queueId: queueId(others[i % others.length]!) });
  if (acd.callAgent(callId) && acd.ringing(callId) && acd.answer(callId)) inFlight++;
  else acd.abandon(callId);
}

const browser = await launchConsoleBrowser('en-US');
const page = await browser.context.newPage();
await page.goto(url);
await page.getByTestId('login-username').fill('sup1');
await page.getByTestId('login-password').fill('demo-sup1');
await page.getByTestId('login-submit').click();
const card = `[data-testid=queue-card][data-queue="${QUEUE}"]`;
await page.locator(`${card} [data-testid=waiting]`).waitFor({ timeout: 30_000 });

// In the page: each change of the card's waiting count, stamped at the next frame. A string, not
// a function: the TypeScript runner would wrap a function's inner functions in a helper the
// page does not have.
await page.evaluate(`(() => {
  window.kefuPaints = [];
  const root = document.querySelector(${JSON.stringify(card)});
  const read = () => root.querySelector('[data-testid=waiting]')?.textContent ?? '';
  let last = read();
  new MutationObserver(() => {
    const text = read();
    if (text === last) return;
    last = text;
    requestAnimationFrame(() => window.kefuPaints.push({ text, at: performance.timeOrigin + performance.now() }));
  }).observe(root, { subtree: true, childList: true, characterData: true });
})()`);

const paints = () =>
  page.evaluate(
    () => (window as unknown as { kefuPaints: Array<{ text: string; at: number }> }).kefuPaints.length,
  );
const paintAt = (i: number) =>
  page.evaluate(
    (n) => (window as unknown as { kefuPaints: Array<{ text: string; at: number }> }).kefuPaints[n]!,
    i,
  );

const samples: number[] = [];
let missed = 0;
const waiting: string[] = [];
for (let i = 0; i < EVENTS; i++) {
  const before = await paints();
  // Up to 5 callers wait, then they leave one by one: every event moves the count by one.
  const leave = waiting.length >= 5 || (waiting.length > 0 && i % 10 >= 5);
  const sentAt = Date.now();
  if (leave) acd.abandon(waiting.shift()!);
  else {
    const callId = `bench-${i}`;
    waiting.push(callId);
    acd.enqueue({ callId, queueId: complaints });
  }
  try {
    await page.waitForFunction(
      (n) => (window as unknown as { kefuPaints: unknown[] }).kefuPaints.length > n,
      before,
      { timeout: 5_000, polling: 'raf' },
    );
    samples.push((await paintAt(before)).at - sentAt);
  } catch {
    missed++;
  }
  await sleep(20);
}

const sorted = [...samples].sort((a, b) => a - b);
const f = (n: number) => `${n.toFixed(1)} ms`;
const states = agentDirectory
  .agents()
  .map((a) => acd.agentStatus(a.id))
  .reduce<Record<string, number>>((m, s) => ({ ...m, [s ?? '?']: (m[s ?? '?'] ?? 0) + 1 }), {});
console.log(`wallboard: ${agents.length} agents (${JSON.stringify(states)}), ${inFlight} calls in flight`);
console.log(`events: ${EVENTS}, painted: ${samples.length}, missed (no paint within 5 s): ${missed}`);
console.log(
  `ACD event → wallboard painted: p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  ` +
    `p99 ${f(percentile(sorted, 99))}  max ${f(sorted.at(-1) ?? NaN)}  (target p95 < ${TARGET_P95_MS} ms: ` +
    `${percentile(sorted, 95) < TARGET_P95_MS ? 'met' : 'NOT met'})`,
);
await browser.close();
// Exit without waiting for the server's close: this process is done either way.
process.exit(0);
